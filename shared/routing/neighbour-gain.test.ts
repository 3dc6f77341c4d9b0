import { describe, expect, it } from 'vitest';
import { normalize } from '../embedding/vectors.js';
import { neighbourGain, quantizeVectors, type NeighbourGains } from './neighbour-gain.js';

/** A unit vector near axis `axis` of 8, nudged by `jitter` along the next axis. */
const near = (axis: number, jitter: number) => normalize(Float32Array.from({ length: 8 }, (_, j) => (j === axis ? 1 : j === (axis + 1) % 8 ? jitter : 0)));

function labelled(rows: { vector: Float32Array; gain: number }[], k: number, prior = 0): NeighbourGains {
  const { vectors } = quantizeVectors(rows.map((r) => r.vector));
  const gains = Int8Array.from(rows, (r) => r.gain);
  return { dims: 8, vectors, gains, k, prior, mean: gains.reduce((a, b) => a + b, 0) / gains.length };
}

describe('neighbour gain', () => {
  // Five questions on one subject where the heavy model gained, five on another where it did not.
  const rows = [
    ...[0, 0.1, 0.2, 0.3, 0.4].map((jitter) => ({ vector: near(0, jitter), gain: 1 })),
    ...[0, 0.1, 0.2, 0.3, 0.4].map((jitter) => ({ vector: near(4, jitter), gain: 0 })),
  ];

  it("averages the outcomes of a question's own subject, not the other's", () => {
    const model = labelled(rows, 5);
    expect(neighbourGain(model, near(0, 0.05))).toBe(1);
    expect(neighbourGain(model, near(4, 0.05))).toBe(0);
  });

  it('takes k neighbours, so a wide neighbourhood reaches into the other subject', () => {
    expect(neighbourGain(labelled(rows, 10), near(0, 0.05))).toBe(0.5);
    expect(neighbourGain(labelled(rows, 7), near(0, 0.05))).toBeCloseTo(5 / 7);
  });

  it('shrinks a few neighbours towards the mean of all', () => {
    const model = labelled(rows, 2, 2);
    expect(neighbourGain(model, near(0, 0.05))).toBeCloseTo((2 + 2 * 0.5) / 4);
  });

  it('stores each component within half an int8 step of its value', () => {
    const { vectors, scale } = quantizeVectors(rows.map((r) => r.vector));
    const restored = rows.map((_, i) => Array.from(vectors.subarray(i * 8, (i + 1) * 8), (x) => x / scale));
    restored.forEach((v, i) => v.forEach((x, j) => expect(Math.abs(x - rows[i]!.vector[j]!)).toBeLessThanOrEqual(0.5 / scale)));
  });
});
