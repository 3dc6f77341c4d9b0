import type { FastifyReply } from 'fastify';
import type { CanonicalAnswer } from '../../shared/protocols/canonical/answer.js';
import type { CanonicalRequest } from '../../shared/protocols/canonical/request.js';
import type { ProtocolAdapter } from '../../shared/protocols/adapter.js';
import type { CacheStatus } from '../../shared/companion-contract.js';
import { cachedReply } from '../../shared/cache/cached-reply.js';

/** Answers from the cache in the caller's protocol: one JSON body, or the whole SSE stream at once. */
export function replyFromCache(reply: FastifyReply, adapter: ProtocolAdapter, request: CanonicalRequest, answer: CanonicalAnswer, status: CacheStatus): FastifyReply {
  const { headers, parts } = cachedReply(adapter, request, answer, status);
  return reply.code(200).headers(headers).send(parts.join(''));
}
