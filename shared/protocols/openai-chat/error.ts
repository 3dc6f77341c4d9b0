import type { ErrorKind, ProtocolError } from '../errors.js';

const TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  server: 'server_error',
  overloaded: 'server_error',
  timeout: 'timeout_error',
};

/** The `{"error": {...}}` body that OpenAI and OpenAI-compatible hosts answer with. */
export function renderOpenAiError(error: ProtocolError): unknown {
  return { error: { message: error.message, type: TYPES[error.kind], param: null, code: null } };
}
