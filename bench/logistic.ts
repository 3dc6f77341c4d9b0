/** A logistic regression over raw features: log-odds = bias + Σ weights·x. */
export interface LogisticModel {
  weights: number[];
  bias: number;
}

/**
 * Fits on standardised features with an L2 penalty (λ per standardised weight) by full-batch
 * Adam, then folds the standardisation back into the weights, so scoring needs no mean or scale.
 */
export function fitLogistic(x: ArrayLike<number>[], y: number[], options: { lambda?: number; epochs?: number; rate?: number } = {}): LogisticModel {
  const { lambda = 1e-3, epochs = 400, rate = 0.01 } = options;
  const n = x.length;
  const d = x[0]!.length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const row of x) for (let j = 0; j < d; j++) mean[j]! += row[j]! / n;
  for (const row of x) for (let j = 0; j < d; j++) scale[j]! += (row[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const z = x.map((row) => Float64Array.from({ length: d }, (_, j) => (row[j]! - mean[j]!) / scale[j]!));

  // Index d holds the bias, which is not penalised.
  const w = new Float64Array(d + 1);
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const g = new Float64Array(d + 1);
  for (let t = 1; t <= epochs; t++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      let s = w[d]!;
      for (let j = 0; j < d; j++) s += zi[j]! * w[j]!;
      const err = 1 / (1 + Math.exp(-s)) - y[i]!;
      for (let j = 0; j < d; j++) g[j]! += err * zi[j]!;
      g[d]! += err;
    }
    for (let j = 0; j <= d; j++) {
      const grad = g[j]! / n + (j < d ? lambda * w[j]! : 0);
      m[j] = 0.9 * m[j]! + 0.1 * grad;
      v[j] = 0.999 * v[j]! + 0.001 * grad * grad;
      w[j]! -= (rate * (m[j]! / (1 - 0.9 ** t))) / (Math.sqrt(v[j]! / (1 - 0.999 ** t)) + 1e-8);
    }
  }
  const weights = Array.from({ length: d }, (_, j) => w[j]! / scale[j]!);
  const bias = weights.reduce((b, wj, j) => b - wj * mean[j]!, w[d]!);
  return { weights, bias };
}

export const round6 = (xs: number[]) => xs.map((x) => Number(x.toPrecision(6)));
