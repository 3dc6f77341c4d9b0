import { describe, expect, it } from 'vitest';
import { replacePathModel, replaceTopLevelModel } from './rewrite-model.js';

describe('replaceTopLevelModel', () => {
  it('changes only the top-level model value, byte for byte everywhere else', () => {
    const body = '{ "messages":[{"role":"user","content":"say \\"model\\": \\"x\\" ✓","model":"inner"}],\n  "model" :  "gpt-4o", "temperature":1.0}';
    const out = replaceTopLevelModel(Buffer.from(body), 'gpt-4o-mini').toString('utf8');
    expect(out).toBe(body.replace('"gpt-4o"', '"gpt-4o-mini"'));
  });

  it('finds the model key wherever it sits, and ignores one nested in an object', () => {
    const body = '{"metadata":{"model":"not this"},"model":"claude-sonnet-4-5","max_tokens":10}';
    expect(JSON.parse(replaceTopLevelModel(Buffer.from(body), 'claude-haiku-4-5').toString())).toEqual({ metadata: { model: 'not this' }, model: 'claude-haiku-4-5', max_tokens: 10 });
  });

  it('says so when there is no top-level model', () => {
    expect(() => replaceTopLevelModel(Buffer.from('{"input":"hi","options":{"model":"x"}}'), 'y')).toThrow(/no top-level "model"/);
  });
});

describe('replacePathModel', () => {
  it('swaps the model segment of a Gemini path and keeps the method and query', () => {
    expect(replacePathModel('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse', 'gemini-2.5-flash')).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });
});
