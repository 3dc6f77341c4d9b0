import type { ErrorKind, ProtocolError } from '../errors.js';

const STATUSES: Record<ErrorKind, string> = {
  invalid_request: 'INVALID_ARGUMENT',
  authentication: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  request_too_large: 'INVALID_ARGUMENT',
  rate_limit: 'RESOURCE_EXHAUSTED',
  server: 'INTERNAL',
  overloaded: 'UNAVAILABLE',
  timeout: 'DEADLINE_EXCEEDED',
};

export function renderGeminiError(error: ProtocolError): unknown {
  return { error: { code: error.status, message: error.message, status: STATUSES[error.kind] } };
}
