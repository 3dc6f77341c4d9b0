import { judgeCandidate, type CandidateSimilarity, type GuardVerdict } from './guard/guard.js';
import { promptFacts } from './guard/prompt-facts.js';
import { DEFAULT_STRICTNESS, type Strictness } from './guard/strictness.js';


/** Below this cosine no prompt is a candidate: the vector search stops there, and so does the guard. */
export const MIN_CANDIDATE_COSINE = 0.7;

const normalised = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * May the answer cached for `cached` be served for the `incoming` prompt? (Only prompts after
 * the very same earlier turns are compared: those are in the context key.) The same words up
 * to case and spacing need no judging; otherwise the guard judges.
 */
export function judgeMatch(cached: string, incoming: string, similarity: CandidateSimilarity, strictness: Strictness = DEFAULT_STRICTNESS): GuardVerdict {
  if (normalised(cached) === normalised(incoming)) return { hit: true, probability: 1, reasons: ['same words'] };
  if (similarity.cosine < MIN_CANDIDATE_COSINE) return { hit: false, probability: 0, reasons: [`not similar enough (cosine ${similarity.cosine.toFixed(3)})`] };
  return judgeCandidate(promptFacts(cached), promptFacts(incoming), similarity, strictness);
}
