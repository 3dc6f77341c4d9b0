import { dot, normalize } from '../embedding/vectors.js';

export interface Coherence {
  /** The direction the segments agree on: their geometric median, as a unit vector. */
  consensus: Float32Array;
  /** Mean cosine of the segments to the consensus: 1 when they all say one thing. */
  mean: number;
  /** The lowest cosine of a segment to the consensus: the most off-topic part. */
  min: number;
}

/**
 * Solves min_z Σ‖z − xᵢ‖ (the geometric median, which an odd segment cannot drag far) by ADMM
 * in consensus form: each segment keeps its own copy zᵢ = z, whose proximal step is a block
 * soft-threshold, and z is the mean of the copies plus their scaled duals.
 */
export function coherence(segments: Float32Array[], rho = 1, iterations = 50): Coherence {
  const dims = segments[0]!.length;
  const n = segments.length;
  const z = new Float32Array(dims);
  for (const x of segments) for (let j = 0; j < dims; j++) z[j]! += x[j]! / n;
  const copies = segments.map((x) => Float32Array.from(x));
  const duals = segments.map(() => new Float32Array(dims));
  for (let it = 0; it < iterations && n > 1; it++) {
    segments.forEach((x, i) => {
      const copy = copies[i]!;
      const u = duals[i]!;
      let norm = 0;
      for (let j = 0; j < dims; j++) norm += (z[j]! - u[j]! - x[j]!) ** 2;
      const shrink = Math.max(0, 1 - 1 / (rho * Math.sqrt(norm)));
      for (let j = 0; j < dims; j++) copy[j] = x[j]! + shrink * (z[j]! - u[j]! - x[j]!);
    });
    z.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < dims; j++) z[j]! += (copies[i]![j]! + duals[i]![j]!) / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < dims; j++) duals[i]![j]! += copies[i]![j]! - z[j]!;
  }
  const consensus = normalize(z);
  const cosines = segments.map((x) => dot(x, consensus));
  return { consensus, mean: cosines.reduce((a, b) => a + b, 0) / n, min: Math.min(...cosines) };
}
