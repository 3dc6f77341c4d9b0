import { createHash } from 'node:crypto';
import type { CompanionConfig } from '../config.js';
import { loadNodeEmbedder } from '../embedding/node-embedder.js';
import { CacheStore } from '../store/cache-store.js';
import { ResponseCache } from '../../shared/cache/response-cache.js';

/** Calls that name no namespace share one per local token; the name reveals nothing of the token. */
export function tokenNamespace(localToken: string): string {
  return `token-${createHash('sha256').update(localToken).digest('hex').slice(0, 12)}`;
}

/** The companion's cache in its home, with the default embedding model; undefined when turned off. */
export function openResponseCache(config: CompanionConfig, localToken: string): ResponseCache | undefined {
  if (!config.cache.enabled) return undefined;
  return new ResponseCache(new CacheStore(config.home), loadNodeEmbedder, { ...config.cache, defaultNamespace: tokenNamespace(localToken) });
}
