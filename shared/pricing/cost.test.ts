import { describe, expect, it } from 'vitest';
import { costOf, findPrice } from './cost.js';

describe('price lookup', () => {
  it('finds dated snapshots and aliases under their base model', () => {
    expect(findPrice('gpt-4o-2024-08-06')?.input).toBe(2.5);
    expect(findPrice('gpt-4o-mini-2024-07-18')?.input).toBe(0.15);
    expect(findPrice('claude-sonnet-4-20250514')?.output).toBe(15);
    expect(findPrice('mistral-large-latest')?.provider).toBe('mistral');
    expect(findPrice('models/gemini-2.5-flash')?.output).toBe(2.5);
  });

  it('knows no price for a model it has never heard of', () => {
    expect(findPrice('my-local-model')).toBeUndefined();
    expect(findPrice('claude-opus-4-6')).toBeUndefined();
  });

  it('bills Anthropic cache reads and writes at their own rates', () => {
    const usage = { inputTokens: 100_000 + 80_000 + 10_000, cachedInputTokens: 80_000, cacheWriteTokens: 10_000, outputTokens: 10_000, reasoningTokens: 0 };
    // 100k uncached × $3 + 80k reads × $0.30 + 10k writes × $3.75 + 10k out × $15, per million
    expect(costOf(usage, findPrice('claude-sonnet-4-20250514'))).toBeCloseTo(0.3 + 0.024 + 0.0375 + 0.15, 9);
  });
});
