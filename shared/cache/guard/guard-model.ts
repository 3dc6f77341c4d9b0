// Written by bench/fit-guard.ts from ../shared/datasets/qqp-dev.jsonl and the fit split of prompt-pairs.jsonl. Do not edit by hand; run `npm run fit:guard`.
// Inputs: cosine, cosineSq, jaccard, substituted, added, entityOnly, lengthRatio, wordEdits; thresholds set on the cosines of all-MiniLM-L6-v2-int8.
import type { FittedGuard } from './guard.js';

export const GUARD_MODEL: FittedGuard = {
  weights: [7.22726,4.92762,-1.01629,0.241407,-0.178519,-0.539961,0.208556,1.69487],
  bias: -9.30923,
  thresholds: {"strict":0.842569,"balanced":0.743309,"lenient":0.582352},
  precision: {"strict":0.860335,"balanced":0.809789,"lenient":0.75},
};
