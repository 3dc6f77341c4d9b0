import type { CanonicalAnswer } from '../../shared/protocols/canonical/answer.js';
import type { CanonicalRequest } from '../../shared/protocols/canonical/request.js';
import type { CacheDirectives } from '../../shared/cache/cache-directives.js';
import { ResponseCache, type CacheProbe } from '../../shared/cache/response-cache.js';
import type { CacheStatus } from '../../shared/companion-contract.js';
import type { Embedder } from '../../shared/embedding/embedder.js';
import { IndexedDbCacheEntries } from './indexeddb-cache-entries.js';
import { loadSettings } from './settings.js';
import { loadUseLiteInBrowser, type ModelProgress } from './browser-embedder.js';

export const CACHE_ENGINE = 'leo-optima/cache-engine';

export const CACHE_TTL_MS = 7 * 24 * 3_600_000;
export const CACHE_MAX_BYTES = 256 * 1024 * 1024;

/** What the background asks the cache engine in the offscreen document. */
export type EngineRequest =
  | { target: typeof CACHE_ENGINE; type: 'lookup'; callId: string; request: CanonicalRequest; directives: CacheDirectives }
  | { target: typeof CACHE_ENGINE; type: 'store'; callId: string; answer: CanonicalAnswer }
  | { target: typeof CACHE_ENGINE; type: 'status' };

export interface EngineLookup {
  status: CacheStatus;
  answer?: CanonicalAnswer;
  /** The entry that answered a hit. */
  entryId?: number;
  reasons: string[];
}

export interface EngineStatus {
  model: ModelProgress | undefined;
  indexedEntries: number;
  /** Median time of the model's recent runs, per text; undefined before the first. */
  embedMsPerText?: number;
  error?: string;
}

/** Recent model runs kept for the median. */
const TIMING_SAMPLES = 200;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Probes are kept between a miss and its answer this long; an answer that takes longer is not stored. */
const PROBE_LIFETIME_MS = 15 * 60_000;
const MAX_PROBES = 1000;

/**
 * The browser's cache: the shared two-tier cache over IndexedDB, with the embedder and the
 * vector index in this (offscreen) document, where WASM runs fastest.
 */
export class CacheEngine {
  private readonly cache: ResponseCache;
  private readonly probes = new Map<string, { probe: CacheProbe; at: number }>();
  private embedder: Promise<Embedder> | undefined;
  private progress: ModelProgress | undefined;
  private loadError: string | undefined;
  private readonly embedTimings: number[] = [];

  constructor() {
    this.cache = new ResponseCache(new IndexedDbCacheEntries(), () => this.loadEmbedder(), {
      defaultNamespace: 'unknown-origin',
      ttlMs: CACHE_TTL_MS,
      maxBytes: CACHE_MAX_BYTES,
      strictness: 'balanced',
    });
  }

  async handle(message: EngineRequest): Promise<EngineLookup | { stored: boolean } | EngineStatus> {
    switch (message.type) {
      case 'lookup':
        return this.lookup(message.callId, message.request, message.directives);
      case 'store':
        return { stored: await this.store(message.callId, message.answer) };
      case 'status':
        return {
          model: this.progress,
          indexedEntries: this.cache.indexedEntries,
          embedMsPerText: median(this.embedTimings),
          ...(this.loadError ? { error: this.loadError } : {}),
        };
    }
  }

  warmUp(): void {
    this.cache.warmUp();
  }

  private async lookup(callId: string, request: CanonicalRequest, directives: CacheDirectives): Promise<EngineLookup> {
    this.cache.settings.strictness = (await loadSettings()).strictness;
    const result = await this.cache.lookup(request, directives);
    if (result.status === 'miss') this.keepProbe(callId, result.probe);
    return { status: result.status, answer: result.entry?.answer, entryId: result.entry?.id, reasons: result.reasons };
  }

  private async store(callId: string, answer: CanonicalAnswer): Promise<boolean> {
    const kept = this.probes.get(callId);
    this.probes.delete(callId);
    if (!kept) return false;
    await this.cache.store(kept.probe, answer);
    return true;
  }

  private keepProbe(callId: string, probe: CacheProbe): void {
    const now = Date.now();
    for (const [id, kept] of this.probes) {
      if (this.probes.size < MAX_PROBES && now - kept.at < PROBE_LIFETIME_MS) break;
      this.probes.delete(id);
    }
    this.probes.set(callId, { probe, at: now });
  }

  private loadEmbedder(): Promise<Embedder> {
    this.embedder ??= loadUseLiteInBrowser((p) => (this.progress = p)).then((embedder) => this.timed(embedder)).catch((err: Error) => {
      this.loadError = err.message;
      this.embedder = undefined;
      throw err;
    });
    return this.embedder;
  }

  private timed(embedder: Embedder): Embedder {
    const timings = this.embedTimings;
    return {
      model: embedder.model,
      dimensions: embedder.dimensions,
      get backlog() {
        return embedder.backlog;
      },
      async embed(texts) {
        const started = performance.now();
        const vectors = await embedder.embed(texts);
        timings.push((performance.now() - started) / Math.max(1, texts.length));
        if (timings.length > TIMING_SAMPLES) timings.shift();
        return vectors;
      },
    };
  }
}
