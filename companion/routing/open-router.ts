import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TIERS } from '../../shared/routing/tiers.js';
import type { CompanionConfig } from '../config.js';
import { loadNodeEmbedder } from '../embedding/node-embedder.js';
import type { ResponseCache } from '../../shared/cache/response-cache.js';
import { Router } from './router.js';
import type { ConversationMemory } from './conversation-tiers.js';

/** The built-in tiers, with `<home>/routing.json` `{"tiers": {"heavy-model": "lighter-model"}}` on top. */
export function loadTiers(home: string): Record<string, string> {
  const file = join(home, 'routing.json');
  if (!existsSync(file)) return { ...DEFAULT_TIERS };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const tiers = (parsed as { tiers?: unknown }).tiers;
  if (typeof tiers !== 'object' || tiers === null || Array.isArray(tiers) || !Object.values(tiers).every((v) => typeof v === 'string')) {
    throw new Error(`${file} must look like {"tiers": {"heavy-model": "lighter-model"}}.`);
  }
  return { ...DEFAULT_TIERS, ...(tiers as Record<string, string>) };
}

/** The companion's router, judging novelty against what its cache has seen, remembering conversations in the companion's store. */
export function openRouter(config: CompanionConfig, cache: ResponseCache | undefined, conversations: ConversationMemory): Router {
  return new Router({ ...config.routing, tiers: loadTiers(config.home) }, conversations, loadNodeEmbedder, (v) => cache?.nearestCachedPrompt(v));
}
