import { describe, expect, it } from 'vitest';
import { GRAPH_FROM, VectorIndex } from './vector-index.js';

const unit = (...xs: number[]) => {
  const v = Float32Array.from(xs);
  const n = Math.hypot(...xs);
  return v.map((x) => x / n);
};

describe('VectorIndex', () => {
  it('finds the nearest vectors of the queried bucket only, best first', () => {
    const index = new VectorIndex();
    index.add('a', 1, unit(1, 0, 0));
    index.add('a', 2, unit(1, 1, 0));
    index.add('a', 3, unit(0, 0, 1));
    index.add('b', 4, unit(1, 0, 0));
    expect(index.search('a', unit(1, 0.1, 0), 5, 0.5).map((n) => n.id)).toEqual([1, 2]);
    expect(index.search('b', unit(1, 0, 0), 5, 0.5).map((n) => n.id)).toEqual([4]);
    expect(index.search('c', unit(1, 0, 0), 5, 0)).toEqual([]);
  });

  it('keeps every other entry findable after removals and re-adds', () => {
    const index = new VectorIndex();
    for (let id = 0; id < 40; id++) index.add('a', id, unit(1, id, 0));
    for (let id = 0; id < 40; id += 3) index.remove(id);
    index.add('a', 7, unit(0, 0, 1));
    expect(index.size).toBe(40 - 14);
    for (let id = 1; id < 40; id++) {
      if (id % 3 === 0 || id === 7) continue;
      expect(index.search('a', unit(1, id, 0), 1, 0)[0]?.id).toBe(id);
    }
    expect(index.search('a', unit(0, 0, 1), 1, 0.99)[0]?.id).toBe(7);
  });

  it('ignores a vector of another size instead of mixing it in', () => {
    const index = new VectorIndex();
    index.add('a', 1, unit(1, 0, 0));
    index.add('a', 2, unit(1, 0));
    expect(index.size).toBe(1);
    expect(index.search('a', unit(1, 0), 5, -1)).toEqual([]);
  });
});

describe('VectorIndex, once a bucket is large enough for a graph', () => {
  const DIMS = 32;
  function seeded(seed: number) {
    let s = seed;
    return () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return ((s >>> 0) / 2 ** 32) * 2 - 1;
    };
  }
  const random = seeded(11);
  const topics = Array.from({ length: 40 }, () => unit(...Array.from({ length: DIMS }, random)));
  const around = (topic: Float32Array, spread: number) => unit(...Array.from(topic, (x) => x + random() * spread));
  const vectors = Array.from({ length: GRAPH_FROM * 2 }, (_, i) => around(topics[i % topics.length]!, 0.3));
  const bruteForce = (query: Float32Array, skip: Set<number>) => {
    let best = -1;
    let bestScore = -Infinity;
    vectors.forEach((v, id) => {
      if (skip.has(id)) return;
      const s = v.reduce((sum, x, i) => sum + x * query[i]!, 0);
      if (s > bestScore) [best, bestScore] = [id, s];
    });
    return best;
  };
  const queries = Array.from({ length: 200 }, (_, i) => around(vectors[(i * 37) % vectors.length]!, 0.02));

  it('finds what a scan of every vector finds, before its graph is built and after', () => {
    const index = new VectorIndex();
    vectors.forEach((v, id) => index.add('a', id, v));
    const agreeing = () => queries.filter((q) => index.search('a', q, 1, -1)[0]?.id === bruteForce(q, new Set())).length / queries.length;
    expect(agreeing()).toBe(1);
    index.buildGraphs();
    expect(agreeing()).toBeGreaterThanOrEqual(0.99);
  });

  it('never returns a removed entry, and keeps the rest findable after it compacts', () => {
    const index = new VectorIndex();
    vectors.forEach((v, id) => index.add('a', id, v));
    index.buildGraphs();
    const removed = new Set<number>();
    const check = () => {
      expect(index.size).toBe(vectors.length - removed.size);
      let agreeing = 0;
      for (const q of queries) {
        const found = index.search('a', q, 3, -1);
        expect(found.every((n) => !removed.has(n.id))).toBe(true);
        if (found[0]?.id === bruteForce(q, removed)) agreeing++;
      }
      expect(agreeing / queries.length).toBeGreaterThanOrEqual(0.99);
    };
    // A third removed: the graph stays, its removed rows are passed over.
    for (let id = 0; id < vectors.length; id += 3) removed.add(id);
    for (const id of removed) index.remove(id);
    check();
    // Over half removed: the bucket compacts and scans until a graph is built again.
    for (let id = 1; id < vectors.length; id += 3) removed.add(id);
    for (let id = 1; id < vectors.length; id += 3) index.remove(id);
    check();
  });
});
