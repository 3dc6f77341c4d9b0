/**
 * The vectors the vector-search benches search, the same in Node and in the browser: seeded,
 * clustered around topics as prompts are, with queries nudged off stored vectors as a
 * reworded prompt is, the brute-force answer each query should get, and the timing loop.
 */
import { BUILT_IN_EMBEDDING } from '../shared/embedding/sentence-embedder.js';
import { normalize } from '../shared/embedding/vectors.js';

const DIMS = BUILT_IN_EMBEDDING.dimensions;

function seeded(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 2 ** 32) * 2 - 1;
  };
}

/** Vectors around 200 topics, like prompts on a few subjects: near neighbours are close, as in a real cache. */
export function dataset(n: number): Float32Array[] {
  const random = seeded(7);
  const topics = Array.from({ length: 200 }, () => normalize(Float32Array.from({ length: DIMS }, random)));
  return Array.from({ length: n }, (_, i) => {
    const topic = topics[i % topics.length]!;
    return normalize(Float32Array.from(topic, (x) => x + random() * 0.08));
  });
}

export function nudged(v: Float32Array, seed: number): Float32Array {
  const random = seeded(seed);
  return normalize(Float32Array.from(v, (x) => x + random() * 0.01));
}

export function bruteForceBest(vectors: Float32Array[], query: Float32Array): number {
  let best = -1;
  let bestScore = -Infinity;
  vectors.forEach((v, id) => {
    let s = 0;
    for (let i = 0; i < DIMS; i++) s += v[i]! * query[i]!;
    if (s > bestScore) [best, bestScore] = [id, s];
  });
  return best;
}

/** Each query's time, and how many found the brute-force answer first. */
export function timedQueries(queries: Float32Array[], truth: number[], search: (q: Float32Array) => number): { times: number[]; correct: number } {
  const times: number[] = [];
  let correct = 0;
  queries.forEach((q, i) => {
    const started = performance.now();
    const found = search(q);
    times.push(performance.now() - started);
    if (found === truth[i]) correct += 1;
  });
  return { times, correct };
}
