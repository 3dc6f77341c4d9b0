import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePairs, readPairs } from '../../../companion/evaluation/labelled-pairs.js';
import { STRICTNESS_LEVELS } from './strictness.js';
import { judgeMatch } from '../semantic-match.js';
import type { CandidateSimilarity } from './guard.js';

const HARD_PAIRS = join(import.meta.dirname, 'hard-pairs.jsonl');

describe('the cache guard on our hard-negative set', async () => {
  const pairs = readPairs(HARD_PAIRS);
  const rows = await comparePairs(pairs);
  const served = (strictness: (typeof STRICTNESS_LEVELS)[number], duplicate: boolean) => {
    const kind = rows.filter((r) => r.pair.duplicate === duplicate);
    const hits = kind.filter((r) => judgeMatch({ prompt: r.pair.a, history: '' }, { prompt: r.pair.b, history: '' }, { prompt: r.similarity, history: 1 }, strictness).hit);
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
    const verdict = judgeMatch({ prompt: row!.pair.a, history: '' }, { prompt: row!.pair.b, history: '' }, { prompt: row!.similarity, history: 1 });
    expect(verdict.hit).toBe(false);
    expect(verdict.reasons[0]).toMatch(/numbers differ/);
  });

  it('reads vectors of another embedding model as if it had none, rather than against weights fitted on other vectors', () => {
    const [row] = rows.filter((r) => r.pair.a === 'How do I prepare for a job interview?');
    const judge = (similarity: CandidateSimilarity) => judgeMatch({ prompt: row!.pair.a, history: '' }, { prompt: row!.pair.b, history: '' }, { prompt: similarity, history: 1 });
    const minilm = { model: 'Xenova/all-MiniLM-L6-v2', cached: new Float32Array(384).fill(0.05), incoming: new Float32Array(384).fill(0.05) };
    const foreign = judge({ cosine: row!.similarity.cosine, vectors: minilm });
    expect(foreign).toEqual(judge({ cosine: row!.similarity.cosine }));
    expect(foreign.probability).toBeGreaterThan(0);
    expect(foreign.probability).not.toBe(judge(row!.similarity).probability);
  });
});
