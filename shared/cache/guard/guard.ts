import { GUARD_MODEL } from './guard-model.js';
import { comparePrompts } from './pair-features.js';
import type { PromptFacts } from './prompt-facts.js';
import { DEFAULT_STRICTNESS, type Strictness } from './strictness.js';

export interface GuardVerdict {
  hit: boolean;
  /** The model's estimate that one answer serves both prompts (0 when vetoed). */
  probability: number;
  /** Why: the vetoes that refused it, or the score that decided. */
  reasons: string[];
}

/** How close a candidate is: the cosine of the two prompts' vectors. */
export interface CandidateSimilarity {
  cosine: number;
}

export interface FittedGuard {
  weights: number[];
  bias: number;
  thresholds: Record<Strictness, number>;
  /** At each threshold, the share of served Quora pairs that were duplicates, scored by models that never saw them. */
  precision: Record<Strictness, number>;
}

export function hitProbability(model: Pick<FittedGuard, 'weights' | 'bias'>, inputs: number[]): number {
  let z = model.bias;
  for (let i = 0; i < inputs.length; i++) z += model.weights[i]! * inputs[i]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Decides whether the answer cached for one prompt may be served for another: any decisive
 * difference refuses it; otherwise the fitted model's probability must reach the threshold
 * of the chosen strictness. The model reads the cosine and the texts, so it serves any
 * embedding model, but its thresholds were set on the built-in model's cosines.
 */
export function judgeCandidate(cached: PromptFacts, incoming: PromptFacts, similarity: CandidateSimilarity, strictness: Strictness = DEFAULT_STRICTNESS): GuardVerdict {
  const { vetoes, features } = comparePrompts(cached, incoming, similarity.cosine);
  if (vetoes.length > 0) return { hit: false, probability: 0, reasons: vetoes };
  const probability = hitProbability(GUARD_MODEL, features);
  const threshold = GUARD_MODEL.thresholds[strictness];
  const hit = probability >= threshold;
  return { hit, probability, reasons: [`${hit ? 'same question' : 'not sure enough'}: p=${probability.toFixed(3)} (cosine ${similarity.cosine.toFixed(3)}, needs ${threshold.toFixed(3)} at ${strictness})`] };
}
