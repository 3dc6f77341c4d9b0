import type { TextSignals } from './prompt-signals.js';

/**
 * Multiple-choice questions and open problems get harder for different reasons (the subject
 * for the first, the length of the reasoning for the second), so each has its own weights.
 */
export type PromptKind = 'choice' | 'open';

export function promptKind(text: TextSignals): PromptKind {
  return text.choices >= Math.log1p(2) ? 'choice' : 'open';
}
