import type { TextSignals } from './prompt-signals.js';
import { promptKind } from './prompt-kind.js';

/**
 * A worked problem: an open prompt with two numbers or more, a question and no code (GSM8K's
 * kind, and some open-ended asks). Its subject says little about how hard it is (every such
 * prompt is "arithmetic"); where it sits among such problems in embedding space says more.
 */
export function isWordProblem(text: TextSignals): boolean {
  return promptKind(text) === 'open' && text.numbers >= Math.log1p(2) && text.questions >= Math.log1p(1) && text.code === 0;
}

/** A linear estimate of the heavy model's gain on a worked problem, over its embedding. */
export interface WordProblemModel {
  weights: number[];
  bias: number;
}

/** The heavy model's expected gain on a worked problem; 0 for any other prompt. */
export function wordProblemGain(model: WordProblemModel, text: TextSignals, vector: Float32Array): number {
  if (!isWordProblem(text)) return 0;
  return model.weights.reduce((sum, w, j) => sum + w * vector[j]!, model.bias);
}
