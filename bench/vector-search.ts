/**
 * The semantic tier's vector search, at 1k, 10k and 100k entries of the built-in model's
 * 384-d vectors in one bucket: the product's index scanning every row (what rows not yet in
 * the graph get), the same index once its HNSW graph is built, and voy-search (a k-d tree).
 * Each query is a slightly moved copy of a stored vector, as a reworded prompt is; recall@1
 * is against brute force over every vector. Run with --expose-gc for memory per entry.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BUILT_IN_EMBEDDING } from '../shared/embedding/sentence-embedder.js';
import { VectorIndex } from '../shared/cache/vector-index.js';
import { saveResult } from './machine.js';
import { median, percentile } from './bench-stack.js';
import { bruteForceBest, dataset, nudged, timedQueries } from './vector-dataset.js';

const DIMS = BUILT_IN_EMBEDDING.dimensions;
const QUERIES = 100;
const SIZES = (process.env.BENCH_VECTOR_SIZES ?? '1000,10000,100000').split(',').map(Number);
/** voy takes its vectors as JSON-like arrays through wasm-bindgen, which gets slow (and at 100k, here, fails). */
const VOY_MAX = Number(process.env.BENCH_VOY_MAX ?? 100_000);
/** A run at other sizes (1M entries, with more heap) is saved beside the default one, not over it. */
const RESULT = process.env.BENCH_VECTOR_RESULT ?? 'vector-search';

type VoyModule = typeof import('voy-search');

async function loadVoy(): Promise<VoyModule> {
  const require = createRequire(import.meta.url);
  // The package's entry imports its .wasm as an ES module, which Node cannot; its glue module is loaded by hand.
  const glue: string = 'voy-search/voy_search_bg.js';
  const bg = (await import(glue)) as VoyModule & { __wbg_set_wasm(exports: WebAssembly.Exports): void };
  const { instance } = await WebAssembly.instantiate(readFileSync(require.resolve('voy-search/voy_search_bg.wasm')), { './voy_search_bg.js': bg as unknown as WebAssembly.ModuleImports });
  bg.__wbg_set_wasm(instance.exports);
  return bg;
}

/** Heap in use after a full collection, when the run exposes gc. */
function heapUsed(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

function timeQueries(queries: Float32Array[], search: (q: Float32Array) => number, truth: number[]) {
  const { times, correct } = timedQueries(queries, truth, search);
  return { searchP50Ms: median(times), searchP99Ms: percentile(times, 0.99), recallAt1: correct / queries.length };
}

export async function benchVectorSearch() {
  const voy = await loadVoy();
  const rows = [];
  for (const n of SIZES) {
    const vectors = dataset(n);
    const targets = Array.from({ length: QUERIES }, (_, i) => Math.floor((i * n) / QUERIES));
    const queries = targets.map((id, i) => nudged(vectors[id]!, 1000 + i));
    const truth = queries.map((q) => bruteForceBest(vectors, q));

    const heapBefore = heapUsed();
    let started = performance.now();
    const index = new VectorIndex();
    vectors.forEach((v, id) => index.add('bucket', id, v));
    const scanBuildMs = performance.now() - started;
    // Synchronous from here to the graph: the background build never gets a turn.
    const scanRun = timeQueries(queries, (q) => index.search('bucket', q, 1, -1)[0]?.id ?? -1, truth);
    started = performance.now();
    index.buildGraphs();
    const graphBuildMs = performance.now() - started;
    const graphRun = timeQueries(queries, (q) => index.search('bucket', q, 1, -1)[0]?.id ?? -1, truth);
    const heapAfter = heapUsed();
    const bytesPerEntry = heapBefore !== undefined && heapAfter !== undefined ? (heapAfter - heapBefore) / n : undefined;

    let voyRow: object = { skipped: `above BENCH_VOY_MAX=${VOY_MAX}` };
    if (n <= VOY_MAX) {
      started = performance.now();
      try {
        const voyIndex = new voy.Voy({ embeddings: vectors.map((v, id) => ({ id: String(id), title: '', url: '', embeddings: Array.from(v) })) });
        const voyBuildMs = performance.now() - started;
        voyRow = { buildMs: voyBuildMs, ...timeQueries(queries, (q) => Number(voyIndex.search(q, 1).neighbors[0]?.id ?? -1), truth) };
        voyIndex.free();
      } catch (err) {
        voyRow = { failed: `building the index threw after ${(performance.now() - started).toFixed(0)} ms: ${(err as Error).message}` };
      }
    }
    const row = { entries: n, scan: { buildMs: scanBuildMs, ...scanRun }, hnsw: { buildMs: graphBuildMs, ...graphRun, bytesPerEntry }, voy: voyRow };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  const file = saveResult(RESULT, { dims: DIMS, queries: QUERIES, results: rows });
  return { file };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchVectorSearch();
