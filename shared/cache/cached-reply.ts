import type { ProtocolAdapter } from '../protocols/adapter.js';
import type { CanonicalAnswer } from '../protocols/canonical/answer.js';
import type { CanonicalRequest } from '../protocols/canonical/request.js';
import { CACHE_STATUS_HEADER, ROUTE_HEADER, type CacheStatus } from '../companion-contract.js';
import { modelFamily } from './model-family.js';

/** A cached answer as the caller's protocol delivers it: one JSON body, or the SSE frames of a stream. */
export interface CachedReply {
  headers: Record<string, string>;
  /** One element for JSON; one SSE frame each for a stream. */
  parts: string[];
}

/** A cached answer from another model (one a router chose): the caller is told, as on the routed call itself. */
function routeHeader(request: CanonicalRequest, answer: CanonicalAnswer): Record<string, string> {
  return answer.model && modelFamily(answer.model) !== modelFamily(request.model) ? { [ROUTE_HEADER]: `${request.model} -> ${answer.model}` } : {};
}

export function cachedReply(adapter: ProtocolAdapter, request: CanonicalRequest, answer: CanonicalAnswer, status: CacheStatus): CachedReply {
  if (request.stream) {
    return {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', [CACHE_STATUS_HEADER]: status, ...routeHeader(request, answer) },
      parts: adapter.renderSse(answer, request),
    };
  }
  return {
    headers: { 'content-type': 'application/json', [CACHE_STATUS_HEADER]: status, ...routeHeader(request, answer) },
    parts: [JSON.stringify(adapter.renderJson(answer, request))],
  };
}
