import { describe, expect, it } from 'vitest';
import { appendTopLevelMember, replaceTopLevelModel } from './json-bytes.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (s: string) => new TextEncoder().encode(s);

describe('replaceTopLevelModel', () => {
  it('changes only the top-level model value, byte for byte everywhere else', () => {
    const body = '{ "messages":[{"role":"user","content":"say \\"model\\": \\"x\\" ✓","model":"inner"}],\n  "model" :  "gpt-4o", "temperature":1.0}';
    const out = text(replaceTopLevelModel(bytes(body), 'gpt-4o-mini'));
    expect(out).toBe(body.replace('"gpt-4o"', '"gpt-4o-mini"'));
  });

  it('finds the model key wherever it sits, and ignores one nested in an object', () => {
    const body = '{"metadata":{"model":"not this"},"model":"claude-sonnet-4-5","max_tokens":10}';
    expect(JSON.parse(text(replaceTopLevelModel(bytes(body), 'claude-haiku-4-5')))).toEqual({ metadata: { model: 'not this' }, model: 'claude-haiku-4-5', max_tokens: 10 });
  });

  it('says so when there is no top-level model', () => {
    expect(() => replaceTopLevelModel(bytes('{"input":"hi","options":{"model":"x"}}'), 'y')).toThrow(/no top-level "model"/);
  });
});

describe('appendTopLevelMember', () => {
  it('adds a member last and leaves every byte before it as sent', () => {
    const body = '{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}\n';
    expect(text(appendTopLevelMember(bytes(body), 'stream_options', { include_usage: true }))).toBe(body.replace(/}\n$/, ',"stream_options":{"include_usage":true}}\n'));
  });
});
