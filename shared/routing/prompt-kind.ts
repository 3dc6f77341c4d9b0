import type { TextSignals } from './prompt-signals.js';

/**
 * Multiple-choice questions and open prompts differ in how much the heavy model adds and in
 * what predicts it: the kind is one of the router's features, and each kind has its own
 * thresholds.
 */
export type PromptKind = 'choice' | 'open';

export function promptKind(text: TextSignals): PromptKind {
  return text.choices >= Math.log1p(2) ? 'choice' : 'open';
}
