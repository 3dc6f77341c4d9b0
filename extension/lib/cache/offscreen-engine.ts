import { browser } from 'wxt/browser';
import { CACHE_ENGINE, type EngineRequest } from './engine-messages.js';
import { orAfter } from '../../../shared/deadline.js';

const OFFSCREEN_PATH = '/offscreen.html';
let creating: Promise<void> | undefined;
/** Set once the document is known to run; cleared when a message finds nobody, so the next one checks again. */
let running = false;

async function ensureOffscreenDocument(): Promise<void> {
  if (running) return;
  const url = browser.runtime.getURL(OFFSCREEN_PATH);
  const existing = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (existing.length > 0) {
    running = true;
    return;
  }
  creating ??= browser.offscreen
    .createDocument({ url, reasons: ['WORKERS'], justification: 'Runs the embedding model (WASM) and the vector index of the answer cache.' })
    .finally(() => (creating = undefined));
  await creating;
  running = true;
}

type Body<T> = T extends { target: string } ? Omit<T, 'target'> : never;

/** Past this, a call stops waiting for the cache and goes on as a miss (the engine's own model wait is shorter). */
const ENGINE_TIMEOUT_MS = 15_000;

/** Asks the cache engine in the offscreen document, starting the document when it is not running. */
export async function askCacheEngine<R>(message: Body<EngineRequest>): Promise<R> {
  await ensureOffscreenDocument();
  const asked = (browser.runtime.sendMessage({ ...message, target: CACHE_ENGINE }) as Promise<R | { error: string } | undefined>).catch((err: unknown) => {
    // Nobody received it: the document was closed; the next message starts it again.
    running = false;
    throw err;
  });
  const reply = await orAfter(asked, ENGINE_TIMEOUT_MS, () => {
    throw new Error('the cache engine did not answer in time');
  });
  if (reply === undefined) {
    running = false;
    throw new Error('The cache engine did not answer.');
  }
  if (typeof reply === 'object' && reply !== null && 'error' in reply) throw new Error(reply.error);
  return reply as R;
}
