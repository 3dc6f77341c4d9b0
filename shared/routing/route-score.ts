import { promptKind, type PromptKind } from './prompt-kind.js';
import { signalValues, type RouteSignals } from './route-signals.js';
import { topicDifficulty, type TopicModel } from './topic-difficulty.js';
import { wordProblemGain, type WordProblemModel } from './word-problem.js';
import { neighbourGain, type NeighbourGains } from './neighbour-gain.js';
import type { RoutingMode } from './modes.js';

/** A linear estimate of the strong model's gain on a prompt, over standardised features. */
export interface GainModel {
  features: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  /** The average gain. */
  bias: number;
}

export interface RouterModel {
  topic: TopicModel;
  wordProblem: WordProblemModel;
  gain: GainModel;
  /**
   * A multiple-choice question's score is refined by how the heavy model fared on the
   * labelled questions nearest it: a second linear model over `score` (the gain model's) and
   * `neighbours`.
   */
  choice: { neighbours: NeighbourGains; gain: GainModel };
  /**
   * Per kind of prompt, the score below which each mode sends it to the lighter model: each
   * kind keeps its own share of the heavy model's accuracy, so open prompts are not routed
   * by a bar that multiple-choice questions set.
   */
  thresholds: Record<PromptKind, Record<Exclude<RoutingMode, 'off'>, number>>;
}

export interface RouteScore {
  /** Expected (strong correct − weak correct): how much the heavy model would add on this prompt. */
  score: number;
  kind: PromptKind;
  /** The largest contributions to the score, in words. */
  reasons: string[];
}

const DESCRIPTIONS: Record<string, string> = {
  topic: 'subject',
  wordProblem: 'make-up of the worked problem',
  choice: 'multiple choice',
  openChars: 'length of an open prompt',
  logChars: 'length',
  logWords: 'word count',
  numbers: 'numbers to work with',
  coherenceMean: 'how well its parts agree',
  coherenceMin: 'its least related part',
  segments: 'number of parts',
  neighbours: 'the nearest labelled questions',
};

interface Contribution {
  name: string;
  value: number;
}

/** A gain model's estimate, and each feature's part in it (its distance from the fitted mean, weighted). */
export function linearEstimate(model: GainModel, values: Record<string, number>): { score: number; contributions: Contribution[] } {
  const contributions = model.features.map((name, j) => ({ name, value: model.weights[j]! * ((values[name]! - model.mean[j]!) / model.scale[j]!) }));
  return { score: contributions.reduce((sum, c) => sum + c.value, model.bias), contributions };
}

/** The named numbers the gain model may weigh: the signals, the kind, and the expected gains of the subject and of a worked problem's make-up. */
export function featureValues(signals: RouteSignals, kind: PromptKind, topic: number, wordProblem: number): Record<string, number> {
  const values = signalValues(signals);
  // Length means more reasoning in an open prompt, and little in a multiple-choice one.
  return { ...values, choice: kind === 'choice' ? 1 : 0, openChars: kind === 'open' ? values.logChars! : 0, topic, wordProblem };
}

export function routeScore(signals: RouteSignals, model: RouterModel): RouteScore {
  const kind = promptKind(signals.text);
  const { consensus } = signals.coherence;
  const values = featureValues(signals, kind, topicDifficulty(model.topic, consensus), wordProblemGain(model.wordProblem, signals.text, consensus));
  const base = linearEstimate(model.gain, values);
  const refined = kind === 'choice' ? linearEstimate(model.choice.gain, { score: base.score, neighbours: neighbourGain(model.choice.neighbours, consensus) }) : undefined;
  const score = refined?.score ?? base.score;
  // In a refined score, what the first score was made of counts at the refinement's weight on it.
  const baseWeight = refined ? model.choice.gain.weights[0]! / model.choice.gain.scale[0]! : 1;
  const contributions = [...base.contributions.map((c) => ({ ...c, value: c.value * baseWeight })), ...(refined?.contributions.slice(1) ?? [])];
  const reasons = contributions
    .filter((c) => Math.abs(c.value) >= 0.002)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, 3)
    .map((c) => `${DESCRIPTIONS[c.name] ?? c.name} ${c.value >= 0 ? '+' : ''}${c.value.toFixed(3)}`);
  return { score, kind, reasons: [`${kind === 'choice' ? 'multiple-choice question' : 'open prompt'}, expected gain of the heavy model ${score.toFixed(3)}`, ...reasons] };
}
