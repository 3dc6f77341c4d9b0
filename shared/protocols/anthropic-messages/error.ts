import type { ErrorKind, ProtocolError } from '../errors.js';

const TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  server: 'api_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
};

export function anthropicErrorType(kind: ErrorKind): string {
  return TYPES[kind];
}

export function renderAnthropicError(error: ProtocolError): unknown {
  return { type: 'error', error: { type: TYPES[error.kind], message: error.message } };
}
