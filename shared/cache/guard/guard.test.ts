import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePairs, readPairs } from '../../../companion/evaluation/labelled-pairs.js';
import { judgeCandidate } from './guard.js';
import { promptFacts } from './prompt-facts.js';

const HARD_PAIRS = join(import.meta.dirname, 'hard-pairs.jsonl');

describe('the cache guard on our hard-negative set', async () => {
  const pairs = readPairs(HARD_PAIRS);
  const rows = await comparePairs(pairs);
  const verdicts = rows.map((r) => judgeCandidate(promptFacts(r.pair.a), promptFacts(r.pair.b), r.cosine));

  it('serves almost none of the look-alike different questions', () => {
    const negatives = verdicts.filter((_, i) => !pairs[i]!.duplicate);
    const falseHits = negatives.filter((v) => v.hit).length;
    expect(falseHits / negatives.length).toBeLessThanOrEqual(0.02);
  });

  it('says why it refused', () => {
    const verdict = judgeCandidate(promptFacts('What is 2+2?'), promptFacts('What is 2+3?'), 0.985);
    expect(verdict.hit).toBe(false);
    expect(verdict.reasons[0]).toMatch(/numbers differ/);
  });
});
