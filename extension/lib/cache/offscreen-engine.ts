import { browser } from 'wxt/browser';
import { CACHE_ENGINE, type EngineRequest } from './engine-messages.js';
import { orAfter } from '../../../shared/deadline.js';
import { askOverChannel, dropLine } from './engine-channel.js';

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

/** Set in Firefox's background page once it hosts the engine's page in a frame. */
let engineFrame: Promise<void> | undefined;

/**
 * Firefox has no offscreen documents, but its background page has a DOM: the engine's page
 * (the same one Chrome opens offscreen) runs in a frame of it, for as long as it lives.
 */
export function startEngineFrame(): void {
  engineFrame = new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.src = browser.runtime.getURL(OFFSCREEN_PATH);
    document.body.append(frame);
  });
}

/**
 * Asks the cache engine: over the offscreen document's direct channel when the worker has one,
 * else by message to the offscreen document (starting it when it is not running), or in
 * Firefox to the background page's frame.
 */
export async function askCacheEngine<R>(message: Body<EngineRequest>): Promise<R> {
  const request = { ...message, target: CACHE_ENGINE } as EngineRequest;
  const direct = askOverChannel(request) as Promise<R | { error: string } | undefined> | undefined;
  if (!direct) {
    if (browser.offscreen) await ensureOffscreenDocument();
    else await engineFrame;
  }
  const asked =
    direct ??
    (browser.runtime.sendMessage(request) as Promise<R | { error: string } | undefined>).catch((err: unknown) => {
      // Nobody received it: the document was closed; the next message starts it again.
      running = false;
      throw err;
    });
  const reply = await orAfter(asked, ENGINE_TIMEOUT_MS, () => {
    // A channel that went quiet is not trusted again: the next call goes by sendMessage.
    if (direct) dropLine();
    throw new Error('the cache engine did not answer in time');
  });
  if (reply === undefined) {
    running = false;
    throw new Error('The cache engine did not answer.');
  }
  if (typeof reply === 'object' && reply !== null && 'error' in reply) throw new Error(reply.error);
  return reply as R;
}
