import type { ProtocolAdapter } from '../../shared/protocols/adapter.js';
import { ProtocolError } from '../../shared/protocols/errors.js';
import { openAiChat } from '../../shared/protocols/openai-chat/index.js';
import { recogniseCall } from '../../shared/protocols/registry.js';

/** The adapter whose error format a caller of this path understands; OpenAI's for everything else. */
export function errorAdapterFor(url: string): ProtocolAdapter {
  return recogniseCall(new URL(url, 'http://127.0.0.1'), 'POST')?.adapter ?? openAiChat;
}

/** Maps fastify's and Node's own errors to the protocol errors every caller can read. */
export function asProtocolError(err: unknown): ProtocolError {
  if (err instanceof ProtocolError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ProtocolError(413, 'request_too_large', 'The request body is larger than the companion accepts (LEO_BODY_LIMIT_BYTES).');
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new ProtocolError(400, 'invalid_request', e.message ?? 'Bad request body.');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new ProtocolError(e.statusCode, 'invalid_request', e.message ?? 'Bad request.');
  }
  return new ProtocolError(500, 'server', 'The LEO Optima companion failed to handle this request.');
}
