import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFirefoxStack, type FirefoxStack } from '../helpers/firefox-harness.js';

/** The Firefox build, where the cache engine runs in a frame of the background page (Firefox has no offscreen documents). */
describe('the extension in Firefox', { timeout: 60_000 }, () => {
  let stack: FirefoxStack;
  beforeAll(async () => {
    stack = await startFirefoxStack();
  }, 60_000);
  afterAll(() => stack?.close());

  const ask = (prompt: string, stream = false) =>
    stack.page.evaluate(
      async ({ prompt, stream }) => {
        const response = await fetch('https://api.openai.com/v1/chat/completions', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer sk-page' },
          body: JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: prompt }] }),
        });
        return { status: response.status, cache: response.headers.get('x-leo-cache'), text: await response.text() };
      },
      { prompt, stream },
    );

  /** A rewording finds the first prompt's vector once it is stored, just after the page had the answer. */
  const askUntilReworded = async (prompt: string) => {
    for (let tries = 0; ; tries++) {
      const result = await ask(prompt);
      if (result.cache !== 'miss' || tries === 20) return result;
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  it('answers a repeated call from the cache, with one provider call', async () => {
    const before = stack.provider.stats.requests;
    const first = await ask('What is the capital of France?');
    expect(first).toMatchObject({ status: 200, cache: 'miss' });
    const again = await ask('What is the capital of France?');
    expect(again.cache).toBe('exact-hit');
    expect(JSON.parse(again.text).choices[0].message.content).toBe(JSON.parse(first.text).choices[0].message.content);
    expect(stack.provider.stats.requests).toBe(before + 1);
  });

  it('embeds prompts with the built-in model there too: a rewording is a reworded hit, another question is not', async () => {
    expect((await askUntilReworded("What's the capital of France?")).cache).toBe('semantic-hit');
    expect((await ask('What is the capital of Spain?')).cache).toBe('miss');
  });

  it('replays a streamed answer as a stream', async () => {
    await ask('Name three rivers in Europe.', true);
    const again = await ask('Name three rivers in Europe.', true);
    expect(again.cache).toBe('exact-hit');
    expect(again.text).toContain('data: [DONE]');
  });
});
