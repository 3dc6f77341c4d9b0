import type { CanonicalRequest } from '../protocols/canonical/request.js';
import { cacheKeys, type CacheKeys } from './request-keys.js';

/**
 * What the cache reads of a request: its keys, and the model and sampling that decide what
 * may serve it. Computed where the request is (the whole conversation never has to travel to
 * wherever the cache runs).
 */
export interface CacheQuery {
  keys: CacheKeys;
  model: string;
  sampling: CanonicalRequest['sampling'];
}

export async function cacheQuery(request: CanonicalRequest): Promise<CacheQuery> {
  return { keys: await cacheKeys(request), model: request.model, sampling: request.sampling };
}
