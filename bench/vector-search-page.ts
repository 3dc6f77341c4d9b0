/**
 * Runs in an extension page (bundled by vector-search-extension.ts): the product's vector
 * index on the same vectors as the Node bench, timed by the browser's own clock.
 */
import { VectorIndex } from '../shared/cache/vector-index.js';
import { bruteForceBest, dataset, nudged, timedQueries } from './vector-dataset.js';

export interface PageSearchRun {
  graphBuildMs: number;
  scanMs: number[];
  graphMs: number[];
  scanCorrect: number;
  graphCorrect: number;
}

function runVectorSearch(n: number, queryCount: number): PageSearchRun {
  const vectors = dataset(n);
  const queries = Array.from({ length: queryCount }, (_, i) => nudged(vectors[Math.floor((i * n) / queryCount)]!, 1000 + i));
  const truth = queries.map((q) => bruteForceBest(vectors, q));
  const index = new VectorIndex();
  vectors.forEach((v, id) => index.add('bucket', id, v));
  const nearest = (q: Float32Array) => index.search('bucket', q, 1, -1)[0]?.id ?? -1;
  const scan = timedQueries(queries, truth, nearest);
  const started = performance.now();
  index.buildGraphs();
  const graphBuildMs = performance.now() - started;
  const graph = timedQueries(queries, truth, nearest);
  return { graphBuildMs, scanMs: scan.times, graphMs: graph.times, scanCorrect: scan.correct, graphCorrect: graph.correct };
}

(globalThis as { runVectorSearch?: typeof runVectorSearch }).runVectorSearch = runVectorSearch;
