import { judgeMatch } from '../../shared/cache/semantic-match.js';
import { comparePairs, precisionRecall, type LabelledPair } from './labelled-pairs.js';

export interface CacheEvaluation {
  pairs: number;
  duplicates: number;
  precision: number;
  recall: number;
  falseHitRate: number;
  /** Raw cosine at the threshold that first reaches the product's recall. */
  baseline: { precision: number; recall: number };
}

/**
 * Would the product, with default settings and the default model, serve `a`'s cached answer
 * for `b`? Fits nothing to the pairs it is given.
 */
export async function evaluateCache(pairs: LabelledPair[]): Promise<CacheEvaluation> {
  const rows = await comparePairs(pairs);
  const labels = pairs.map((p) => p.duplicate);
  const served = rows.map((r) => judgeMatch(r.pair.a, r.pair.b, r.similarity).hit);
  const product = precisionRecall(served, labels);

  const byCosine = rows.map((r, i) => [r.similarity.cosine, i] as const).sort((x, y) => y[0] - x[0]);
  const duplicates = labels.filter(Boolean).length;
  let tp = 0;
  let fp = 0;
  for (const [, i] of byCosine) {
    if (duplicates === 0 || tp / duplicates >= product.recall) break;
    if (labels[i]) tp++;
    else fp++;
  }
  return {
    pairs: pairs.length,
    duplicates,
    precision: product.precision,
    recall: product.recall,
    falseHitRate: product.falseHitRate,
    baseline: { precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: duplicates === 0 ? 0 : tp / duplicates },
  };
}
