import { describe, expect, it } from 'vitest';
import { FlatVectorIndex } from './vector-index.js';

const unit = (...xs: number[]) => {
  const v = Float32Array.from(xs);
  const n = Math.hypot(...xs);
  return v.map((x) => x / n);
};

describe('FlatVectorIndex', () => {
  it('finds the nearest vectors of the queried bucket only, best first', () => {
    const index = new FlatVectorIndex();
    index.add('a', 1, unit(1, 0, 0));
    index.add('a', 2, unit(1, 1, 0));
    index.add('a', 3, unit(0, 0, 1));
    index.add('b', 4, unit(1, 0, 0));
    expect(index.search('a', unit(1, 0.1, 0), 5, 0.5).map((n) => n.id)).toEqual([1, 2]);
    expect(index.search('b', unit(1, 0, 0), 5, 0.5).map((n) => n.id)).toEqual([4]);
    expect(index.search('c', unit(1, 0, 0), 5, 0)).toEqual([]);
  });

  it('keeps every other entry findable after removals and re-adds', () => {
    const index = new FlatVectorIndex();
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
    const index = new FlatVectorIndex();
    index.add('a', 1, unit(1, 0, 0));
    index.add('a', 2, unit(1, 0));
    expect(index.size).toBe(1);
    expect(index.search('a', unit(1, 0), 5, -1)).toEqual([]);
  });
});
