/**
 * Fits the cache guard and writes shared/cache/guard/guard-model.ts, from the Quora pairs of
 * ../shared/datasets and the `fit` split of our prompt-style pairs
 * (shared/cache/guard/prompt-pairs.jsonl: rewordings as people type them to assistants, and
 * look-alikes that differ in one decisive detail): one logistic model on the cosine of the
 * built-in embedding model and the text features, behind the vetoes. (A model that also weighed
 * each vector dimension did no better out of fold on Quora and worse on prompt pairs.)
 *
 * Five folds, fixed by a hash of each pair's first prompt (a prompt's rewording and its
 * look-alike share a fold), give every pair a score from a model that never saw it. The
 * strictness thresholds come from those out-of-fold scores: the lowest score that keeps the
 * Quora precision target and serves no more than the level's share of look-alikes. The
 * shipped models are then fitted on all of those pairs. The `held-out` split of the prompt
 * pairs, the paraphrase set and our older hard set are never fitted on: they check what the
 * fit learnt.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { comparePairs, precisionRecall, readPairs, type LabelledPair, type PairRow } from '../companion/evaluation/labelled-pairs.js';
import { loadNodeEmbedder } from '../companion/embedding/node-embedder.js';
import { hitProbability } from '../shared/cache/guard/guard.js';
import { FEATURE_NAMES } from '../shared/cache/guard/pair-features.js';
import { STRICTNESS_LEVELS, type Strictness } from '../shared/cache/guard/strictness.js';
import { MIN_CANDIDATE_COSINE } from '../shared/cache/semantic-match.js';
import type { Embedder } from '../shared/embedding/embedder.js';
import { BUILT_IN_EMBEDDING } from '../shared/embedding/sentence-embedder.js';
import { DATASETS, RESULTS_DIR, saveResult } from './machine.js';
import { fitLogistic, round6, type LogisticModel } from './logistic.js';

export const HARD_PAIRS = join(import.meta.dirname, '../shared/cache/guard/hard-pairs.jsonl');
export const PROMPT_PAIRS = join(import.meta.dirname, '../shared/cache/guard/prompt-pairs.jsonl');

/**
 * The precision each strictness must keep on Quora pairs the model was not fitted on. Quora's
 * labels are stricter than "one answer serves both" ("How do I stay motivated?" and "What are
 * the best ways to stay motivated?" are labelled different questions), and no threshold keeps
 * 0.87 past recall 0.05 out of fold: the prompt-style look-alike caps below are what guard
 * users, and these floors keep Quora from sliding further.
 */
const TARGET_PRECISION: Record<Strictness, number> = { strict: 0.86, balanced: 0.8, lenient: 0.75 };
/** The share of prompt-style look-alikes each strictness may serve, out of fold. */
const LOOK_ALIKE_CAP: Record<Strictness, number> = { strict: 0, balanced: 0.01, lenient: 0.03 };
/** Prompt-style pairs are what the product sees; each counts this many times against one Quora pair. */
const PROMPT_PAIR_WEIGHT = 3;
const FOLDS = 5;
/** L2 penalty per standardised weight. */
const LAMBDA = 1e-3;

const foldOf = (pair: LabelledPair) => createHash('sha256').update(pair.a).digest()[0]! % FOLDS;

function readPromptPairs(split: 'fit' | 'held-out'): LabelledPair[] {
  const rows = readFileSync(PROMPT_PAIRS, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LabelledPair & { split: string });
  return rows.filter((r) => r.split === split).map(({ a, b, duplicate }) => ({ a, b, duplicate }));
}

/**
 * The default embedder, remembering every vector in bench/results/ between runs: embedding
 * ten thousand texts is the slow part of a fit. `save` writes what was learnt, once.
 */
async function rememberingEmbedder(): Promise<{ embedder: Embedder; save: () => void }> {
  const inner = await loadNodeEmbedder();
  const textsFile = join(RESULTS_DIR, `guard-texts-${inner.model}.tmp`);
  const vectorsFile = join(RESULTS_DIR, `guard-vectors-${inner.model}.tmp`);
  const known = new Map<string, Float32Array>();
  if (existsSync(textsFile) && existsSync(vectorsFile)) {
    const texts = JSON.parse(readFileSync(textsFile, 'utf8')) as string[];
    const bytes = readFileSync(vectorsFile);
    const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    texts.forEach((t, i) => known.set(t, all.slice(i * inner.dimensions, (i + 1) * inner.dimensions)));
  }
  let learnt = false;
  const embedder: Embedder = {
    model: inner.model,
    dimensions: inner.dimensions,
    async embed(texts) {
      const missing = [...new Set(texts.filter((t) => !known.has(t)))];
      if (missing.length > 0) {
        (await inner.embed(missing)).forEach((v, i) => known.set(missing[i]!, v));
        learnt = true;
      }
      return texts.map((t) => known.get(t)!);
    },
  };
  const save = () => {
    if (!learnt) return;
    writeFileSync(textsFile, JSON.stringify([...known.keys()]));
    const all = new Float32Array(known.size * inner.dimensions);
    [...known.values()].forEach((v, i) => all.set(v, i * inner.dimensions));
    writeFileSync(vectorsFile, Buffer.from(all.buffer));
  };
  return { embedder, save };
}

/** The Quora pairs, the paraphrases, our hard set and both splits of our prompt pairs, compared with the default model. */
export async function guardRows(): Promise<{ qqp: PairRow[]; paraphrases: PairRow[]; hard: PairRow[]; promptFit: PairRow[]; promptHeldOut: PairRow[] }> {
  const { embedder, save } = await rememberingEmbedder();
  const rows = {
    qqp: await comparePairs(readPairs(join(DATASETS, 'qqp-dev.jsonl')), embedder),
    paraphrases: await comparePairs(readPairs(join(DATASETS, 'paraphrase-dev.jsonl')), embedder),
    hard: await comparePairs(readPairs(HARD_PAIRS), embedder),
    promptFit: await comparePairs(readPromptPairs('fit'), embedder),
    promptHeldOut: await comparePairs(readPromptPairs('held-out'), embedder),
  };
  save();
  return rows;
}


/** What the product would score: vetoed pairs and pairs the vector search never finds get 0. */
const candidate = (row: PairRow) => row.vetoes.length === 0 && row.similarity.cosine >= MIN_CANDIDATE_COSINE;

function fit(rows: PairRow[]): LogisticModel {
  const trainable = rows.filter(candidate);
  return fitLogistic(trainable.map((r) => r.features), trainable.map((r) => Number(r.pair.duplicate)), { lambda: LAMBDA });
}

const scorer = (model: LogisticModel) => (row: PairRow) => (candidate(row) ? hitProbability(model, row.features) : 0);

/** Serving the pairs scored highest first (never those scored 0): after each, its score and the true and false hits so far. */
function* servedInOrder(scores: number[], labels: boolean[]) {
  const order = scores.map((s, i) => [s, labels[i]] as const).sort((a, b) => b[0] - a[0]);
  let tp = 0;
  let fp = 0;
  for (const [score, label] of order) {
    if (score <= 0) return;
    if (label) tp++;
    else fp++;
    yield { score, tp, fp };
  }
}

/**
 * The lowest threshold at which the served Quora pairs (at least 20) keep the target precision
 * and the served prompt-style look-alikes stay within the cap.
 */
function thresholdFor(qqp: { scores: number[]; labels: boolean[] }, lookAlikeScores: number[], target: number, cap: number): number {
  let best = 1;
  const lookAlikes = [...lookAlikeScores].sort((x, y) => y - x);
  const allowed = Math.floor(cap * lookAlikes.length);
  // Below the (allowed+1)-th highest look-alike score, one look-alike too many would be served.
  const floor = lookAlikes[allowed] ?? 0;
  for (const { score, tp, fp } of servedInOrder(qqp.scores, qqp.labels)) if (tp + fp >= 20 && tp / (tp + fp) >= target && score > floor) best = score;
  return best;
}

/** Precision at each whole percent of recall. */
function precisionAtRecall(scores: number[], labels: boolean[]): { recall: number; precision: number }[] {
  const positives = labels.filter(Boolean).length;
  const points: { recall: number; precision: number }[] = [];
  for (const { tp, fp } of servedInOrder(scores, labels)) {
    const next = (points.length + 1) / 100;
    if (tp / positives >= next - 1e-9) points.push({ recall: next, precision: tp / (tp + fp) });
  }
  return points;
}

const levels = <T>(f: (level: Strictness) => T) => Object.fromEntries(STRICTNESS_LEVELS.map((l) => [l, f(l)])) as Record<Strictness, T>;

/** Each prompt-style pair repeated by its weight, after the Quora pairs. */
const trainingRows = (qqp: PairRow[], prompts: PairRow[]) => [...qqp, ...Array.from({ length: PROMPT_PAIR_WEIGHT }, () => prompts).flat()];

function outOfFoldScores(qqp: PairRow[], prompts: PairRow[]): { qqp: number[]; prompts: number[] } {
  const scores = { qqp: new Array<number>(qqp.length).fill(0), prompts: new Array<number>(prompts.length).fill(0) };
  for (let k = 0; k < FOLDS; k++) {
    const outside = (rows: PairRow[]) => rows.filter((r) => foldOf(r.pair) !== k);
    const score = scorer(fit(trainingRows(outside(qqp), outside(prompts))));
    for (const [set, rows] of [['qqp', qqp], ['prompts', prompts]] as const) {
      rows.forEach((r, i) => {
        if (foldOf(r.pair) === k) scores[set][i] = score(r);
      });
    }
  }
  return scores;
}

/** The share of rewordings and of look-alikes served. */
function promptFigures(rows: PairRow[], served: boolean[]) {
  const share = (duplicate: boolean) => {
    const picked = rows.map((r, i) => [r.pair.duplicate, served[i]] as const).filter(([d]) => d === duplicate);
    return picked.filter(([, s]) => s).length / picked.length;
  };
  return { rewordingsServed: share(true), lookAlikesServed: share(false) };
}

export async function fitGuard() {
  const { qqp, paraphrases, hard, promptFit, promptHeldOut } = await guardRows();
  const labels = qqp.map((r) => r.pair.duplicate);
  const report: Record<string, unknown> = {
    pairs: qqp.length,
    duplicates: labels.filter(Boolean).length,
    promptPairs: { fit: promptFit.length, heldOut: promptHeldOut.length, weight: PROMPT_PAIR_WEIGHT },
    folds: FOLDS,
    targetPrecision: TARGET_PRECISION,
    lookAlikeCap: LOOK_ALIKE_CAP,
  };
  const rewordings = hard.filter((r) => r.pair.duplicate);
  const lookAlikes = hard.filter((r) => !r.pair.duplicate);
  const oof = outOfFoldScores(qqp, promptFit);
  const oofLookAlikes = oof.prompts.filter((_, i) => !promptFit[i]!.pair.duplicate);
  const thresholds = levels((level) => thresholdFor({ scores: oof.qqp, labels }, oofLookAlikes, TARGET_PRECISION[level], LOOK_ALIKE_CAP[level]));
  const outOfFold = levels((level) => precisionRecall(oof.qqp.map((s) => s >= thresholds[level]), labels));
  const model = fit(trainingRows(qqp, promptFit));
  const score = scorer(model);
  const served = (rows: PairRow[], level: Strictness) => rows.map((r) => score(r) >= thresholds[level]);
  const figures = {
    thresholds,
    outOfFold,
    promptFitOutOfFold: levels((level) => promptFigures(promptFit, oof.prompts.map((s) => s >= thresholds[level]))),
    promptHeldOut: levels((level) => promptFigures(promptHeldOut, served(promptHeldOut, level))),
    hardSet: levels((level) => ({ rewordingRecall: served(rewordings, level).filter(Boolean).length / rewordings.length, falseHitRate: served(lookAlikes, level).filter(Boolean).length / lookAlikes.length })),
    paraphraseRecall: levels((level) => served(paraphrases, level).filter(Boolean).length / paraphrases.length),
  };
  Object.assign(report, figures, {
    inSample: levels((level) => precisionRecall(served(qqp, level), labels)),
    outOfFoldCurve: precisionAtRecall(oof.qqp, labels),
    cosineCurve: precisionAtRecall(qqp.map((r) => r.similarity.cosine), labels),
  });

  const rounded = (values: Record<Strictness, number>) => JSON.stringify(levels((l) => Number(values[l].toPrecision(6))));
  writeFileSync(
    join(import.meta.dirname, '../shared/cache/guard/guard-model.ts'),
    `// Written by bench/fit-guard.ts from ../shared/datasets/qqp-dev.jsonl and the fit split of prompt-pairs.jsonl. Do not edit by hand; run \`npm run fit:guard\`.
// Inputs: ${FEATURE_NAMES.join(', ')}; thresholds set on the cosines of ${BUILT_IN_EMBEDDING.name}.
import type { FittedGuard } from './guard.js';

export const GUARD_MODEL: FittedGuard = {
  weights: ${JSON.stringify(round6(model.weights))},
  bias: ${Number(model.bias.toPrecision(6))},
  thresholds: ${rounded(thresholds)},
  precision: ${rounded(levels((level) => outOfFold[level].precision))},
};
`,
  );
  console.log(JSON.stringify(figures, null, 2));
  return { file: saveResult('guard-fit', report), report };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await fitGuard();
  process.exit(0);
}
