/** What went wrong, in terms every protocol has a spelling for. */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'server'
  | 'overloaded'
  | 'timeout';

/** An error that the companion or the extension answers in the caller's own protocol. */
export class ProtocolError extends Error {
  constructor(
    readonly status: number,
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export function invalidRequest(message: string): ProtocolError {
  return new ProtocolError(400, 'invalid_request', message);
}
