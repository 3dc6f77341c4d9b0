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

export function hitProbability(features: number[]): number {
  let z = GUARD_MODEL.bias;
  features.forEach((x, i) => {
    z += GUARD_MODEL.weights[i]! * ((x - GUARD_MODEL.mean[i]!) / GUARD_MODEL.scale[i]!);
  });
  return 1 / (1 + Math.exp(-z));
}

/**
 * Decides whether the answer cached for one prompt may be served for another: any decisive
 * difference refuses it; otherwise the fitted model's probability must reach the threshold
 * of the chosen strictness.
 */
export function judgeCandidate(cached: PromptFacts, incoming: PromptFacts, cosine: number, strictness: Strictness = DEFAULT_STRICTNESS): GuardVerdict {
  const { vetoes, features } = comparePrompts(cached, incoming, cosine);
  if (vetoes.length > 0) return { hit: false, probability: 0, reasons: vetoes };
  const probability = hitProbability(features);
  const threshold = GUARD_MODEL.thresholds[strictness];
  const verdict = probability >= threshold ? 'same question' : 'not sure enough';
  return { hit: probability >= threshold, probability, reasons: [`${verdict}: p=${probability.toFixed(3)} (cosine ${cosine.toFixed(3)}, needs ${threshold.toFixed(3)} at ${strictness})`] };
}
