import { createHash } from 'node:crypto';
import type { CompanionConfig } from '../config.js';
import { loadNodeEmbedder } from '../embedding/node-embedder.js';
import { ResponseCache } from '../../shared/cache/response-cache.js';
import type { CompanionStores } from '../store/open-stores.js';

/** Calls that name no namespace share one per local token; the name reveals nothing of the token. */
export function tokenNamespace(localToken: string): string {
  return `token-${createHash('sha256').update(localToken).digest('hex').slice(0, 12)}`;
}

/** Where a team's calls that name no namespace go: one, shared by every member and companion. */
export const TEAM_NAMESPACE = 'team';

/** The companion's cache on its stores, with the default embedding model; undefined when turned off. */
export function openResponseCache(config: CompanionConfig, stores: Pick<CompanionStores, 'cacheEntries' | 'team'>, localToken: string): ResponseCache | undefined {
  if (!config.cache.enabled) return undefined;
  const defaultNamespace = stores.team ? TEAM_NAMESPACE : tokenNamespace(localToken);
  return new ResponseCache(stores.cacheEntries(), loadNodeEmbedder, { ...config.cache, defaultNamespace });
}
