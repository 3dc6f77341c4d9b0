import type { FastifyReply } from 'fastify';
import type { CanonicalAnswer } from '../../shared/protocols/canonical/answer.js';
import type { CanonicalRequest } from '../../shared/protocols/canonical/request.js';
import type { ProtocolAdapter } from '../../shared/protocols/adapter.js';
import { CACHE_STATUS_HEADER, type CacheStatus } from '../../shared/companion-contract.js';

/** Answers from the cache in the caller's protocol: one JSON body, or the whole SSE stream at once. */
export function replyFromCache(reply: FastifyReply, adapter: ProtocolAdapter, request: CanonicalRequest, answer: CanonicalAnswer, status: CacheStatus): FastifyReply {
  reply.code(200).header(CACHE_STATUS_HEADER, status);
  if (request.stream) {
    return reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-cache').send(adapter.renderSse(answer, request).join(''));
  }
  return reply.header('content-type', 'application/json').send(JSON.stringify(adapter.renderJson(answer, request)));
}
