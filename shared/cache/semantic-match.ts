import { judgeCandidate, type CandidateSimilarity, type GuardVerdict } from './guard/guard.js';
import { comparePrompts } from './guard/pair-features.js';
import { promptFacts } from './guard/prompt-facts.js';
import { DEFAULT_STRICTNESS, type Strictness } from './guard/strictness.js';

/** What the semantic tier compares: the last user turn, and the turns before it. */
export interface MatchSide {
  prompt: string;
  history: string;
}

/** How close the two prompts are, and the cosine of the two histories. */
export interface Similarity {
  prompt: CandidateSimilarity;
  history: number;
}

/** Below this cosine no prompt is a candidate: the vector search stops there, and so does the guard. */
export const MIN_CANDIDATE_COSINE = 0.75;

/** Earlier turns must say nearly the same before a follow-up can share an answer. */
export const HISTORY_MIN_COSINE = 0.9;

const normalised = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * May the answer cached for `cached` be served for `incoming`? The conversations must agree
 * (the micro-memory: no decisive difference in the earlier turns), then the guard judges the
 * last turn; the same words up to case and spacing need no judging.
 */
export function judgeMatch(cached: MatchSide, incoming: MatchSide, similarity: Similarity, strictness: Strictness = DEFAULT_STRICTNESS): GuardVerdict {
  if (cached.history !== incoming.history) {
    if (similarity.history < HISTORY_MIN_COSINE) {
      return { hit: false, probability: 0, reasons: [`earlier turns differ (cosine ${similarity.history.toFixed(3)})`] };
    }
    const { vetoes } = comparePrompts(promptFacts(cached.history), promptFacts(incoming.history), similarity.history);
    if (vetoes.length > 0) return { hit: false, probability: 0, reasons: vetoes.map((v) => `earlier turns: ${v}`) };
  }
  if (normalised(cached.prompt) === normalised(incoming.prompt)) return { hit: true, probability: 1, reasons: ['same words'] };
  if (similarity.prompt.cosine < MIN_CANDIDATE_COSINE) return { hit: false, probability: 0, reasons: [`not similar enough (cosine ${similarity.prompt.cosine.toFixed(3)})`] };
  return judgeCandidate(promptFacts(cached.prompt), promptFacts(incoming.prompt), similarity.prompt, strictness);
}
