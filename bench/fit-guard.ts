/**
 * Fits the cache guard's model on ../shared/datasets (Quora pairs and paraphrases) and writes
 * shared/cache/guard/guard-model.ts. A fixed hash of each Quora pair holds 30% of them out;
 * the figures on that part tell how the guard does on pairs it was not fitted on.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { comparePairs, precisionRecall, readPairs, type LabelledPair, type PairRow } from '../companion/evaluation/labelled-pairs.js';
import { comparePrompts, FEATURE_NAMES } from '../shared/cache/guard/pair-features.js';
import { promptFacts } from '../shared/cache/guard/prompt-facts.js';
import { DATASETS, saveResult } from './machine.js';
import { fitLogistic, logOdds, round6, type LogisticModel } from './logistic.js';


/** Embeddings are the slow part: keep each pair's cosine between fits, recompute the rest. */
export async function cachedRows(pairs: LabelledPair[]): Promise<PairRow[]> {
  const cacheFile = join(import.meta.dirname, 'results', 'guard-cosines.tmp');
  if (existsSync(cacheFile)) {
    const cosines = JSON.parse(readFileSync(cacheFile, 'utf8')) as number[];
    if (cosines.length === pairs.length) {
      return pairs.map((pair, i) => ({ pair, cosine: cosines[i]!, ...comparePrompts(promptFacts(pair.a), promptFacts(pair.b), cosines[i]!) }));
    }
  }
  const rows = await comparePairs(pairs);
  writeFileSync(cacheFile, JSON.stringify(rows.map((r) => r.cosine)));
  return rows;
}

const CANDIDATE_COSINE = 0.75;

export function heldOut(pair: LabelledPair): boolean {
  return createHash('sha256').update(`${pair.a}\n${pair.b}`).digest()[0]! < 77;
}

function probability(model: LogisticModel, f: number[]): number {
  return 1 / (1 + Math.exp(-logOdds(model, f)));
}

/** The lowest threshold whose precision on these rows reaches the target. */
function thresholdFor(scores: number[], labels: boolean[], target: number): number {
  const order = scores.map((s, i) => [s, labels[i]] as const).sort((a, b) => b[0] - a[0]);
  let tp = 0;
  let fp = 0;
  let best = 1;
  for (const [score, label] of order) {
    if (label) tp++;
    else fp++;
    if (tp + fp >= 20 && tp / (tp + fp) >= target) best = score;
  }
  return best;
}

export async function fitGuard() {
  const qqp = readPairs(join(DATASETS, 'qqp-dev.jsonl'));
  const paraphrases = readPairs(join(DATASETS, 'paraphrase-dev.jsonl'));
  const rows = await cachedRows([...qqp, ...paraphrases]);
  const qqpRows = rows.slice(0, qqp.length);
  const fitRows = [...qqpRows.filter((r) => !heldOut(r.pair)), ...rows.slice(qqp.length)];
  const holdRows = qqpRows.filter((r) => heldOut(r.pair));

  // The guard only ever judges candidates the vector search found, so it is fitted where they lie.
  const trainable = fitRows.filter((r) => r.vetoes.length === 0 && r.cosine >= CANDIDATE_COSINE);
  const model = fitLogistic(trainable.map((r) => r.features), trainable.map((r) => (r.pair.duplicate ? 1 : 0)));
  const score = (r: PairRow) => (r.vetoes.length ? 0 : probability(model, r.features));
  const fitQqp = qqpRows.filter((r) => !heldOut(r.pair));
  const fitScores = fitQqp.map(score);
  const fitLabels = fitQqp.map((r) => r.pair.duplicate);
  const thresholds = {
    strict: thresholdFor(fitScores, fitLabels, 0.9),
    balanced: thresholdFor(fitScores, fitLabels, 0.85),
    lenient: thresholdFor(fitScores, fitLabels, 0.8),
  };
  writeFileSync(
    join(import.meta.dirname, '../shared/cache/guard/guard-model.ts'),
    `// Written by bench/fit-guard.ts from ../shared/datasets (qqp-dev minus its held-out 30%, paraphrase-dev).
// Features: ${FEATURE_NAMES.join(', ')}. Do not edit by hand; run \`npm run fit:guard\`.
export const GUARD_MODEL = {
  mean: ${JSON.stringify(round6(model.mean))},
  scale: ${JSON.stringify(round6(model.scale))},
  weights: ${JSON.stringify(round6(model.weights))},
  bias: ${Number(model.bias.toPrecision(6))},
  thresholds: ${JSON.stringify({ strict: Number(thresholds.strict.toPrecision(6)), balanced: Number(thresholds.balanced.toPrecision(6)), lenient: Number(thresholds.lenient.toPrecision(6)) })},
};
`,
  );
  const report: Record<string, unknown> = { thresholds, weights: Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, model.weights[i]])) };
  for (const [name, set] of [['fit', fitQqp], ['heldOut', holdRows]] as const) {
    const labels = set.map((r) => r.pair.duplicate);
    report[name] = Object.fromEntries(
      (['strict', 'balanced', 'lenient'] as const).map((level) => [level, precisionRecall(set.map((r) => score(r) >= thresholds[level]), labels)]),
    );
  }
  console.log(JSON.stringify(report, null, 2));
  return { file: saveResult('guard-fit', report), report };
}

if (import.meta.url === `file://${process.argv[1]}`) await fitGuard();
