import type { CanonicalAnswer } from '../../../shared/protocols/canonical/answer.js';
import type { CacheDirectives } from '../../../shared/cache/cache-directives.js';
import { ResponseCache, type CacheProbe } from '../../../shared/cache/response-cache.js';
import type { CacheQuery } from '../../../shared/cache/cache-query.js';
import type { Embedder } from '../../../shared/embedding/embedder.js';
import type { EngineLookup, EngineRequest, EngineSettings, EngineStatus, ModelProgress } from './engine-messages.js';
import { IndexedDbCacheEntries } from './indexeddb-cache-entries.js';
import { orAfter } from '../../../shared/deadline.js';
import { BUILT_IN_MODEL, loadSettings } from '../settings/settings.js';
import { loadBuiltInEmbedder, loadHubEmbedder } from './browser-embedder.js';

export const CACHE_TTL_MS = 7 * 24 * 3_600_000;
export const CACHE_MAX_BYTES = 256 * 1024 * 1024;

/** Recent model runs kept for the median. */
const TIMING_SAMPLES = 200;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * How long a lookup waits for a model still loading (the built-in one takes about 1.5 s; a
 * Hugging Face model may be downloading for minutes) before it goes on without reworded hits.
 */
const MODEL_WAIT_MS = 4000;

/** Stands in while the model loads: saturated, so the cache skips the semantic tier instead of waiting. */
const LOADING_EMBEDDER: Embedder = {
  model: 'loading',
  dimensions: 0,
  backlog: Number.POSITIVE_INFINITY,
  embed: () => Promise.reject(new Error('the embedding model is still loading')),
};

/** Probes are kept between a miss and its answer this long; an answer that takes longer is not stored. */
const PROBE_LIFETIME_MS = 15 * 60_000;
const MAX_PROBES = 1000;

/**
 * The browser's cache: the shared two-tier cache over IndexedDB, with the embedder and the
 * vector index in this (offscreen) document, where WASM runs fastest.
 */
export class CacheEngine {
  private readonly cache: ResponseCache;
  private readonly entries = new IndexedDbCacheEntries();
  private currentModel: { name: string; host: string } | undefined;
  private readonly probes = new Map<string, { probe: CacheProbe; at: number }>();
  private embedder: Promise<Embedder> | undefined;
  private progress: ModelProgress | undefined;
  private loadError: string | undefined;
  private readonly embedTimings: number[] = [];

  constructor() {
    this.cache = new ResponseCache(this.entries, () => this.embedderWithin(MODEL_WAIT_MS), {
      defaultNamespace: 'unknown-origin',
      ttlMs: CACHE_TTL_MS,
      maxBytes: CACHE_MAX_BYTES,
      strictness: 'balanced',
    });
  }

  async handle(message: EngineRequest): Promise<EngineLookup | { stored: boolean } | EngineStatus> {
    switch (message.type) {
      case 'lookup':
        return this.lookup(message.callId, message.query, message.directives, message.settings);
      case 'settle':
        return { stored: await this.settle(message.callId, message.answer) };
      case 'status':
        this.followSettings(await loadSettings());
        return {
          model: this.progress,
          indexedEntries: this.cache.indexedEntries,
          embedMsPerText: median(this.embedTimings),
          ...(this.loadError ? { error: this.loadError } : {}),
        };
    }
  }

  warmUp(): void {
    void loadSettings()
      .then((settings) => this.followSettings(settings))
      .then(() => this.cache.warmUp());
  }

  /** Applies the user's strictness and embedding model; a new model re-embeds what is cached, in the background. */
  private followSettings({ strictness, embeddingModel, modelHost, cacheMaxTemperature }: EngineSettings): void {
    this.cache.settings.strictness = strictness;
    this.cache.settings.maxTemperature = cacheMaxTemperature ?? undefined;
    if (this.currentModel?.name === embeddingModel && this.currentModel.host === modelHost) return;
    this.currentModel = { name: embeddingModel, host: modelHost };
    this.entries.model = embeddingModel;
    this.entries.markChanged();
    this.embedder = undefined;
    this.progress = undefined;
    this.loadError = undefined;
    this.embedTimings.length = 0;
    // Misses in flight carry the old model's vectors: their answers are not stored.
    for (const [callId, { probe }] of this.probes) this.forgetProbe(callId, probe);
    void this.reembedStored(embeddingModel).catch(() => {
      // Entries not re-embedded still answer exact repeats; the load error shows in the popup.
    });
  }

  /** Embeds the stored prompts with the current model, so reworded hits work again after a switch. */
  private async reembedStored(model: string): Promise<void> {
    const embedder = await this.loadEmbedder();
    const pending = await this.entries.unembedded(Date.now());
    for (let i = 0; i < pending.length && this.currentModel?.name === model; i += 8) {
      const batch = pending.slice(i, i + 8);
      const vectors = await embedder.embed(batch.map((e) => e.prompt!));
      for (const [i, entry] of batch.entries()) await this.entries.putVectors(entry, vectors[i]!);
    }
    this.entries.markChanged();
  }

  private async lookup(callId: string, query: CacheQuery, directives: CacheDirectives, settings: EngineSettings): Promise<EngineLookup> {
    this.followSettings(settings);
    const result = await this.cache.lookup(query, directives);
    if (result.status === 'miss') this.keepProbe(callId, result.probe);
    return { status: result.status, answer: result.entry?.answer, entryId: result.entry?.id, ...(result.cosine !== undefined ? { cosine: result.cosine } : {}), reasons: result.reasons };
  }

  private async settle(callId: string, answer: CanonicalAnswer | undefined): Promise<boolean> {
    const kept = this.probes.get(callId);
    this.probes.delete(callId);
    if (!kept) return false;
    if (!answer) {
      this.cache.release(kept.probe);
      return false;
    }
    await this.cache.store(kept.probe, answer);
    return true;
  }

  private keepProbe(callId: string, probe: CacheProbe): void {
    const now = Date.now();
    for (const [id, kept] of this.probes) {
      if (this.probes.size < MAX_PROBES && now - kept.at < PROBE_LIFETIME_MS) break;
      this.forgetProbe(id, kept.probe);
    }
    this.probes.set(callId, { probe, at: now });
  }

  /** A miss that will never be settled (too old, or from before a model switch) keeps no identical call waiting. */
  private forgetProbe(callId: string, probe: CacheProbe): void {
    this.probes.delete(callId);
    this.cache.release(probe);
  }

  private embedderWithin(ms: number): Promise<Embedder> {
    return orAfter(this.loadEmbedder(), ms, () => LOADING_EMBEDDER);
  }

  private loadEmbedder(): Promise<Embedder> {
    if (this.embedder) return this.embedder;
    const model = this.currentModel ?? { name: BUILT_IN_MODEL, host: '' };
    const started = performance.now();
    const onProgress = (p: ModelProgress) => (this.progress = p.ready ? { ...p, loadMs: performance.now() - started } : p);
    const loading = model.name === BUILT_IN_MODEL ? loadBuiltInEmbedder(onProgress) : loadHubEmbedder(model.name, model.host, onProgress);
    const embedder = loading.then((loaded) => this.timed(loaded));
    this.embedder = embedder;
    embedder.catch((err: Error) => {
      // Only this load's failure clears it; the user may have picked another model meanwhile.
      if (this.embedder !== embedder) return;
      this.loadError = `${model.name}: ${err.message}`;
      this.embedder = undefined;
    });
    return embedder;
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
