/**
 * How much the heavy model gained on the labelled questions nearest a new one in embedding
 * space. Subject centroids are too coarse for multiple-choice questions: out of fold, the
 * nearest questions' outcomes took MMLU's heavy share at 95% from 0.517 to 0.477, where a
 * second set of centroids (64 or 128, for these questions alone) reached only 0.51.
 */
export interface NeighbourGains {
  dims: number;
  /** The labelled questions' unit vectors as `quantizeVectors` rounds them to int8, one row of `dims` after another. */
  vectors: Int8Array;
  /** Strong correct − weak correct per labelled question: −1, 0 or 1. */
  gains: Int8Array;
  /** How many nearest questions are averaged. */
  k: number;
  /** Questions' worth of `mean` added to the average, so a sparse neighbourhood says little. */
  prior: number;
  mean: number;
}

/** Scales unit vectors to int8 rows, a quarter of their float32 size; the router is fitted on these same rows, so its figures hold for them. */
export function quantizeVectors(vectors: Float32Array[]): { vectors: Int8Array; scale: number } {
  const largest = Math.max(...vectors.map((v) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0)));
  const scale = 127 / largest;
  const dims = vectors[0]!.length;
  const out = new Int8Array(vectors.length * dims);
  vectors.forEach((v, i) => v.forEach((x, j) => (out[i * dims + j] = Math.round(x * scale))));
  return { vectors: out, scale };
}

/**
 * The labelled rows' similarities to `vector` (unscaled dot products: only their order
 * matters). Four running sums, not one: finding 7k questions' nearest takes about 7 ms here, not 9.
 */
function similarities(model: NeighbourGains, vector: Float32Array): Float32Array {
  const { dims, vectors } = model;
  const whole = dims - (dims % 4);
  const sims = new Float32Array(model.gains.length);
  for (let row = 0, offset = 0; row < sims.length; row++, offset += dims) {
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (let j = 0; j < whole; j += 4) {
      a += vectors[offset + j]! * vector[j]!;
      b += vectors[offset + j + 1]! * vector[j + 1]!;
      c += vectors[offset + j + 2]! * vector[j + 2]!;
      d += vectors[offset + j + 3]! * vector[j + 3]!;
    }
    for (let j = whole; j < dims; j++) a += vectors[offset + j]! * vector[j]!;
    sims[row] = a + b + c + d;
  }
  return sims;
}

/** The average gain over the `k` nearest labelled questions, shrunk towards the mean. */
export function neighbourGain(model: NeighbourGains, vector: Float32Array): number {
  const sims = similarities(model, vector);
  const k = Math.min(model.k, sims.length);
  const kth = Float32Array.from(sims).sort()[sims.length - k]!;
  let sum = 0;
  let taken = 0;
  for (let row = 0; row < sims.length && taken < k; row++) {
    if (sims[row]! < kth) continue;
    sum += model.gains[row]!;
    taken += 1;
  }
  return (sum + model.prior * model.mean) / (taken + model.prior);
}
