import { describe, expect, it } from 'vitest';
import { replaceTopLevelModel } from './rewrite-model.js';

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
