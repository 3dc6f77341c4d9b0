import type { Page } from 'playwright-core';

export const CHAT_API = 'https://api.openai.com/v1/chat/completions';
/** A provider path the extension does not intercept: the same flood, without the extension, is the floor the machine itself sets. */
export const UNINTERCEPTED_API = 'https://api.openai.com/v1/embeddings';

export interface Flood {
  calls: number;
  /** Characters in each prompt. */
  chars: number;
  url: string;
}

/** A call from the page with fetch, timed there: what the page's own code waits. */
export function timedCall(page: Page, prompt: string): Promise<{ ms: number; cache: string | null }> {
  return page.evaluate(
    async ({ api, prompt }) => {
      const started = performance.now();
      const response = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-page' }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] }) });
      await response.text();
      return { ms: performance.now() - started, cache: response.headers.get('x-leo-cache') };
    },
    { api: CHAT_API, prompt },
  );
}

/**
 * Sends `flood.calls` prompts of `flood.chars` characters at once from `floodPage`, and times
 * `question` (cached already) from `quietPage` again and again until the flood is over.
 * Returns each timed call and the statuses the flood's calls got.
 */
export async function hitsDuringFlood(floodPage: Page, quietPage: Page, question: string, flood: Flood): Promise<{ hits: { ms: number; cache: string | null }[]; statuses: number[] }> {
  let over = false;
  const sent = floodPage
    // No named functions inside: the bench's TypeScript transform would wrap them in a helper the page does not have.
    .evaluate(async ({ url, calls, chars }) => {
      const line = 'ERROR disk full on /var/lib/data; retrying in 5s. '.repeat(Math.ceil(chars / 50));
      const sent: Promise<number>[] = [];
      for (let i = 0; i < calls; i++) {
        const content = `Summarise this log (part ${i}, ${Math.random()}): ${line}`.slice(0, chars);
        const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
        sent.push(fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-page' }, body }).then(async (r) => (await r.text(), r.status)));
      }
      return Promise.all(sent);
    }, flood)
    .finally(() => (over = true));
  const hits: { ms: number; cache: string | null }[] = [];
  while (!over) hits.push(await timedCall(quietPage, question));
  return { hits, statuses: await sent };
}
