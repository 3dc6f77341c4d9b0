import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePairs, readPairs, type LabelledPair } from '../../../companion/evaluation/labelled-pairs.js';
import { STRICTNESS_LEVELS } from './strictness.js';
import { judgeMatch } from '../semantic-match.js';

const HARD_PAIRS = join(import.meta.dirname, 'hard-pairs.jsonl');
const PROMPT_PAIRS = join(import.meta.dirname, 'prompt-pairs.jsonl');

describe('the cache guard on our hard-negative set', async () => {
  const pairs = readPairs(HARD_PAIRS);
  const rows = await comparePairs(pairs);
  const served = (strictness: (typeof STRICTNESS_LEVELS)[number], duplicate: boolean) => {
    const kind = rows.filter((r) => r.pair.duplicate === duplicate);
    const hits = kind.filter((r) => judgeMatch(r.pair.a, r.pair.b, r.similarity, strictness).hit);
    return hits.length / kind.length;
  };

  it.each(STRICTNESS_LEVELS)('serves almost none of the look-alike different questions (%s)', (strictness) => {
    expect(served(strictness, false)).toBeLessThanOrEqual(0.02);
  });

  it('serves true rewordings, more of them as strictness eases', () => {
    const [strict, balanced, lenient] = STRICTNESS_LEVELS.map((s) => served(s, true));
    expect(balanced).toBeGreaterThanOrEqual(0.5);
    expect(lenient).toBeGreaterThanOrEqual(0.6);
    expect(strict).toBeLessThanOrEqual(balanced!);
    expect(balanced).toBeLessThanOrEqual(lenient!);
  });

  it('says why it refused', () => {
    const [row] = rows.filter((r) => r.pair.a === 'What is 2+2?');
    const verdict = judgeMatch(row!.pair.a, row!.pair.b, row!.similarity);
    expect(verdict.hit).toBe(false);
    expect(verdict.reasons[0]).toMatch(/numbers differ/);
  });
});

describe('the cache guard on prompt pairs it was never fitted on', async () => {
  const heldOut = readFileSync(PROMPT_PAIRS, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LabelledPair & { split: string })
    .filter((pair) => pair.split === 'held-out');
  const rows = await comparePairs(heldOut);
  const servedShare = (duplicate: boolean) => {
    const kind = rows.filter((r) => r.pair.duplicate === duplicate);
    return kind.filter((r) => judgeMatch(r.pair.a, r.pair.b, r.similarity).hit).length / kind.length;
  };

  it('serves most rewordings and about one look-alike in a hundred at the default strictness', () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(200);
    expect(servedShare(true)).toBeGreaterThanOrEqual(0.72);
    expect(servedShare(false)).toBeLessThanOrEqual(0.01);
  });

  it('never serves across different files, branches, commits or tickets', () => {
    const similarity = { cosine: 0.99 };
    for (const [a, b] of [
      ['Fix the failing test in src/cache/index.test.ts', 'Fix the failing test in src/cache/store.test.ts'],
      ['Check out branch feature/login-form and run the tests', 'Check out branch feature/signup-form and run the tests'],
      ['Revert commit a1b2c3d on main', 'Revert commit d3c2b1a on main'],
      ['Summarize the discussion on LEO-142', 'Summarize the discussion on LEO-241'],
      ['Rename getUser to fetchUser', 'Rename getUser to loadUser'],
    ]) {
      const verdict = judgeMatch(a!, b!, similarity);
      expect(verdict.hit, `${a} | ${b}`).toBe(false);
    }
  });
});
