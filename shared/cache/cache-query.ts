import { transcriptOf, type Transcript } from './transcript.js';
import type { CanonicalRequest } from '../protocols/canonical/request.js';
import { cacheKeys, type CacheKeys } from './request-keys.js';
import { whyNotCacheable } from './cacheability.js';

/**
 * What the cache reads of a request: its keys, the model that decides what may serve it, and
 * whether it may be cached at all. Computed where the request is (the whole conversation
 * never has to travel to wherever the cache runs).
 */
export interface CacheQuery {
  keys: CacheKeys;
  model: string;
  /** The sampling temperature the caller set, for the cache's temperature limit. */
  temperature?: number;
  /** Why the request may neither be served from the cache nor stored in it. */
  bypass?: string;
  /** Who made the call and the conversation it answers, kept with the entry for `leo cache export --format`. */
  site?: string;
  transcript?: Transcript;
}

export async function cacheQuery(request: CanonicalRequest, site?: string): Promise<CacheQuery> {
  const bypass = whyNotCacheable(request);
  const { temperature } = request.sampling;
  return {
    keys: await cacheKeys(request),
    model: request.model,
    ...(temperature !== undefined ? { temperature } : {}),
    ...(bypass ? { bypass } : {}),
    ...(site !== undefined ? { site, transcript: transcriptOf(request) } : {}),
  };
}
