import { describe, expect, it } from 'vitest';
import { withCacheBreakpoints } from './cache-breakpoints.js';

const long = (words: number) => 'word '.repeat(words).trim();
const tool = (name: string) => ({ name, description: long(700), input_schema: { type: 'object' } });
const BREAKPOINT = { type: 'ephemeral' };

describe('Anthropic prompt-cache breakpoints', () => {
  it('marks the tools when there is no system prompt, and the last message', () => {
    const marked = withCacheBreakpoints({ model: 'claude-sonnet-4-5', system: '', tools: [tool('read'), tool('write')], messages: [{ role: 'user', content: 'Go.' }] })!;
    expect((marked.tools as { cache_control?: unknown }[]).map((t) => t.cache_control)).toEqual([undefined, BREAKPOINT]);
    expect(marked.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Go.', cache_control: BREAKPOINT }] }]);
  });

  it("places nothing under the model's minimum: 2,000 tokens are enough for Sonnet 4.5, not for Haiku 4.5", () => {
    const request = { system: long(1600), messages: [{ role: 'user', content: 'Go.' }] };
    expect(withCacheBreakpoints({ ...request, model: 'claude-sonnet-4-5' })).toBeDefined();
    expect(withCacheBreakpoints({ ...request, model: 'claude-haiku-4-5' })).toBeUndefined();
  });

  it('leaves a request that has a breakpoint anywhere as the caller wrote it', () => {
    const request = { model: 'claude-sonnet-4-5', system: long(8000), messages: [{ role: 'user', content: [{ type: 'text', text: 'Go.', cache_control: BREAKPOINT }] }] };
    expect(withCacheBreakpoints(request)).toBeUndefined();
  });
});
