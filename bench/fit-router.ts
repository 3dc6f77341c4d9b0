/**
 * Fits the router on ../shared/datasets/routing-dev.jsonl (whether a strong and a weak model
 * answered each MMLU and GSM8K prompt correctly) and writes shared/routing/router-model.ts.
 * Every figure it reports for "unseen" prompts comes from 5-fold cross-fitting: each prompt is
 * scored by a model fitted without it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNodeEmbedder } from '../companion/embedding/node-embedder.js';
import { readRoutingRows, routingReport, type RoutingRow } from '../companion/evaluation/routing-figures.js';
import { dot, normalize } from '../shared/embedding/vectors.js';
import { promptKind, type PromptKind } from '../shared/routing/prompt-kind.js';
import { routeScore, type KindModel, type RouterModel } from '../shared/routing/route-score.js';
import { routeSignals, signalValues, type RouteSignals } from '../shared/routing/route-signals.js';
import { topicDifficulty, topicWeights, type TopicModel } from '../shared/routing/topic-difficulty.js';
import { MODE_QUALITY } from '../shared/routing/modes.js';
import { encodeVectors } from '../shared/embedding/vector-codec.js';
import { BUILT_IN_EMBEDDING } from '../shared/embedding/sentence-embedder.js';
import { fitRidge } from './ridge.js';
import { round6 } from './logistic.js';
import { DATASETS, saveResult } from './machine.js';

/** Signals made with another embedding model are not read: the file's name says which made them. */
const signalsCache = (model: string) => join(import.meta.dirname, 'results', `router-signals-${model}.tmp`);

const CENTROIDS = 48;
const TEMPERATURE = 0.05;
/** Rows' worth of the overall mean each centroid's gain is shrunk towards. */
const PRIOR_ROWS = 20;
/**
 * What each kind's weights may use. Open prompts here are all GSM8K (524 of them): only length
 * held up out of fold; the subject, counts, coherence and the other signals added noise.
 */
const KIND_FEATURES: Record<PromptKind, { features: string[]; lambda: number }> = {
  choice: { features: ['logChars', 'logWords', 'topic', 'coherenceMean', 'coherenceMin', 'segments'], lambda: 500 },
  open: { features: ['logChars'], lambda: 200 },
};

const hashByte = (text: string, byte: number) => createHash('sha256').update(text).digest()[byte]!;

/** Segment embeddings are the slow part (about 10 minutes here): keep each prompt's signals between fits. */
export async function cachedSignals(rows: RoutingRow[]): Promise<RouteSignals[]> {
  type Stored = Omit<RouteSignals, 'coherence'> & { coherence: { consensus: number[]; mean: number; min: number } };
  // The companion's embedder is always the built-in model: its name is known without loading it.
  const file = signalsCache(BUILT_IN_EMBEDDING.name);
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

interface Dataset {
  rows: RoutingRow[];
  signals: RouteSignals[];
  gains: number[];
}

/** Fits the topic model and each kind's weights on the given rows; the weights see cross-fitted topic values. */
function fitModel(data: Dataset, indices: number[]): Omit<RouterModel, 'thresholds'> {
  const topic = fitTopic(indices.map((i) => data.signals[i]!.coherence.consensus), indices.map((i) => data.gains[i]!));
  const crossTopic = new Map<number, number>();
  for (let part = 0; part < 4; part++) {
    const inside = indices.filter((i) => hashByte(data.rows[i]!.prompt, 2) % 4 !== part);
    const partial = fitTopic(inside.map((i) => data.signals[i]!.coherence.consensus), inside.map((i) => data.gains[i]!));
    for (const i of indices) if (hashByte(data.rows[i]!.prompt, 2) % 4 === part) crossTopic.set(i, topicDifficulty(partial, data.signals[i]!.coherence.consensus));
  }
  const kinds = {} as Record<PromptKind, KindModel>;
  for (const kind of ['choice', 'open'] as const) {
    const { features, lambda } = KIND_FEATURES[kind];
    const members = indices.filter((i) => promptKind(data.signals[i]!.text) === kind);
    const x = members.map((i) => {
      const values: Record<string, number> = { ...signalValues(data.signals[i]!), topic: crossTopic.get(i)! };
      return features.map((f) => values[f]!);
    });
    const ridge = fitRidge(x, members.map((i) => data.gains[i]!), lambda);
    kinds[kind] = { features, ...ridge };
  }
  return { topic, kinds };
}

/** The lowest score a prompt may have and still go to the heavy model, for a target share of its accuracy. */
function thresholdFor(data: Dataset, scores: number[], quality: number): number {
  const order = scores.map((s, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const strong = data.rows.filter((r) => r.strong_correct).length;
  let correct = data.rows.filter((r) => r.weak_correct).length;
  for (const i of order) {
    if (correct >= quality * strong) return scores[i]!;
    correct += data.gains[i]!;
  }
  return -Infinity;
}

export async function fitRouter() {
  const rows = readRoutingRows(join(DATASETS, 'routing-dev.jsonl'));
  const data: Dataset = { rows, signals: await cachedSignals(rows), gains: rows.map((r) => Number(r.strong_correct) - Number(r.weak_correct)) };
  const all = rows.map((_, i) => i);
  const fold = (i: number) => hashByte(rows[i]!.prompt, 1) % 5;

  const outOfFold = new Array<number>(rows.length);
  const perFold: Record<string, number[]> = {};
  for (let f = 0; f < 5; f++) {
    const model = { ...fitModel(data, all.filter((i) => fold(i) !== f)), thresholds: { conservative: 0, balanced: 0, aggressive: 0 } };
    const test = all.filter((i) => fold(i) === f);
    for (const i of test) outOfFold[i] = routeScore(data.signals[i]!, model).score;
    const report = routingReport(test.map((i) => rows[i]!), test.map((i) => outOfFold[i]!));
    for (const [group, figures] of Object.entries(report.bySource)) (perFold[group] ??= []).push(figures.strongShareAt95);
  }

  const final: RouterModel = {
    ...fitModel(data, all),
    thresholds: {
      conservative: thresholdFor(data, outOfFold, MODE_QUALITY.conservative),
      balanced: thresholdFor(data, outOfFold, MODE_QUALITY.balanced),
      aggressive: thresholdFor(data, outOfFold, MODE_QUALITY.aggressive),
    },
  };
  writeModel(final);

  const inSample = rows.map((_, i) => routeScore(data.signals[i]!, final).score);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const report = {
    kinds: Object.fromEntries(Object.entries(final.kinds).map(([k, m]) => [k, Object.fromEntries(m.features.map((f, j) => [f, m.weights[j]]))])),
    thresholds: final.thresholds,
    unseen: { meanOverFolds: Object.fromEntries(Object.entries(perFold).map(([g, xs]) => [g, { strongShareAt95: mean(xs), folds: xs }])), pooledOutOfFold: routingReport(rows, outOfFold) },
    fittedOnAll: routingReport(rows, inSample),
  };
  console.log(JSON.stringify(report, null, 2));
  return { file: saveResult('router-fit', report), report };
}

function writeModel(model: RouterModel): void {
  const kind = (m: KindModel) => `{ features: ${JSON.stringify(m.features)}, mean: ${JSON.stringify(round6(m.mean))}, scale: ${JSON.stringify(round6(m.scale))}, weights: ${JSON.stringify(round6(m.weights))}, bias: ${Number(m.bias.toPrecision(6))} }`;
  writeFileSync(
    join(import.meta.dirname, '../shared/routing/router-model.ts'),
    `// Written by bench/fit-router.ts from ../shared/datasets/routing-dev.jsonl. Do not edit by hand; run \`npm run fit:router\`.
import type { RouterModel } from './route-score.js';
import { decodeVectors } from '../embedding/vector-codec.js';

export const ROUTER_MODEL: RouterModel = {
  topic: {
    temperature: ${model.topic.temperature},
    gains: ${JSON.stringify(round6(model.topic.gains))},
    centroids: decodeVectors(${model.topic.centroids[0]!.length}, '${encodeVectors(model.topic.centroids)}'),
  },
  kinds: {
    choice: ${kind(model.kinds.choice)},
    open: ${kind(model.kinds.open)},
  },
  thresholds: ${JSON.stringify(Object.fromEntries(Object.entries(model.thresholds).map(([k, v]) => [k, Number(v.toPrecision(6))])))},
};
`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await fitRouter();
