import type { FastifyInstance } from 'fastify';
import type { ResponseCache } from '../shared/cache/response-cache.js';
import { openResponseCache } from './cache/open-cache.js';
import type { CompanionState } from './commands/open-companion.js';
import { openRouter } from './routing/open-router.js';
import type { Router } from './routing/router.js';
import { buildCompanion } from './server.js';

export interface CompanionApp {
  app: FastifyInstance;
  cache: ResponseCache | undefined;
  router: Router;
}

/** The companion's app on its stores: the cache (its index loaded), the router, and the HTTP routes. */
export async function openCompanionApp(state: CompanionState, options: { log?: boolean } = {}): Promise<CompanionApp> {
  const cache = openResponseCache(state.config, state, state.localToken);
  await cache?.loaded();
  const router = openRouter(state.config, cache, state.conversations);
  const app = buildCompanion({ ...state, cache, router, log: options.log === true });
  return { app, cache, router };
}
