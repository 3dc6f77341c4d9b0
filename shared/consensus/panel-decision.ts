import type { CanonicalAnswer } from '../protocols/canonical/answer.js';
import { coherence } from '../routing/coherence.js';
import { dot } from '../embedding/vectors.js';
import { claimKey, type Claim } from './claims.js';

/** One panel member's outcome: an answer and its claim, or why there is none. */
export interface MemberOutcome {
  model: string;
  answer?: CanonicalAnswer;
  /** Absent for an answer that did not give what was asked. */
  claim?: Claim;
  /** The answer's embedding, for free-text claims. */
  vector?: Float32Array;
  /** Why the member has no answer: an error, a timeout, a malformed reply. */
  failure?: string;
}

export interface PanelVerdict {
  /** The answer of the largest agreeing group, nearest its consensus; undefined when nobody answered. */
  chosen?: MemberOutcome;
  agreed: string[];
  dissented: string[];
  panelSize: number;
  quorum: number;
  quorumReached: boolean;
}

/** Two free-text answers agree when their embeddings are at least this close (all-MiniLM-L6-v2 cosine). */
export const TEXT_AGREEMENT = 0.8;

/** With N members the panel tolerates f = ⌊(N−1)/3⌋ faulty ones, and needs N − f to agree. */
export function quorumOf(panelSize: number): number {
  return panelSize - Math.floor((panelSize - 1) / 3);
}

/** The largest group of outcomes that claim the same thing (free text: that agree in meaning with one of them). */
function largestGroup(outcomes: MemberOutcome[]): MemberOutcome[] {
  let best: MemberOutcome[] = [];
  for (const candidate of outcomes) {
    const key = claimKey(candidate.claim!);
    const group = outcomes.filter((o) => {
      if (key !== undefined) return claimKey(o.claim!) === key;
      return o.claim!.kind === 'text' && candidate.vector !== undefined && o.vector !== undefined && dot(o.vector, candidate.vector) >= TEXT_AGREEMENT;
    });
    if (group.length > best.length) best = group;
  }
  return best;
}

/**
 * The panel's verdict on the outcomes so far: the largest group that claims one thing, and
 * whether it reaches the quorum. Of a free-text group, the answer nearest the group's
 * geometric median (the ADMM consensus the router uses for coherence) speaks for it; of a group
 * with one claim, the first to answer.
 */
export function decidePanel(outcomes: MemberOutcome[], panelSize: number): PanelVerdict {
  const quorum = quorumOf(panelSize);
  const answered = outcomes.filter((o) => o.claim !== undefined);
  const group = largestGroup(answered);
  let chosen = group[0];
  if (chosen?.claim?.kind === 'text' && group.length > 1 && group.every((o) => o.vector)) {
    const { consensus } = coherence(group.map((o) => o.vector!));
    chosen = group.reduce((best, o) => (dot(o.vector!, consensus) > dot(best.vector!, consensus) ? o : best));
  }
  const agreed = group.map((o) => o.model);
  return {
    ...(chosen ? { chosen } : {}),
    agreed,
    dissented: outcomes.filter((o) => !agreed.includes(o.model)).map((o) => o.model),
    panelSize,
    quorum,
    quorumReached: group.length >= quorum,
  };
}

/** The header's words: agreeing count over panel size first, always. */
export function verdictHeader(verdict: PanelVerdict): string {
  return `${verdict.agreed.length}/${verdict.panelSize} agree${verdict.quorumReached ? '' : '; no-quorum'}`;
}
