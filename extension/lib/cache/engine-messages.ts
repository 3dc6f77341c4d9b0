import type { CanonicalAnswer } from '../../../shared/protocols/canonical/answer.js';
import type { CacheDirectives } from '../../../shared/cache/cache-directives.js';
import type { CacheQuery } from '../../../shared/cache/cache-query.js';
import type { CacheStatus } from '../../../shared/companion-contract.js';
import type { LeoSettings } from '../settings/settings.js';

/** What the background, popup and Options ask the cache engine in the offscreen document. */
export const CACHE_ENGINE = 'leo-optima/cache-engine';

/** Where a model's loading stands, for the progress bars: `loaded` of `total` (files or bytes; only the ratio counts). */
export interface ModelProgress {
  model: string;
  loaded: number;
  total: number;
  ready: boolean;
  /** Once ready: how long loading took, from the first request for the model. */
  loadMs?: number;
}

/** The settings a lookup applies; the caller has them already, so the engine need not read them again. */
export type EngineSettings = Pick<LeoSettings, 'strictness' | 'embeddingModel' | 'modelHost' | 'cacheMaxTemperature'>;

export type EngineRequest =
  /** The query, not the request: a conversation of megabytes is hashed where it was parsed and never crosses to the engine. */
  | { target: typeof CACHE_ENGINE; type: 'lookup'; callId: string; query: CacheQuery; directives: CacheDirectives; settings: EngineSettings }
  /** Ends a miss: its answer to store, or none (an error, a cut or aborted call); identical calls waiting for it go on either way. */
  | { target: typeof CACHE_ENGINE; type: 'settle'; callId: string; answer?: CanonicalAnswer }
  | { target: typeof CACHE_ENGINE; type: 'status' };

export interface EngineLookup {
  status: CacheStatus;
  answer?: CanonicalAnswer;
  /** The entry that answered a hit. */
  entryId?: number;
  /** On a semantic hit: how close the prompt was to the entry's. */
  cosine?: number;
  reasons: string[];
}

export interface EngineStatus {
  model: ModelProgress | undefined;
  indexedEntries: number;
  /** Median time of the model's recent runs, per text; undefined before the first. */
  embedMsPerText?: number;
  error?: string;
}
