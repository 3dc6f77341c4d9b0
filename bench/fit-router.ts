/**
 * Fits the router on ../shared/datasets/routing-dev.jsonl and openended-dev.jsonl (whether a
 * strong and a weak model answered each MMLU, GSM8K and Chatbot Arena prompt well) and writes
 * shared/routing/router-model.ts and choice-neighbours.ts. Every figure it reports for
 * "unseen" prompts comes from 5-fold cross-fitting, repeated over three splits into folds and
 * averaged: each prompt is scored by a model fitted without it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNodeEmbedder } from '../companion/embedding/node-embedder.js';
import { indicesBySource, readRoutingRows, routingReport, type RoutingFigures, type RoutingRow } from '../companion/evaluation/routing-figures.js';
import { dot, normalize } from '../shared/embedding/vectors.js';
import { promptKind, type PromptKind } from '../shared/routing/prompt-kind.js';
import { featureValues, linearEstimate, routeScore, type GainModel, type RouterModel } from '../shared/routing/route-score.js';
import { neighbourGain, quantizeVectors, type NeighbourGains } from '../shared/routing/neighbour-gain.js';
import { routeSignals, type RouteSignals } from '../shared/routing/route-signals.js';
import { topicDifficulty, topicWeights, type TopicModel } from '../shared/routing/topic-difficulty.js';
import { isWordProblem, wordProblemGain, type WordProblemModel } from '../shared/routing/word-problem.js';
import { MODE_QUALITY } from '../shared/routing/modes.js';
import { encodeBytes, encodeVectors } from '../shared/embedding/vector-codec.js';
import { BUILT_IN_EMBEDDING } from '../shared/embedding/sentence-embedder.js';
import { fitRidge } from './ridge.js';
import { round6 } from './logistic.js';
import { DATASETS, saveResult } from './machine.js';

/** The labelled sets fitted on together; open-ended prompts are few, and each one counts. */
const DATASET_FILES = ['routing-dev.jsonl', 'openended-dev.jsonl'];

/** Signals made with another embedding model are not read: the file's name says which made them. */
const signalsCache = (dataset: string, model: string) => join(import.meta.dirname, 'results', `router-signals-${dataset.replace(/\.jsonl$/, '')}-${model}.tmp`);

/** Fine enough that open-ended subjects (code, writing, reasoning) get centroids of their own beside MMLU's. */
const CENTROIDS = 128;
const TEMPERATURE = 0.05;
/** Rows' worth of the overall mean each centroid's gain is shrunk towards. */
const PRIOR_ROWS = 20;
/**
 * One linear model over all prompts, the kind a feature: fitted per kind, the open prompts'
 * weights followed GSM8K (most of them) and left Arena prompts no better than random. Tried
 * out of fold and left out: the coherence signals and word counts (no gain on any source),
 * and task-type cues of the text (asks for code, a proof, writing; constraints stacked; each
 * alone ranked Arena prompts with an AUC of 0.43-0.57).
 */
const FEATURES = ['choice', 'logChars', 'openChars', 'topic', 'wordProblem'];
const LAMBDA = 200;
/**
 * Worked problems' gain over their embedding: out of fold it took GSM8K's heavy share at 95%
 * from 0.669 to 0.595, and Arena's from 0.838 to 0.756 (length had stood in for GSM8K's
 * difficulty, and misled on Arena); MMLU's stayed at 0.52. Without the subject, λ from 300 to
 * 3000 gave GSM8K 0.61-0.63.
 */
const WORD_PROBLEM_LAMBDA = 1000;

/**
 * A multiple-choice question's nearest labelled questions: out of fold (one split), MMLU's
 * heavy share at 95% was 0.48-0.50 averaging 25 to 100 of them and 0.47 at 200; a broad neighbourhood is a
 * fine-grained subject, not a memory of single questions.
 */
const NEIGHBOURS = 200;
const NEIGHBOUR_PRIOR = 5;
const CHOICE_LAMBDA = 10;

/**
 * The fold splits the out-of-fold figures average over, each the byte of the prompt's hash
 * that picks its fold (byte 2 splits the training rows for cross-fitting). Arena's 160
 * prompts gave 0.756, 0.856 or 0.875 on splits by bytes 1, 2 and 3: one split is not enough.
 */
const SPLITS = [1, 3, 4];

const hashByte = (text: string, byte: number) => createHash('sha256').update(text).digest()[byte]!;

/** Segment embeddings are the slow part (about 10 minutes here): keep each prompt's signals between fits. */
export async function cachedSignals(dataset: string, rows: RoutingRow[]): Promise<RouteSignals[]> {
  type Stored = Omit<RouteSignals, 'coherence'> & { coherence: { consensus: number[]; mean: number; min: number } };
  // The companion's embedder is always the built-in model: its name is known without loading it.
  const file = signalsCache(dataset, BUILT_IN_EMBEDDING.name);
  if (existsSync(file)) {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as Stored[];
    if (cached.length === rows.length) return cached.map((s) => ({ ...s, coherence: { ...s.coherence, consensus: Float32Array.from(s.coherence.consensus) } }));
  }
  const embedder = await loadNodeEmbedder();
  const signals: RouteSignals[] = [];
  for (const [i, row] of rows.entries()) {
    signals.push(await routeSignals(row.prompt, embedder));
    if (i % 500 === 0) console.error(`signals ${i}/${rows.length}`);
  }
  writeFileSync(file, JSON.stringify(signals.map((s) => ({ ...s, coherence: { ...s.coherence, consensus: Array.from(s.coherence.consensus) } }))));
  return signals;
}

/** Spherical k-means, started from evenly spaced rows so that a refit gives the same centroids. */
function centroidsOf(vectors: Float32Array[]): Float32Array[] {
  let centroids: Float32Array[] = Array.from({ length: CENTROIDS }, (_, k) => Float32Array.from(vectors[Math.floor((k * vectors.length) / CENTROIDS)]!));
  for (let iteration = 0; iteration < 15; iteration++) {
    const sums = centroids.map((c) => new Float32Array(c.length));
    for (const v of vectors) {
      let best = 0;
      let bestScore = -Infinity;
      centroids.forEach((c, k) => {
        const score = dot(c, v);
        if (score > bestScore) [best, bestScore] = [k, score];
      });
      sums[best]!.forEach((_, j) => (sums[best]![j]! += v[j]!));
    }
    centroids = sums.map((s, k) => (s.some((x) => x !== 0) ? normalize(s) : centroids[k]!));
  }
  return centroids;
}

function fitTopic(vectors: Float32Array[], gains: number[]): TopicModel {
  const centroids = centroidsOf(vectors);
  const overall = gains.reduce((a, b) => a + b, 0) / gains.length;
  const sums = centroids.map(() => 0);
  const counts = centroids.map(() => 0);
  vectors.forEach((v, i) => {
    topicWeights({ centroids, temperature: TEMPERATURE }, v).forEach((w, k) => {
      sums[k]! += w * gains[i]!;
      counts[k]! += w;
    });
  });
  return { centroids, temperature: TEMPERATURE, gains: sums.map((s, k) => (s + PRIOR_ROWS * overall) / (counts[k]! + PRIOR_ROWS)) };
}

/** Ridge over the embedding of the worked problems among `indices`, its standardisation folded into the weights. */
function fitWordProblem(data: Dataset, indices: number[]): WordProblemModel {
  const problems = indices.filter((i) => isWordProblem(data.signals[i]!.text));
  const ridge = fitRidge(problems.map((i) => Array.from(data.signals[i]!.coherence.consensus)), problems.map((i) => data.gains[i]!), WORD_PROBLEM_LAMBDA);
  const weights = ridge.weights.map((w, j) => w / ridge.scale[j]!);
  return { weights, bias: ridge.bias - weights.reduce((sum, w, j) => sum + w * ridge.mean[j]!, 0) };
}

interface Dataset {
  rows: RoutingRow[];
  signals: RouteSignals[];
  kinds: PromptKind[];
  gains: number[];
  /** Each row's consensus vector as the shipped model stores it (int8). */
  quantized: Int8Array;
}

/** The multiple-choice questions among `indices`, as the neighbours a new question is compared with. */
function fitNeighbours(data: Dataset, indices: number[]): NeighbourGains {
  const questions = indices.filter((i) => data.kinds[i] === 'choice');
  const dims = data.signals[0]!.coherence.consensus.length;
  const vectors = new Int8Array(questions.length * dims);
  questions.forEach((i, row) => vectors.set(data.quantized.subarray(i * dims, (i + 1) * dims), row * dims));
  const gains = Int8Array.from(questions, (i) => data.gains[i]!);
  const mean = gains.reduce((a, b) => a + b, 0) / gains.length;
  return { dims, vectors, gains, k: NEIGHBOURS, prior: NEIGHBOUR_PRIOR, mean };
}

/**
 * Fits the topic model and the gain's weights on the given rows (the weights see cross-fitted
 * topic values), then the multiple-choice refinement over the first score and cross-fitted
 * neighbour gains.
 */
function fitModel(data: Dataset, indices: number[]): Omit<RouterModel, 'thresholds'> {
  const topic = fitTopic(indices.map((i) => data.signals[i]!.coherence.consensus), indices.map((i) => data.gains[i]!));
  const wordProblem = fitWordProblem(data, indices);
  const cross = new Map<number, { topic: number; wordProblem: number; neighbours: number }>();
  for (let part = 0; part < 4; part++) {
    const inside = indices.filter((i) => hashByte(data.rows[i]!.prompt, 2) % 4 !== part);
    const partialTopic = fitTopic(inside.map((i) => data.signals[i]!.coherence.consensus), inside.map((i) => data.gains[i]!));
    const partialWordProblem = fitWordProblem(data, inside);
    const partialNeighbours = fitNeighbours(data, inside);
    for (const i of indices) {
      if (hashByte(data.rows[i]!.prompt, 2) % 4 !== part) continue;
      const { text, coherence } = data.signals[i]!;
      cross.set(i, {
        topic: topicDifficulty(partialTopic, coherence.consensus),
        wordProblem: wordProblemGain(partialWordProblem, text, coherence.consensus),
        neighbours: data.kinds[i] === 'choice' ? neighbourGain(partialNeighbours, coherence.consensus) : 0,
      });
    }
  }
  const values = new Map(indices.map((i) => [i, featureValues(data.signals[i]!, data.kinds[i]!, cross.get(i)!.topic, cross.get(i)!.wordProblem)]));
  const gain: GainModel = { features: FEATURES, ...fitRidge(indices.map((i) => FEATURES.map((f) => values.get(i)![f]!)), indices.map((i) => data.gains[i]!), LAMBDA) };
  const questions = indices.filter((i) => data.kinds[i] === 'choice');
  const refinement = fitRidge(
    questions.map((i) => [linearEstimate(gain, values.get(i)!).score, cross.get(i)!.neighbours]),
    questions.map((i) => data.gains[i]!),
    CHOICE_LAMBDA,
  );
  return { topic, wordProblem, gain, choice: { neighbours: fitNeighbours(data, indices), gain: { features: ['score', 'neighbours'], ...refinement } } };
}

/** One source's prompts of the kind being calibrated, and its prompts whose model another bar already chose. */
interface Calibration {
  own: number[];
  settled: number[];
  /** Whether a settled prompt went to the heavy model. */
  heavy: (i: number) => boolean;
}

/**
 * The highest bar at which every source keeps `quality` of the heavy model's accuracy (on its
 * own prompts and its settled ones together): the prompts go heavy in order of score, and the
 * bar falls halfway between the last sent heavy and the first left light. Each source's own
 * bar, then the lowest of them, was not enough: a lower bar than a source's own also sends its
 * prompts where the light model did better, and cost Arena one answer of its 95%.
 */
function barFor(data: Dataset, sources: Calibration[], scores: number[], quality: number): number {
  const { rows, gains } = data;
  const kept = sources.map(({ own, settled, heavy }) => ({
    strong: [...own, ...settled].filter((i) => rows[i]!.strong_correct).length,
    correct: own.filter((i) => rows[i]!.weak_correct).length + settled.filter((i) => (heavy(i) ? rows[i]!.strong_correct : rows[i]!.weak_correct)).length,
  }));
  const sourceOf = new Map(sources.flatMap(({ own }, s) => own.map((i) => [i, s] as const)));
  const order = [...sourceOf.keys()].sort((a, b) => scores[b]! - scores[a]!);
  for (const [k, i] of order.entries()) {
    if (kept.every(({ strong, correct }) => correct >= quality * strong)) return k === 0 ? scores[i]! + 1e-6 : (scores[order[k - 1]!]! + scores[i]!) / 2;
    kept[sourceOf.get(i)!]!.correct += gains[i]!;
  }
  return scores[order.at(-1)!]! - 1e-6;
}

/** A source needs this many prompts of a kind to set that kind's thresholds. */
const MIN_CALIBRATION_ROWS = 100;

/**
 * Each kind's threshold holds on every source with enough prompts of that kind: pooled, GSM8K
 * (four times as many open prompts as Arena's) set a bar that kept only 87% of the heavy
 * model's accuracy on Arena prompts in balanced mode. The open bar counts a source's
 * multiple-choice prompts as their own bar routes them.
 */
function thresholdsFor(data: Dataset, scores: number[]): RouterModel['thresholds'] {
  type Bars = RouterModel['thresholds'][PromptKind];
  // `others`: the bars already set for the other kind, so a source's prompts of that kind count as they will be routed.
  const forKind = (kind: PromptKind, others?: Bars): Bars => {
    const sources = [...indicesBySource(data.rows).values()]
      .map((members) => ({ own: members.filter((i) => data.kinds[i] === kind), settled: others ? members.filter((i) => data.kinds[i] !== kind) : [] }))
      .filter(({ own }) => own.length >= MIN_CALIBRATION_ROWS);
    const bar = (mode: keyof Bars, quality: number) => barFor(data, sources.map((source) => ({ ...source, heavy: (i: number) => scores[i]! >= others![mode] })), scores, quality);
    return Object.fromEntries(Object.entries(MODE_QUALITY).map(([mode, quality]) => [mode, bar(mode as keyof Bars, quality)])) as Bars;
  };
  const choice = forKind('choice');
  return { choice, open: forKind('open', choice) };
}

const UNFITTED_THRESHOLDS: RouterModel['thresholds'] = {
  choice: { conservative: 0, balanced: 0, aggressive: 0 },
  open: { conservative: 0, balanced: 0, aggressive: 0 },
};

export async function fitRouter() {
  const rows: RoutingRow[] = [];
  const signals: RouteSignals[] = [];
  for (const dataset of DATASET_FILES) {
    const read = readRoutingRows(join(DATASETS, dataset));
    rows.push(...read);
    signals.push(...(await cachedSignals(dataset, read)));
  }
  const data: Dataset = {
    rows,
    signals,
    kinds: signals.map((s) => promptKind(s.text)),
    gains: rows.map((r) => Number(r.strong_correct) - Number(r.weak_correct)),
    quantized: quantizeVectors(signals.map((s) => s.coherence.consensus)).vectors,
  };
  const all = rows.map((_, i) => i);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const spread = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

  const splits = SPLITS.map((byte) => {
    const fold = (i: number) => hashByte(rows[i]!.prompt, byte) % 5;
    const outOfFold = new Array<number>(rows.length);
    const perFold: Record<string, number[]> = {};
    for (let f = 0; f < 5; f++) {
      const model = { ...fitModel(data, all.filter((i) => fold(i) !== f)), thresholds: UNFITTED_THRESHOLDS };
      const test = all.filter((i) => fold(i) === f);
      for (const i of test) outOfFold[i] = routeScore(data.signals[i]!, model).score;
      const report = routingReport(test.map((i) => rows[i]!), test.map((i) => outOfFold[i]!));
      for (const [group, figures] of Object.entries(report.bySource)) (perFold[group] ??= []).push(figures.strongShareAt95);
    }
    return { outOfFold, perFold, pooled: routingReport(rows, outOfFold) };
  });
  // Each prompt once per split: the modes are calibrated, and judged, on every split's scores at once.
  const pooledData = { ...data, rows: SPLITS.flatMap(() => rows), kinds: SPLITS.flatMap(() => data.kinds), gains: SPLITS.flatMap(() => data.gains) };
  const pooledScores = splits.flatMap((split) => split.outOfFold);

  const final: RouterModel = { ...fitModel(data, all), thresholds: thresholdsFor(pooledData, pooledScores) };
  writeModel(final);

  const inSample = rows.map((_, i) => routeScore(data.signals[i]!, final).score);
  const overSplits = (figures: (split: (typeof splits)[number]) => RoutingFigures) => {
    const shares = splits.map((split) => figures(split).strongShareAt95);
    return { ...figures(splits[0]!), strongShareAt95: mean(shares), range: [Math.min(...shares), Math.max(...shares)], splits: shares };
  };
  const report = {
    weights: Object.fromEntries(final.gain.features.map((f, j) => [f, final.gain.weights[j]])),
    choiceWeights: Object.fromEntries(final.choice.gain.features.map((f, j) => [f, final.choice.gain.weights[j]])),
    thresholds: final.thresholds,
    unseen: {
      splits: SPLITS,
      pooledOutOfFold: {
        ...overSplits((split) => split.pooled),
        bySource: Object.fromEntries(Object.keys(splits[0]!.pooled.bySource).map((group) => [group, { ...overSplits((split) => split.pooled.bySource[group]!), foldSpread: spread(splits.flatMap((split) => split.perFold[group]!)) }])),
      },
    },
    modesOutOfFold: modeOutcomes(pooledData, pooledScores, final.thresholds),
    fittedOnAll: routingReport(rows, inSample),
  };
  console.log(JSON.stringify(report, null, 2));
  return { file: saveResult('router-fit', report), report };
}

/**
 * Per source and mode: the share of prompts each mode's threshold (for the prompt's kind)
 * sends to the heavy model, and the share of all-heavy accuracy that keeps, on scores from
 * models that did not see the prompt.
 */
function modeOutcomes(data: Dataset, scores: number[], thresholds: RouterModel['thresholds']) {
  return Object.fromEntries(
    [...indicesBySource(data.rows)].map(([group, members]) => {
      const strongCorrect = members.filter((i) => data.rows[i]!.strong_correct).length;
      const byMode = Object.keys(MODE_QUALITY).map((mode) => {
        const heavy = members.filter((i) => scores[i]! >= thresholds[data.kinds[i]!][mode as keyof typeof MODE_QUALITY]);
        const heavySet = new Set(heavy);
        const correct = members.filter((i) => (heavySet.has(i) ? data.rows[i]!.strong_correct : data.rows[i]!.weak_correct)).length;
        return [mode, { heavyShare: heavy.length / members.length, accuracyKept: correct / strongCorrect }];
      });
      return [group, Object.fromEntries(byMode)];
    }),
  );
}

function writeModel(model: RouterModel): void {
  const gain = (m: GainModel) => `{ features: ${JSON.stringify(m.features)}, mean: ${JSON.stringify(round6(m.mean))}, scale: ${JSON.stringify(round6(m.scale))}, weights: ${JSON.stringify(round6(m.weights))}, bias: ${Number(m.bias.toPrecision(6))} }`;
  const thresholds = (t: Record<string, number>) => JSON.stringify(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Number(v.toPrecision(6))])));
  const { neighbours } = model.choice;
  const questionBytes = new Uint8Array(neighbours.gains.length + neighbours.vectors.length);
  questionBytes.set(new Uint8Array(neighbours.gains.buffer, neighbours.gains.byteOffset, neighbours.gains.length));
  questionBytes.set(new Uint8Array(neighbours.vectors.buffer, neighbours.vectors.byteOffset, neighbours.vectors.length), neighbours.gains.length);
  // 2.7 MB of int8 vectors: a module of their own, so the model's file stays readable.
  writeFileSync(
    join(import.meta.dirname, '../shared/routing/choice-neighbours.ts'),
    `// Written by bench/fit-router.ts: the labelled multiple-choice questions' gains (one int8 each), then their int8 vectors, in base64.
export const CHOICE_NEIGHBOURS = '${encodeBytes(questionBytes)}';
`,
  );
  writeFileSync(
    join(import.meta.dirname, '../shared/routing/router-model.ts'),
    `// Written by bench/fit-router.ts from ../shared/datasets/${DATASET_FILES.join(' and ')}. Do not edit by hand; run \`npm run fit:router\`.
import type { RouterModel } from './route-score.js';
import { decodeBytes, decodeVectors } from '../embedding/vector-codec.js';
import { CHOICE_NEIGHBOURS } from './choice-neighbours.js';

const questions = decodeBytes(CHOICE_NEIGHBOURS);

export const ROUTER_MODEL: RouterModel = {
  topic: {
    temperature: ${model.topic.temperature},
    gains: ${JSON.stringify(round6(model.topic.gains))},
    centroids: decodeVectors(${model.topic.centroids[0]!.length}, '${encodeVectors(model.topic.centroids)}'),
  },
  wordProblem: { weights: ${JSON.stringify(round6(model.wordProblem.weights))}, bias: ${Number(model.wordProblem.bias.toPrecision(6))} },
  gain: ${gain(model.gain)},
  choice: {
    neighbours: {
      dims: ${neighbours.dims},
      k: ${neighbours.k},
      prior: ${neighbours.prior},
      mean: ${neighbours.mean},
      gains: new Int8Array(questions.buffer, questions.byteOffset, ${neighbours.gains.length}),
      vectors: new Int8Array(questions.buffer, questions.byteOffset + ${neighbours.gains.length}, ${neighbours.vectors.length}),
    },
    gain: ${gain(model.choice.gain)},
  },
  thresholds: {
    choice: ${thresholds(model.thresholds.choice)},
    open: ${thresholds(model.thresholds.open)},
  },
};
`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await fitRouter();
