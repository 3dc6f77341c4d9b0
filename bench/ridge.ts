/** Least squares with an L2 penalty on standardised features, solved exactly (few features). */
export interface RidgeModel {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

export function fitRidge(x: number[][], y: number[], lambda: number): RidgeModel {
  const n = x.length;
  const d = x[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[j]!, 0) / n);
  const scale = mean.map((m, j) => Math.sqrt(x.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / n) || 1);
  const yMean = y.reduce((a, b) => a + b, 0) / n;
  const z = x.map((r) => r.map((v, j) => (v - mean[j]!) / scale[j]!));
  // Normal equations (ZᵀZ + λI) w = Zᵀ(y − ȳ), solved by Gauss–Jordan with partial pivoting.
  const a = Array.from({ length: d }, (_, p) => Array.from({ length: d }, (_, q) => z.reduce((s, r) => s + r[p]! * r[q]!, 0) + (p === q ? lambda : 0)));
  const b = Array.from({ length: d }, (_, p) => z.reduce((s, r, i) => s + r[p]! * (y[i]! - yMean), 0));
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    [b[c], b[pivot]] = [b[pivot]!, b[c]!];
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < d; k++) a[r]![k]! -= f * a[c]![k]!;
      b[r]! -= f * b[c]!;
    }
  }
  return { mean, scale, weights: b.map((v, c) => v / a[c]![c]!), bias: yMean };
}
