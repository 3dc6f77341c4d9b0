import { browser, type Browser } from 'wxt/browser';

type Port = Browser.runtime.Port;
import type { CallEvent } from '../../shared/ledger/call-event.js';
import { recogniseCall, type RecognisedCall } from '../../shared/protocols/registry.js';
import type { CanonicalRequest } from '../../shared/protocols/canonical/request.js';
import type { FoldResult } from '../../shared/protocols/adapter.js';
import { createBodyFolder } from '../../shared/protocols/body-folder.js';
import { providerForModel } from '../../shared/protocols/providers.js';
import { cacheDirectives, type CacheDirectives } from '../../shared/cache/cache-directives.js';
import { cachedReply } from '../../shared/cache/cached-reply.js';
import { isStorableAnswer } from '../../shared/cache/cacheability.js';
import { NAMESPACE_HEADER, ROUTE_HEADER } from '../../shared/companion-contract.js';
import { cacheHitEvent, passthroughEvent } from '../../shared/ledger/call-record.js';
import { PRICE_TABLE } from '../../shared/pricing/price-table.js';
import { conversationKey } from '../../shared/routing/conversation-key.js';
import { asCallFollowUp, asPageCall, type CallReply, type PageCall } from './call-messages.js';
import type { EngineLookup } from './cache-engine.js';
import { forwardToCompanion } from './companion-forward.js';
import { database } from './database.js';
import { askCacheEngine } from './offscreen-engine.js';
import { loadSettings, siteEnabled, type LeoSettings } from './settings.js';

/** A streamed hit plays back within about this long, so chat UIs render it as text arriving. */
const HIT_PLAYBACK_MS = 250;
const MAX_FRAME_GAP_MS = 12;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The page's origin as the browser reports it; the page cannot choose it. */
function senderOrigin(port: Port): string | undefined {
  const sender = port.sender;
  if (!sender?.tab || sender.id !== browser.runtime.id) return undefined;
  if (sender.origin) return sender.origin;
  try {
    return sender.url ? new URL(sender.url).origin : undefined;
  } catch {
    return undefined;
  }
}

interface Call {
  page: PageCall;
  origin: string;
  tabId: number | undefined;
  recognised: RecognisedCall;
  request: CanonicalRequest;
  startedAt: number;
}

async function record(event: CallEvent): Promise<void> {
  try {
    await database().events.add(event);
  } catch {
    // The page has its answer; a ledger that cannot be written costs it nothing.
  }
}

/**
 * One intercepted call, over its own Port: answer it from the cache, or through the paired
 * companion, or tell the page to make its request itself and learn the answer from it.
 * Nothing here may cost the page its request: every failure before an answer is `direct`.
 */
export function handleCallPort(port: Port): void {
  const origin = senderOrigin(port);
  if (!origin) return port.disconnect();
  const callId = crypto.randomUUID();
  const abort = new AbortController();
  let started = false;
  let directResult: ((outcome: { status: number; body: string; complete: boolean }) => void) | undefined;
  let open = true;

  const send = (reply: CallReply) => {
    if (open) port.postMessage(reply);
  };
  port.onDisconnect.addListener(() => {
    open = false;
    abort.abort();
    directResult?.({ status: 599, body: '', complete: false });
  });
  port.onMessage.addListener((message: unknown) => {
    if (!started) {
      const page = asPageCall(message);
      if (!page) return port.disconnect();
      started = true;
      void answer(page).catch(() => send({ type: 'fail', message: 'internal error' }));
      return;
    }
    const followUp = asCallFollowUp(message);
    if (followUp?.type === 'abort') abort.abort();
    else if (followUp?.type === 'direct-result') directResult?.(followUp);
  });

  async function answer(page: PageCall): Promise<void> {
    const startedAt = Date.now();
    const recognised = recogniseCall(page.url, page.method);
    const settings = await loadSettings();
    if (!recognised || !siteEnabled(settings, origin!, recognised.provider !== undefined)) return send({ type: 'direct', report: false });
    let request: CanonicalRequest;
    let directives: CacheDirectives;
    try {
      request = recognised.adapter.parseRequest(JSON.parse(page.body), recognised.match);
      // The namespace is the page's origin, whatever the page's headers say.
      const headers = Object.fromEntries(page.headers.filter(([name]) => name !== NAMESPACE_HEADER));
      directives = cacheDirectives(headers, origin!, settings.routingMode !== 'off');
    } catch {
      // The provider will tell the page what is wrong with its request, in its own words.
      return send({ type: 'direct', report: false });
    }
    const tabId = port.sender?.tab?.id;
    if (tabId !== undefined && settings.freshTabs.includes(tabId)) directives.read = false;
    const call: Call = { page, origin: origin!, tabId, recognised, request, startedAt };

    const lookup = await askCacheEngine<EngineLookup>({ type: 'lookup', callId, request, directives }).catch(
      (err: Error): EngineLookup => ({ status: 'miss', reasons: [`cache unavailable: ${err.message}`] }),
    );
    if (lookup.status !== 'miss' && lookup.answer) return replayHit(call, lookup);
    if (settings.pairingToken && recognised.provider !== undefined && (await viaCompanion(call, settings, lookup))) return;
    return viaPage(call, lookup);
  }

  async function replayHit(call: Call, lookup: EngineLookup): Promise<void> {
    const status = lookup.status as 'exact-hit' | 'semantic-hit';
    const { headers, parts } = cachedReply(call.recognised.adapter, call.request, lookup.answer!, status);
    send({ type: 'head', status: 200, statusText: 'OK', headers: Object.entries(headers) });
    const gap = Math.min(MAX_FRAME_GAP_MS, HIT_PLAYBACK_MS / parts.length);
    for (const [i, part] of parts.entries()) {
      if (abort.signal.aborted) return;
      if (i > 0 && call.request.stream) await sleep(gap);
      send({ type: 'chunk', text: part });
    }
    send({ type: 'end' });
    const provider = call.recognised.provider ?? providerForModel(call.request.model);
    await record(cacheHitEvent({ request: call.request, provider, site: call.origin, kind: status, answer: lookup.answer!, startedAt: call.startedAt, prices: PRICE_TABLE, detail: lookup.reasons.join('; '), conversation: conversationKey(call.request) }));
  }

  /** True when the companion took the call (the page has its answer, or the stream failed after it began). */
  async function viaCompanion(call: Call, settings: LeoSettings, lookup: EngineLookup): Promise<boolean> {
    const response = await forwardToCompanion(settings.companionUrl, settings.pairingToken!, {
      call: call.page,
      origin: call.origin,
      provider: call.recognised.provider!,
      routingMode: settings.routingMode,
      signal: abort.signal,
    }).catch(() => undefined);
    if (!response) return false;
    send({ type: 'head', status: response.status, statusText: response.statusText, headers: [...response.headers].filter(([name]) => name !== 'content-encoding' && name !== 'content-length') });
    const folder = createBodyFolder(call.recognised.adapter, response.status, response.headers.get('content-type') ?? '');
    let complete = true;
    if (response.body) {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          const text = decoder.decode(chunk, { stream: true });
          folder.push(text);
          send({ type: 'chunk', text });
        }
        const rest = decoder.decode();
        if (rest) send({ type: 'chunk', text: rest });
      } catch {
        complete = false;
      }
    }
    send(complete ? { type: 'end' } : { type: 'fail', message: 'the companion broke off the answer' });
    const route = response.headers.get(ROUTE_HEADER)?.split(' -> ');
    const detail = ['answered through the companion', ...(route ? [`routed ${route.join(' -> ')}`] : []), ...lookup.reasons].join('; ');
    await settle(call, response.status, complete ? folder.result() : undefined, detail, route?.[1]);
    return true;
  }

  /** The page makes its own request; its answer comes back here for the cache and the ledger. */
  async function viaPage(call: Call, lookup: EngineLookup): Promise<void> {
    const outcome = new Promise<{ status: number; body: string; complete: boolean }>((resolve) => (directResult = resolve));
    send({ type: 'direct', report: true });
    const { status, body, complete } = await outcome;
    const folder = createBodyFolder(call.recognised.adapter, status, call.request.stream ? 'text/event-stream' : 'application/json');
    folder.push(body);
    await settle(call, status, complete ? folder.result() : undefined, lookup.reasons.join('; '));
    if (open) port.disconnect();
  }

  async function settle(call: Call, status: number, fold: FoldResult | undefined, detail: string, routedTo?: string): Promise<void> {
    const provider = call.recognised.provider ?? providerForModel(call.request.model);
    const event = passthroughEvent({ request: call.request, provider, site: call.origin, status, fold, startedAt: call.startedAt, prices: PRICE_TABLE, detail, conversation: conversationKey(call.request), ...(routedTo ? { routedTo } : {}) });
    await record(event);
    if (isStorableAnswer(status, fold)) {
      await askCacheEngine({ type: 'store', callId, answer: { ...fold.answer, usage: event.usage } }).catch(() => undefined);
    }
  }
}
