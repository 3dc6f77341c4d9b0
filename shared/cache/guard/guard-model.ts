// Written by bench/fit-guard.ts from ../shared/datasets (qqp-dev minus its held-out 30%, paraphrase-dev).
// Features: cosine, cosineSq, jaccard, substituted, added, entityOnly, lengthRatio. Do not edit by hand; run `npm run fit:guard`.
export const GUARD_MODEL = {
  mean: [0.904368,0.821865,0.586746,1.38062,0.941122,0.276773,0.173184],
  scale: [0.063121,0.111508,0.225932,1.55154,1.0352,0.601253,0.171366],
  weights: [0.166134,0.694291,0.516333,1.18808,0.218821,-0.205581,-0.111903],
  bias: 1.75597,
  thresholds: {"strict":0.922306,"balanced":0.877106,"lenient":0.795648},
};
