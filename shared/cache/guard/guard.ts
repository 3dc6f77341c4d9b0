import { GUARD_MODEL } from './guard-model.js';
import { comparePrompts, vectorFeatures } from './pair-features.js';
import type { PromptFacts } from './prompt-facts.js';
import { DEFAULT_STRICTNESS, type Strictness } from './strictness.js';

export interface GuardVerdict {
  hit: boolean;
  /** The model's estimate that one answer serves both prompts (0 when vetoed). */
  probability: number;
  /** Why: the vetoes that refused it, or the score that decided. */
  reasons: string[];
}

/** How close a candidate is: its cosine, and the two vectors with the model that made them. */
export interface CandidateSimilarity {
  cosine: number;
  vectors?: { model: string; cached: Float32Array; incoming: Float32Array };
}

export interface FittedGuard {
  weights: number[];
  bias: number;
  thresholds: Record<Strictness, number>;
  /** At each threshold, the share of served Quora pairs that were duplicates, scored by models that never saw them. */
  precision: Record<Strictness, number>;
}

/** What the model that reads vectors weighs: the text features, then the vector features. */
export function inputsWithVectors(features: number[], cached: Float32Array, incoming: Float32Array): number[] {
  return [...features, ...vectorFeatures(cached, incoming)];
}

/**
 * The model that reads the vectors too was fitted on one embedding model's vectors; for
 * any other model only the cosine and the texts are read.
 */
export function guardInputs(features: number[], similarity: CandidateSimilarity): { model: FittedGuard; inputs: number[] } {
  const { vectors } = similarity;
  if (vectors && vectors.model === GUARD_MODEL.embedding && vectors.cached.length === vectors.incoming.length) {
    return { model: GUARD_MODEL.withVectors, inputs: inputsWithVectors(features, vectors.cached, vectors.incoming) };
  }
  return { model: GUARD_MODEL.textOnly, inputs: features };
}

export function hitProbability(model: Pick<FittedGuard, 'weights' | 'bias'>, inputs: number[]): number {
  let z = model.bias;
  for (let i = 0; i < inputs.length; i++) z += model.weights[i]! * inputs[i]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Decides whether the answer cached for one prompt may be served for another: any decisive
 * difference refuses it; otherwise the fitted model's probability must reach the threshold
 * of the chosen strictness.
 */
export function judgeCandidate(cached: PromptFacts, incoming: PromptFacts, similarity: CandidateSimilarity, strictness: Strictness = DEFAULT_STRICTNESS): GuardVerdict {
  const { vetoes, features } = comparePrompts(cached, incoming, similarity.cosine);
  if (vetoes.length > 0) return { hit: false, probability: 0, reasons: vetoes };
  const { model, inputs } = guardInputs(features, similarity);
  const probability = hitProbability(model, inputs);
  const threshold = model.thresholds[strictness];
  const hit = probability >= threshold;
  return { hit, probability, reasons: [`${hit ? 'same question' : 'not sure enough'}: p=${probability.toFixed(3)} (cosine ${similarity.cosine.toFixed(3)}, needs ${threshold.toFixed(3)} at ${strictness})`] };
}
