import { dot } from '../embedding/vectors.js';

export interface Neighbour {
  id: number;
  score: number;
}

/**
 * Exact nearest-neighbour search over unit vectors, partitioned into buckets (namespace and
 * context): a query only ever scans the entries that could answer it.
 */
export class FlatVectorIndex {
  private readonly buckets = new Map<string, Map<number, Float32Array>>();
  private readonly bucketOf = new Map<number, string>();

  get size(): number {
    return this.bucketOf.size;
  }

  add(bucket: string, id: number, vector: Float32Array): void {
    this.remove(id);
    let entries = this.buckets.get(bucket);
    if (!entries) this.buckets.set(bucket, (entries = new Map()));
    entries.set(id, vector);
    this.bucketOf.set(id, bucket);
  }

  remove(id: number): void {
    const bucket = this.bucketOf.get(id);
    if (bucket === undefined) return;
    const entries = this.buckets.get(bucket)!;
    entries.delete(id);
    if (entries.size === 0) this.buckets.delete(bucket);
    this.bucketOf.delete(id);
  }

  clear(): void {
    this.buckets.clear();
    this.bucketOf.clear();
  }

  /** The `k` closest entries of a bucket scoring at least `minScore`, best first. */
  search(bucket: string, query: Float32Array, k: number, minScore: number): Neighbour[] {
    const found: Neighbour[] = [];
    for (const [id, vector] of this.buckets.get(bucket) ?? []) {
      const score = dot(query, vector);
      if (score >= minScore) found.push({ id, score });
    }
    return found.sort((a, b) => b.score - a.score).slice(0, k);
  }
}
