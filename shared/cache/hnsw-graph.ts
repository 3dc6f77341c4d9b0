/**
 * A hierarchical navigable small-world graph (Malkov & Yashunin) over rows of unit vectors
 * that live elsewhere (a bucket's one Float32Array), scored by inner product. Rows are added
 * in order and never move; the caller filters removed rows out of the results (they stay in
 * the graph as stepping stones until the caller rebuilds it).
 */
export class HnswGraph {
  /** Level-0 neighbours, `M0` slots per row; -1 marks an empty slot. */
  private base: Int32Array;
  /** Neighbours on the levels above 0, per row that reaches them: `upper[row][level - 1]`. */
  private readonly upper = new Map<number, Int32Array[]>();
  private rows = 0;
  private entry = -1;
  private top = -1;
  private seed = 0x2545f491;
  private visited: Uint32Array;
  private mark = 0;
  private readonly m0: number;
  private readonly levelFactor: number;

  constructor(
    private readonly dims: number,
    private readonly vectors: () => Float32Array,
    private readonly m = 16,
    private readonly efConstruction = 64,
    capacity = 1024,
  ) {
    this.m0 = 2 * m;
    this.base = new Int32Array(capacity * this.m0).fill(-1);
    this.visited = new Uint32Array(capacity);
    this.levelFactor = 1 / Math.log(m);
  }

  get size(): number {
    return this.rows;
  }

  /** Adds the next row (its vector must already be in the array). */
  add(row: number): void {
    if (row !== this.rows) throw new Error(`rows are added in order: expected ${this.rows}, got ${row}`);
    this.reserve(row + 1);
    this.rows++;
    const level = this.randomLevel();
    if (level > 0) this.upper.set(row, Array.from({ length: level }, () => new Int32Array(this.m).fill(-1)));
    if (this.entry < 0) {
      [this.entry, this.top] = [row, level];
      return;
    }
    const query = this.vector(row);
    let nearest = this.entry;
    for (let l = this.top; l > level; l--) nearest = this.greedy(query, nearest, l);
    for (let l = Math.min(level, this.top); l >= 0; l--) {
      const found = this.searchLevel(query, [nearest], l, this.efConstruction);
      const chosen = this.diverse(found, this.m);
      const slots = this.neighbours(row, l);
      chosen.forEach((n, i) => (slots[i] = n));
      for (const n of chosen) this.link(n, row, l);
      nearest = found[0]![1];
    }
    if (level > this.top) [this.entry, this.top] = [row, level];
  }

  /** The `ef` best rows for a query, as [score, row], best first. */
  search(query: Float32Array, ef: number): [number, number][] {
    if (this.entry < 0) return [];
    let nearest = this.entry;
    for (let l = this.top; l > 0; l--) nearest = this.greedy(query, nearest, l);
    return this.searchLevel(query, [nearest], 0, ef);
  }

  private reserve(rows: number): void {
    if (rows <= this.visited.length) return;
    const capacity = Math.max(rows, this.visited.length * 2);
    const base = new Int32Array(capacity * this.m0).fill(-1);
    base.set(this.base);
    this.base = base;
    this.visited = new Uint32Array(capacity);
  }

  private randomLevel(): number {
    // xorshift32: the same rows in the same order make the same graph.
    this.seed ^= this.seed << 13;
    this.seed ^= this.seed >>> 17;
    this.seed ^= this.seed << 5;
    const uniform = ((this.seed >>> 0) + 1) / 4294967297;
    return Math.min(12, Math.floor(-Math.log(uniform) * this.levelFactor));
  }

  private vector(row: number): Float32Array {
    return this.vectors().subarray(row * this.dims, (row + 1) * this.dims);
  }

  private score(query: Float32Array, row: number): number {
    const data = this.vectors();
    const offset = row * this.dims;
    let s = 0;
    let i = 0;
    for (; i + 3 < this.dims; i += 4) s += query[i]! * data[offset + i]! + query[i + 1]! * data[offset + i + 1]! + query[i + 2]! * data[offset + i + 2]! + query[i + 3]! * data[offset + i + 3]!;
    for (; i < this.dims; i++) s += query[i]! * data[offset + i]!;
    return s;
  }

  private neighbours(row: number, level: number): Int32Array {
    return level === 0 ? this.base.subarray(row * this.m0, (row + 1) * this.m0) : this.upper.get(row)![level - 1]!;
  }

  /** Walks to ever closer rows on one level; the closest found. */
  private greedy(query: Float32Array, start: number, level: number): number {
    let best = start;
    let bestScore = this.score(query, start);
    for (let moved = true; moved; ) {
      moved = false;
      for (const n of this.neighbours(best, level)) {
        if (n < 0) break;
        const s = this.score(query, n);
        if (s > bestScore) [best, bestScore, moved] = [n, s, true];
      }
    }
    return best;
  }

  /** Best-first search on one level, keeping the `ef` best: [score, row], best first. */
  private searchLevel(query: Float32Array, starts: number[], level: number, ef: number): [number, number][] {
    if (++this.mark === 0xffffffff) {
      this.visited.fill(0);
      this.mark = 1;
    }
    const { visited, mark } = this;
    const best: [number, number][] = [];
    const frontier: [number, number][] = [];
    for (const s of starts) {
      visited[s] = mark;
      const entry: [number, number] = [this.score(query, s), s];
      best.push(entry);
      frontier.push(entry);
    }
    best.sort((a, b) => b[0] - a[0]);
    frontier.sort((a, b) => a[0] - b[0]);
    while (frontier.length > 0) {
      const [score, row] = frontier.pop()!;
      if (best.length >= ef && score < best[best.length - 1]![0]) break;
      for (const n of this.neighbours(row, level)) {
        if (n < 0) break;
        if (visited[n] === mark) continue;
        visited[n] = mark;
        const s = this.score(query, n);
        if (best.length >= ef && s <= best[best.length - 1]![0]) continue;
        insertScored(frontier, [s, n], 'ascending');
        insertScored(best, [s, n], 'descending');
        if (best.length > ef) best.pop();
      }
    }
    return best;
  }

  /** Keeps a candidate only when it is closer to the base than to any kept one: links that reach in different directions. */
  private diverse(candidates: [number, number][], limit: number): number[] {
    const kept: number[] = [];
    for (const [score, row] of candidates) {
      if (kept.length >= limit) break;
      const vector = this.vector(row);
      if (kept.every((k) => this.score(vector, k) <= score)) kept.push(row);
    }
    return kept;
  }

  private link(from: number, to: number, level: number): void {
    const slots = this.neighbours(from, level);
    const free = slots.indexOf(-1);
    if (free >= 0) {
      slots[free] = to;
      return;
    }
    const base = this.vector(from);
    const candidates = [...slots, to].map((r): [number, number] => [this.score(base, r), r]).sort((a, b) => b[0] - a[0]);
    const kept = this.diverse(candidates, slots.length);
    slots.fill(-1);
    kept.forEach((r, i) => (slots[i] = r));
  }
}

/** Inserts a [score, row] into a list kept sorted by score. */
function insertScored(list: [number, number][], item: [number, number], order: 'ascending' | 'descending'): void {
  const before = order === 'ascending' ? (score: number) => score <= item[0] : (score: number) => score >= item[0];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(list[mid]![0])) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}
