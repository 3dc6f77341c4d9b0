import type { CanonicalAnswer } from '../protocols/canonical/answer.js';
import { isSaturated, type Embedder } from '../embedding/embedder.js';
import type { CacheQuery } from './cache-query.js';
import { judgeMatch, MIN_CANDIDATE_COSINE } from './semantic-match.js';
import { orAfter } from '../deadline.js';
import { VectorIndex } from './vector-index.js';
import { modelFamily } from './model-family.js';
import { isPinnedSnapshot } from '../routing/tiers.js';
import type { Strictness } from './guard/strictness.js';
import type { CacheStatus } from '../companion-contract.js';
import type { CacheEntries, CacheEntry, NewCacheEntry } from './cache-entry.js';
import { CallsInFlight } from './calls-in-flight.js';
import type { CacheDirectives } from './cache-directives.js';

export interface CacheSettings {
  /** Where calls that name no namespace go: one per local token. */
  defaultNamespace: string;
  ttlMs: number;
  maxBytes: number;
  strictness: Strictness;
  /** Calls at a higher sampling temperature are neither served nor stored (they ask for variety); undefined: no limit. */
  maxTemperature?: number;
}

/** What a lookup learnt about the request; storing its answer reuses it. */
export interface CacheProbe {
  query: CacheQuery;
  directives: CacheDirectives;
  promptVector?: Float32Array;
  /** Ends this miss's claim on its exact key, letting identical calls that wait for it go on. */
  release?: () => void;
}

export interface CacheLookup {
  status: CacheStatus;
  entry?: CacheEntry;
  /** On a semantic hit: the cosine of the incoming prompt to the entry's. */
  cosine?: number;
  /** Why it hit, or why the nearest candidates were refused. */
  reasons: string[];
  probe: CacheProbe;
}

/** Semantic candidates looked at per lookup. */
const CANDIDATES = 5;
/** How long an identical call waits for the answer already on its way (a long generation takes minutes), before asking for its own. */
const IN_FLIGHT_WAIT_MS = 180_000;
/**
 * How long a lookup waits for answers still being stored (a few milliseconds of writes, and
 * the embedding when the lookup had none): a repeat or a rewording asked the moment an answer
 * ended should find it.
 */
const STORING_WAIT_MS = 100;

/** Waits for every one of `milestones`, for at most STORING_WAIT_MS. */
async function reachedOrLate(milestones: Promise<void>[]): Promise<void> {
  if (milestones.length > 0) await orAfter(Promise.all(milestones), STORING_WAIT_MS, () => undefined);
}

function milestone(): { reached: Promise<void>; reach: () => void } {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return { reached, reach };
}

/** An answer being stored, and how far it got: a lookup waits only for stores that could change its answer. */
interface StoreUnderWay {
  /** Its exact key's slot, and the bucket its vector goes to. */
  slot: string;
  bucket: string;
  exactWritten: Promise<void>;
  /** Its vector is in the index (or will not be). */
  indexed: Promise<void>;
}

const bucketOf = (namespace: string, contextKey: string) => `${namespace}\u0000${contextKey}`;

/**
 * Who may be served an entry: a caller that pinned a dated snapshot only that snapshot's own
 * answers; anyone else answers of the model family it asked for, or a lighter one (a routed
 * answer) only where routing is on for it.
 */
function servable(entry: CacheEntry, probe: CacheProbe): boolean {
  if (isPinnedSnapshot(probe.query.model)) return entry.model === probe.query.model;
  return probe.directives.lighterAnswers || modelFamily(entry.model) === modelFamily(probe.query.model);
}

/**
 * The two-tier cache of the companion and the extension: exact by the request's key, then
 * semantic through the vector index and the guard. The index lives in memory and is rebuilt
 * from the entries.
 */
export class ResponseCache {
  private readonly index = new VectorIndex();
  private readonly inFlight = new CallsInFlight();
  private readonly storesUnderWay = new Set<StoreUnderWay>();
  private indexLoaded: Promise<void>;

  constructor(
    private readonly entries: CacheEntries,
    private readonly loadEmbedder: () => Promise<Embedder>,
    readonly settings: CacheSettings,
  ) {
    this.indexLoaded = this.rebuildIndex();
  }

  /** Resolves once the index holds every stored vector. */
  async loaded(): Promise<void> {
    await this.currentIndex();
  }

  /** Loads the embedding model now (one throwaway text), so the first call does not wait for it. */
  warmUp(): void {
    this.loadEmbedder()
      .then((embedder) => embedder.embed(['warm up']))
      .catch(() => {
        // Reported by the first lookup that needs it.
      });
  }

  async lookup(query: CacheQuery, directives: CacheDirectives): Promise<CacheLookup> {
    const probe: CacheProbe = { query, directives };
    const bypass = this.whyBypassed(query);
    if (bypass) return { status: 'miss', reasons: [`not cacheable: ${bypass}`], probe };
    if (!directives.read) return { status: 'miss', reasons: ['cache not consulted (the request asked for a fresh answer)'], probe };
    const slot = bucketOf(directives.namespace, query.keys.exact);
    await reachedOrLate([...this.storesUnderWay].filter((s) => s.slot === slot).map((s) => s.exactWritten));
    await this.currentIndex();
    let now = Date.now();
    let exact = await this.entries.findExact(directives.namespace, query.keys.exact, now);
    let waited = false;
    if (!(exact && servable(exact, probe))) {
      // Claimed in the same turn the miss was seen: of identical calls arriving together, one asks and the others wait for it.
      if (directives.write) probe.release = this.inFlight.claim(slot);
      if (!probe.release && (await this.inFlight.waitFor(slot, IN_FLIGHT_WAIT_MS))) {
        waited = true;
        now = Date.now();
        exact = await this.entries.findExact(directives.namespace, query.keys.exact, now);
        if (!(exact && servable(exact, probe)) && directives.write) probe.release = this.inFlight.claim(slot);
      }
    }
    if (exact && servable(exact, probe)) {
      this.touch(exact.id, now);
      return { status: 'exact-hit', entry: exact, reasons: [waited ? 'the same request, answered while this one waited for it' : 'the same request'], probe };
    }
    if (directives.exactOnly || query.keys.prompt === undefined) {
      return { status: 'miss', reasons: [directives.exactOnly ? 'exact-only requested' : 'only exact hits for this kind of request'], probe };
    }
    // The vectors of answers still being stored near this one are indexed while this prompt is embedded.
    const bucket = bucketOf(directives.namespace, query.keys.context);
    const nearbyStores = [...this.storesUnderWay].filter((s) => s.bucket === bucket).map((s) => s.indexed);
    const [embedded] = await Promise.all([this.embed(probe), reachedOrLate(nearbyStores)]);
    if (!embedded) return { status: 'miss', reasons: ['semantic tier skipped: the embedder is saturated'], probe };
    const semantic = await this.semanticLookup(probe, now);
    // Answered: nothing will be stored for this key, so nobody should wait for it.
    if (semantic.status !== 'miss') this.release(probe);
    return semantic;
  }

  /**
   * Stores a complete answer for the probed request, unless the request forbids it. With the
   * lookup's vector at hand, entry and vector are written at once; otherwise the exact entry
   * is written first, so an identical call finds it at once, and the vector (which needs the
   * embedder) follows.
   */
  store(probe: CacheProbe, answer: CanonicalAnswer): Promise<void> {
    const { namespace } = probe.directives;
    const [exactWritten, indexed] = [milestone(), milestone()];
    const underWay = { slot: bucketOf(namespace, probe.query.keys.exact), bucket: bucketOf(namespace, probe.query.keys.context), exactWritten: exactWritten.reached, indexed: indexed.reached };
    this.storesUnderWay.add(underWay);
    return this.storeNow(probe, answer, { exactWritten: exactWritten.reach, indexed: indexed.reach }).finally(() => {
      exactWritten.reach();
      indexed.reach();
      this.storesUnderWay.delete(underWay);
    });
  }

  private async storeNow(probe: CacheProbe, answer: CanonicalAnswer, reached: { exactWritten: () => void; indexed: () => void }): Promise<void> {
    try {
      if (!probe.directives.write || this.whyBypassed(probe.query) !== undefined) return;
      const { query: { keys }, directives } = probe;
      await this.currentIndex();
      const now = Date.now();
      const withVector = keys.prompt !== undefined && probe.promptVector !== undefined;
      const entry: NewCacheEntry = {
        namespace: directives.namespace,
        exactKey: keys.exact,
        contextKey: keys.context,
        model: answer.model || probe.query.model,
        prompt: withVector ? keys.prompt! : null,
        history: keys.history,
        vector: withVector ? probe.promptVector! : null,
        answer,
        createdAt: now,
        expiresAt: now + this.settings.ttlMs,
        ...(probe.query.site !== undefined ? { site: probe.query.site } : {}),
        ...(probe.query.transcript ? { transcript: probe.query.transcript } : {}),
      };
      const id = await this.entries.put(entry);
      reached.exactWritten();
      this.release(probe);
      // Without a vector (the embedder was saturated) the entry still serves exact repeats.
      if (keys.prompt !== undefined && (withVector || (await this.embed(probe)))) {
        if (!withVector) await this.entries.put({ ...entry, prompt: keys.prompt, vector: probe.promptVector! });
        this.index.add(bucketOf(directives.namespace, keys.context), id, probe.promptVector!);
      }
      reached.indexed();
      for (const dropped of await this.entries.prune(now, this.settings.maxBytes)) this.index.remove(dropped);
    } finally {
      this.release(probe);
    }
  }

  /** Ends a miss that will store nothing (an error, a cut or aborted answer): identical calls waiting for it go on. */
  release(probe: CacheProbe): void {
    probe.release?.();
    probe.release = undefined;
  }

  /** How close the nearest cached prompt is to a vector, for the router's novelty signal. */
  nearestCachedPrompt(vector: Float32Array): number | undefined {
    return this.index.bestScoreAnywhere(vector);
  }

  size(): Promise<{ entries: number; bytes: number }> {
    return Promise.resolve(this.entries.size());
  }

  get indexedEntries(): number {
    return this.index.size;
  }

  close(): void {
    this.entries.close();
    // Also ends any graph still being built in the background.
    this.index.clear();
  }

  private async semanticLookup(probe: CacheProbe, now: number): Promise<CacheLookup> {
    const { query: { keys }, directives } = probe;
    const refusals: string[] = [];
    const neighbours = this.index.search(bucketOf(directives.namespace, keys.context), probe.promptVector!, CANDIDATES, MIN_CANDIDATE_COSINE);
    // Read together: each read may queue behind other writes, and most candidates are judged anyway.
    const candidates = await Promise.all(neighbours.map(({ id }) => this.entries.get(id)));
    for (const [i, { id, score }] of neighbours.entries()) {
      const entry = candidates[i];
      if (!entry || entry.prompt === null || entry.expiresAt <= now || !servable(entry, probe)) continue;
      if (entry.minCosine !== undefined && score < entry.minCosine) {
        refusals.push(`refused "${entry.prompt.slice(0, 80)}": a rewording this far from it was refused by the user (cosine ${score.toFixed(3)} < ${entry.minCosine.toFixed(3)})`);
        continue;
      }
      const verdict = judgeMatch(entry.prompt, keys.prompt!, { cosine: score }, this.settings.strictness);
      if (verdict.hit) {
        this.touch(id, now);
        return { status: 'semantic-hit', entry, cosine: score, reasons: [`matches "${entry.prompt.slice(0, 80)}"`, ...verdict.reasons], probe };
      }
      refusals.push(`refused "${entry.prompt.slice(0, 80)}": ${verdict.reasons.join('; ')}`);
    }
    return { status: 'miss', reasons: refusals.length > 0 ? refusals : ['nothing similar cached'], probe };
  }

  private whyBypassed(query: CacheQuery): string | undefined {
    const { maxTemperature } = this.settings;
    if (maxTemperature !== undefined && query.temperature !== undefined && query.temperature > maxTemperature) {
      return `temperature ${query.temperature} is above the cache's limit of ${maxTemperature}`;
    }
    return query.bypass;
  }

  /** Counts a hit for eviction order; the caller's answer never waits for that write. */
  private touch(id: number, now: number): void {
    Promise.resolve(this.entries.touch(id, now)).catch(() => {
      // A lost touch only makes the entry look older to the size cap.
    });
  }

  /** Embeds the probe's prompt once; false when the embedder is too busy to ask. */
  private async embed(probe: CacheProbe): Promise<boolean> {
    const { keys } = probe.query;
    if (probe.promptVector) return true;
    if (keys.prompt === undefined) return false;
    const embedder = await this.loadEmbedder();
    if (isSaturated(embedder)) return false;
    [probe.promptVector] = await embedder.embed([keys.prompt]);
    return true;
  }

  /** Waits for the index to be loaded, and reloads it when another writer changed the entries. */
  private async currentIndex(): Promise<void> {
    await this.indexLoaded;
    const changes = await this.entries.changedElsewhere();
    if (changes === true) {
      this.indexLoaded = this.rebuildIndex();
      await this.indexLoaded;
    } else if (changes) {
      for (const id of changes.removed) this.index.remove(id);
      for (const { id, namespace, contextKey, vector } of changes.added) this.index.add(bucketOf(namespace, contextKey), id, vector);
    }
  }

  private async rebuildIndex(): Promise<void> {
    const live = await this.entries.vectors(Date.now());
    this.index.clear();
    for await (const { id, namespace, contextKey, vector } of live) this.index.add(bucketOf(namespace, contextKey), id, vector);
  }
}
