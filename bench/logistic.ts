/** A logistic regression on standardised features, fitted by full-batch gradient descent with L2. */
export interface LogisticModel {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

export function fitLogistic(x: number[][], y: number[], options: { lambda?: number; epochs?: number; rate?: number; sampleWeights?: number[] } = {}): LogisticModel {
  const { lambda = 1e-3, epochs = 3000, rate = 0.5 } = options;
  const n = x.length;
  const d = x[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[j]!, 0) / n);
  const scale = mean.map((m, j) => Math.sqrt(x.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / n) || 1);
  const z = new Float64Array(n * d);
  x.forEach((r, i) => r.forEach((v, j) => (z[i * d + j] = (v - mean[j]!) / scale[j]!)));
  const sw = options.sampleWeights ?? new Array<number>(n).fill(1);
  const totalWeight = sw.reduce((a, b) => a + b, 0);
  const w = new Float64Array(d);
  const gw = new Float64Array(d);
  let b = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    gw.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      let s = b;
      const row = i * d;
      for (let j = 0; j < d; j++) s += z[row + j]! * w[j]!;
      const err = (1 / (1 + Math.exp(-s)) - y[i]!) * sw[i]!;
      for (let j = 0; j < d; j++) gw[j]! += err * z[row + j]!;
      gb += err;
    }
    for (let j = 0; j < d; j++) w[j]! -= rate * (gw[j]! / totalWeight + lambda * w[j]!);
    b -= rate * (gb / totalWeight);
  }
  return { mean, scale, weights: Array.from(w), bias: b };
}

/** The fitted model's log-odds for one row of raw features. */
export function logOdds(model: LogisticModel, features: number[]): number {
  return features.reduce((s, v, j) => s + model.weights[j]! * ((v - model.mean[j]!) / model.scale[j]!), model.bias);
}

export const round6 = (xs: number[]) => xs.map((x) => Number(x.toPrecision(6)));
