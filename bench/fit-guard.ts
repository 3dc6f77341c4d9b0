/**
 * Fits the cache guard on the Quora pairs of ../shared/datasets and writes
 * shared/cache/guard/guard-model.ts. Two logistic models share the vetoes and the text
 * features: one also reads the two prompts' vectors (those of the default embedding model),
 * the other only their cosine (for any other model).
 *
 * Five folds, fixed by a hash of each pair, give every pair a score from a model that never
 * saw it. The strictness thresholds and the reported figures come from those out-of-fold
 * scores; the shipped models are then fitted on all the pairs. The paraphrase set and our
 * hard-negative set are never fitted on: they check what the fit learnt.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { comparePairs, precisionRecall, readPairs, type LabelledPair, type PairRow } from '../companion/evaluation/labelled-pairs.js';
import { loadNodeEmbedder } from '../companion/embedding/node-embedder.js';
import { hitProbability, inputsWithVectors } from '../shared/cache/guard/guard.js';
import { FEATURE_NAMES } from '../shared/cache/guard/pair-features.js';
import { STRICTNESS_LEVELS, type Strictness } from '../shared/cache/guard/strictness.js';
import { MIN_CANDIDATE_COSINE } from '../shared/cache/semantic-match.js';
import type { Embedder } from '../shared/embedding/embedder.js';
import { DATASETS, RESULTS_DIR, saveResult } from './machine.js';
import { fitLogistic, round6, type LogisticModel } from './logistic.js';

export const HARD_PAIRS = join(import.meta.dirname, '../shared/cache/guard/hard-pairs.jsonl');

/** The precision each strictness must keep on pairs the model was not fitted on. */
const TARGET_PRECISION: Record<Strictness, number> = { strict: 0.9, balanced: 0.85, lenient: 0.8 };
const FOLDS = 5;
/** L2 penalties per standardised weight, chosen by the out-of-fold curve: the vector model has 1,031 weights for about 2,000 pairs. */
const LAMBDA = { withVectors: 1, textOnly: 1e-3 };

type ModelKind = keyof typeof LAMBDA;

const foldOf = (pair: LabelledPair) => createHash('sha256').update(`${pair.a}\n${pair.b}`).digest()[0]! % FOLDS;

/**
 * The default embedder, remembering every vector in bench/results/ between runs: embedding
 * ten thousand texts is the slow part of a fit. `save` writes what was learnt, once.
 */
async function rememberingEmbedder(): Promise<{ embedder: Embedder; save: () => void }> {
  const textsFile = join(RESULTS_DIR, 'guard-texts.tmp');
  const vectorsFile = join(RESULTS_DIR, 'guard-vectors.tmp');
  const inner = await loadNodeEmbedder();
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

/** The Quora pairs, the paraphrases and our hard set, compared with the default model. */
export async function guardRows(): Promise<{ qqp: PairRow[]; paraphrases: PairRow[]; hard: PairRow[] }> {
  const { embedder, save } = await rememberingEmbedder();
  const rows = {
    qqp: await comparePairs(readPairs(join(DATASETS, 'qqp-dev.jsonl')), embedder),
    paraphrases: await comparePairs(readPairs(join(DATASETS, 'paraphrase-dev.jsonl')), embedder),
    hard: await comparePairs(readPairs(HARD_PAIRS), embedder),
  };
  save();
  return rows;
}

const inputsOf = (row: PairRow, kind: ModelKind) => (kind === 'withVectors' ? inputsWithVectors(row.features, row.similarity.vectors.cached, row.similarity.vectors.incoming) : row.features);

/** What the product would score: vetoed pairs and pairs the vector search never finds get 0. */
const candidate = (row: PairRow) => row.vetoes.length === 0 && row.similarity.cosine >= MIN_CANDIDATE_COSINE;

function fit(rows: PairRow[], kind: ModelKind): LogisticModel {
  const trainable = rows.filter(candidate);
  return fitLogistic(trainable.map((r) => inputsOf(r, kind)), trainable.map((r) => Number(r.pair.duplicate)), { lambda: LAMBDA[kind] });
}

const scorer = (model: LogisticModel, kind: ModelKind) => (row: PairRow) => (candidate(row) ? hitProbability(model, inputsOf(row, kind)) : 0);

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

/** The lowest threshold at which the served pairs (at least 20) keep the target precision. */
function thresholdFor(scores: number[], labels: boolean[], target: number): number {
  let best = 1;
  for (const { score, tp, fp } of servedInOrder(scores, labels)) if (tp + fp >= 20 && tp / (tp + fp) >= target) best = score;
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

function outOfFoldScores(rows: PairRow[], kind: ModelKind): number[] {
  const scores = new Array<number>(rows.length).fill(0);
  for (let k = 0; k < FOLDS; k++) {
    const score = scorer(fit(rows.filter((r) => foldOf(r.pair) !== k), kind), kind);
    rows.forEach((r, i) => {
      if (foldOf(r.pair) === k) scores[i] = score(r);
    });
  }
  return scores;
}

export async function fitGuard() {
  const { qqp, paraphrases, hard } = await guardRows();
  const labels = qqp.map((r) => r.pair.duplicate);
  const report: Record<string, unknown> = { pairs: qqp.length, duplicates: labels.filter(Boolean).length, folds: FOLDS, targetPrecision: TARGET_PRECISION };
  const rewordings = hard.filter((r) => r.pair.duplicate);
  const lookAlikes = hard.filter((r) => !r.pair.duplicate);
  const models = {} as Record<ModelKind, { model: LogisticModel; thresholds: Record<Strictness, number>; precision: Record<Strictness, number> }>;

  for (const kind of Object.keys(LAMBDA) as ModelKind[]) {
    const oof = outOfFoldScores(qqp, kind);
    const thresholds = levels((level) => thresholdFor(oof, labels, TARGET_PRECISION[level]));
    const outOfFold = levels((level) => precisionRecall(oof.map((s) => s >= thresholds[level]), labels));
    const model = fit(qqp, kind);
    models[kind] = { model, thresholds, precision: levels((level) => outOfFold[level].precision) };
    const score = scorer(model, kind);
    const served = (rows: PairRow[], level: Strictness) => rows.map((r) => score(r) >= thresholds[level]);
    report[kind] = {
      thresholds,
      outOfFold,
      inSample: levels((level) => precisionRecall(served(qqp, level), labels)),
      paraphraseRecall: levels((level) => served(paraphrases, level).filter(Boolean).length / paraphrases.length),
      hardSet: levels((level) => ({ rewordingRecall: served(rewordings, level).filter(Boolean).length / rewordings.length, falseHitRate: served(lookAlikes, level).filter(Boolean).length / lookAlikes.length })),
      outOfFoldCurve: precisionAtRecall(oof, labels),
    };
  }
  report.cosineCurve = precisionAtRecall(qqp.map((r) => r.similarity.cosine), labels);

  const rounded = (figures: Record<Strictness, number>) => JSON.stringify(levels((l) => Number(figures[l].toPrecision(6))));
  const written = (kind: ModelKind) => `{ weights: ${JSON.stringify(round6(models[kind].model.weights))}, bias: ${Number(models[kind].model.bias.toPrecision(6))}, thresholds: ${rounded(models[kind].thresholds)}, precision: ${rounded(models[kind].precision)} }`;
  writeFileSync(
    join(import.meta.dirname, '../shared/cache/guard/guard-model.ts'),
    `// Written by bench/fit-guard.ts from ../shared/datasets/qqp-dev.jsonl. Do not edit by hand; run \`npm run fit:guard\`.
// Inputs: ${FEATURE_NAMES.join(', ')}; then, for withVectors, the ${qqp[0]!.similarity.vectors.cached.length} products and ${qqp[0]!.similarity.vectors.cached.length} distances of the two vectors.
import type { FittedGuard } from './guard.js';

export const GUARD_MODEL: { embedding: string; withVectors: FittedGuard; textOnly: FittedGuard } = {
  embedding: ${JSON.stringify(qqp[0]!.similarity.vectors.model)},
  withVectors: ${written('withVectors')},
  textOnly: ${written('textOnly')},
};
`,
  );
  const summary = (kind: ModelKind) => (report[kind] as { outOfFold: unknown; hardSet: unknown; paraphraseRecall: unknown });
  console.log(JSON.stringify({ withVectors: summary('withVectors'), textOnly: summary('textOnly') }, null, 2));
  return { file: saveResult('guard-fit', report), report };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await fitGuard();
  process.exit(0);
}
