import { browser } from 'wxt/browser';
import type { EngineRequest } from './engine-messages.js';

/**
 * The service worker's direct line to the cache engine in Chrome's offscreen document: a
 * MessageChannel the document hands the worker, so a lookup skips the browser's routing of
 * extension messages (two of a miss's hops before the provider is called). Anything that
 * goes wrong leaves the worker on `runtime.sendMessage`, which always works.
 */
const OFFER = 'leo-optima/engine-channel';
/** What the worker sends by `runtime.sendMessage` when it starts without a channel. */
export const CHANNEL_WANTED = { target: OFFER, type: 'wanted' } as const;

type Handle = (request: EngineRequest) => Promise<unknown>;

/** In the offscreen document: hands the worker a channel whose requests go to `handle`. */
export async function offerEngineChannel(handle: Handle): Promise<void> {
  const registration = await navigator.serviceWorker?.ready;
  if (!registration?.active) return;
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = ({ data }: MessageEvent<{ id: number; request: EngineRequest }>) => {
    handle(data.request).then(
      (reply) => port1.postMessage({ id: data.id, reply }),
      (err: Error) => port1.postMessage({ id: data.id, reply: { error: err.message } }),
    );
  };
  registration.active.postMessage({ type: OFFER }, [port2]);
  // A closing document says so: nothing else tells the worker that the channel's other end is gone.
  addEventListener('pagehide', () => port1.postMessage({ closing: true }), { once: true });
}

/** The part of the service worker's scope used here (the project's TypeScript lib is the DOM's, not the worker's). */
export interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent & { source: { url?: string } | null }) => void): void;
}

interface Line {
  port: MessagePort;
  next: number;
  waiting: Map<number, (reply: unknown) => void>;
}

let line: Line | undefined;

/** In the service worker: takes the channels the offscreen document offers, and asks for one at start. */
export function acceptEngineChannels(worker: WorkerScope): void {
  const offscreenUrl = browser.runtime.getURL('/offscreen.html');
  worker.addEventListener('message', (event) => {
    if ((event.data as { type?: unknown } | null)?.type !== OFFER || event.source?.url !== offscreenUrl || event.ports.length !== 1) return;
    adopt(event.ports[0]!);
  });
  void browser.runtime.sendMessage(CHANNEL_WANTED).catch(() => undefined);
}

function adopt(port: MessagePort): void {
  dropLine();
  const adopted: Line = { port, next: 0, waiting: new Map() };
  port.onmessage = ({ data }: MessageEvent<{ id: number; reply: unknown } | { closing: true }>) => {
    // The document went away: back to sendMessage, which starts it again. (A crashed one says
    // nothing: the requests waiting on it end at their deadline, which drops the channel too.)
    if ('closing' in data) {
      if (line === adopted) dropLine();
      return;
    }
    adopted.waiting.get(data.id)?.(data.reply);
    adopted.waiting.delete(data.id);
  };
  line = adopted;
}

/** Forgets the channel; requests still waiting on it are told the engine is gone. */
export function dropLine(): void {
  if (!line) return;
  for (const answer of line.waiting.values()) answer({ error: 'the cache engine closed' });
  line.port.close();
  line = undefined;
}

/** Asks over the channel, or returns undefined when there is none. */
export function askOverChannel(request: EngineRequest): Promise<unknown> | undefined {
  const current = line;
  if (!current) return undefined;
  const id = (current.next += 1);
  return new Promise((resolve) => {
    current.waiting.set(id, resolve);
    current.port.postMessage({ id, request });
  });
}
