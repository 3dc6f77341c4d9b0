import { recogniseCall, upstreamPath, type RecognisedCall } from '../../../shared/protocols/registry.js';
import type { CanonicalRequest } from '../../../shared/protocols/canonical/request.js';
import { createBodyFolder } from '../../../shared/protocols/body-folder.js';
import { cacheDirectives, type CacheDirectives } from '../../../shared/cache/cache-directives.js';
import { cacheQuery } from '../../../shared/cache/cache-query.js';
import { answerHit, openCall, settleMiss, type MissOutcome, type OpenCall } from '../../../shared/call/call-pipeline.js';
import { NAMESPACE_HEADER, ROUTE_HEADER } from '../../../shared/companion-contract.js';
import { companionCanCallFor } from '../../../shared/protocols/providers.js';
import { PRICE_TABLE } from '../../../shared/pricing/price-table.js';
import type { CallReply, PageCall } from './call-messages.js';
import type { EngineLookup } from '../cache/engine-messages.js';
import { forwardToCompanion } from '../companion/companion-forward.js';
import { noteKeyAsk } from '../companion/key-lending.js';
import { database, type StoredEvent } from '../settings/database.js';
import { askCacheEngine } from '../cache/offscreen-engine.js';
import { consensusWanted, currentSettings, siteEnabled, updateSettings, type LeoSettings } from '../settings/settings.js';

/** A streamed hit plays back within about this long, so chat UIs render it as text arriving. */
const HIT_PLAYBACK_MS = 250;
const MAX_FRAME_GAP_MS = 12;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DirectOutcome {
  status: number;
  body: string;
  complete: boolean;
}

/** Where one call's answer goes, and what its caller allows. */
export interface CallSink {
  send(reply: CallReply): void;
  signal: AbortSignal;
  /** Asks the page to make its own request and resolves with how that went; absent when no page waits (a refetch). */
  direct?: () => Promise<DirectOutcome>;
  /** Skip the cache lookup (a "fresh answers" tab, or a refetch); the answer is still stored. */
  fresh: boolean;
  tabId?: number;
  /** Told once the call's body has been parsed and hashed: the site's share of the extension is free for its next call. */
  bodyRead?: () => void;
}

interface Call {
  page: PageCall;
  origin: string;
  recognised: RecognisedCall;
  request: CanonicalRequest;
  opened: OpenCall;
  callId: string;
  /** Set once the engine was told how the miss ended. */
  settled: boolean;
}

async function record(event: StoredEvent): Promise<void> {
  try {
    await database().events.add(event);
  } catch {
    // The page has its answer; a ledger that cannot be written costs it nothing.
  }
}

/** The page makes its own request (and reports how it went, when asked); where no page waits (a refetch), the call fails. */
function letPageGo({ send, direct }: CallSink, report: boolean): void {
  send(direct ? { type: 'direct', report } : { type: 'fail', message: 'no way to reach the provider without the companion' });
}

/**
 * Answers one call: from the cache, or through the paired companion, or by letting the page
 * make its request itself and learning the answer from it. Every failure before an answer
 * began ends in `direct` (or `fail` where no page can go direct): the call is never lost.
 */
export async function runCall(page: PageCall, origin: string, sink: CallSink): Promise<void> {
  const goDirect = (report: boolean) => letPageGo(sink, report);
  const startedAt = Date.now();
  const recognised = recogniseCall(page.url, page.method);
  const settings = await currentSettings();
  if (!recognised || !siteEnabled(settings, origin, recognised.provider !== undefined)) return goDirect(false);
  let request: CanonicalRequest;
  let directives: CacheDirectives;
  try {
    request = recognised.adapter.parseRequest(JSON.parse(page.body), recognised.match);
    // The namespace is the page's origin, whatever the page's headers say.
    const headers = Object.fromEntries(page.headers.filter(([name]) => name !== NAMESPACE_HEADER));
    directives = cacheDirectives(headers, origin, settings.routingMode !== 'off');
  } catch {
    // The provider will tell the page what is wrong with its request, in its own words.
    return goDirect(false);
  }
  if (sink.fresh || (sink.tabId !== undefined && settings.freshTabs.includes(sink.tabId))) directives.read = false;
  const opened = openCall({ request, site: origin, prices: { ...PRICE_TABLE, ...settings.priceOverrides }, namedProvider: recognised.provider, startedAt });
  const call: Call = { page, origin, recognised, request, opened, callId: crypto.randomUUID(), settled: false };

  const { strictness, embeddingModel, modelHost, cacheMaxTemperature } = settings;
  const query = await cacheQuery(request);
  sink.bodyRead?.();
  const lookup = await askCacheEngine<EngineLookup>({ type: 'lookup', callId: call.callId, query, directives, settings: { strictness, embeddingModel, modelHost, cacheMaxTemperature } }).catch(
    (err: Error): EngineLookup => ({ status: 'miss', reasons: [`cache unavailable: ${err.message}`] }),
  );
  if (lookup.status !== 'miss' && lookup.answer) return replayHit(call, lookup, sink);
  try {
    await answerMiss(call, settings, lookup, sink);
  } finally {
    // Every miss ends in the engine once, answered or not, so identical calls waiting for it go on.
    if (!call.settled) void askCacheEngine({ type: 'settle', callId: call.callId }).catch(() => undefined);
  }
}

/** A miss: through the companion for a granted site, else the page's own request, learning the answer from it. */
async function answerMiss(call: Call, settings: LeoSettings, lookup: EngineLookup, sink: CallSink): Promise<void> {
  const { origin, recognised, request } = call;
  // The companion spends the user's keys: only for sites the user granted; any other site's request goes out with its own key.
  if (settings.pairingToken && recognised.provider !== undefined && companionCanCallFor(recognised.provider)) {
    if (settings.keyGrants[origin]) {
      if (await viaCompanion(call, settings, lookup, sink)) return;
    } else if (!settings.keyAsks[origin]) await noteKeyAsk(origin, sink.tabId).catch(() => undefined);
  }
  // A page that gave up waits for nothing more.
  if (sink.signal.aborted) return;
  letPageGo(sink, true);
  if (!sink.direct) return;
  const { status, body, complete } = await sink.direct();
  const folder = createBodyFolder(recognised.adapter, status, request.stream ? 'text/event-stream' : 'application/json');
  folder.push(body);
  await settle(call, { status, fold: complete ? folder.result() : undefined, detail: lookup.reasons.join('; ') });
}

async function replayHit(call: Call, lookup: EngineLookup, { send, signal }: CallSink): Promise<void> {
  const status = lookup.status as 'exact-hit' | 'semantic-hit';
  const { headers, parts, event } = answerHit(call.opened, call.recognised.adapter, { status, answer: lookup.answer!, reasons: lookup.reasons });
  send({ type: 'head', status: 200, statusText: 'OK', headers: Object.entries(headers) });
  const gap = Math.min(MAX_FRAME_GAP_MS, HIT_PLAYBACK_MS / parts.length);
  for (const [i, part] of parts.entries()) {
    if (signal.aborted) return;
    if (i > 0 && call.request.stream) await sleep(gap);
    send({ type: 'chunk', text: part });
  }
  send({ type: 'end' });
  await record({ ...event, refetch: { page: call.page, entryId: lookup.entryId, ...(lookup.cosine !== undefined ? { cosine: lookup.cosine } : {}) } });
}

/** True when the companion took the call (the page has its answer, or the stream failed after it began). */
async function viaCompanion(call: Call, settings: LeoSettings, lookup: EngineLookup, { send, signal }: CallSink): Promise<boolean> {
  const response = await forwardToCompanion(settings.companionUrl, settings.pairingToken!, {
    call: call.page,
    path: upstreamPath(call.recognised),
    origin: call.origin,
    provider: call.recognised.provider!,
    routingMode: settings.routingMode,
    promptCache: settings.promptCacheHints ? 'auto' : 'off',
    consensus: consensusWanted(settings, call.origin, call.request.model),
    signal,
    onRefused: (message) => void updateSettings({ companionRefusal: { at: Date.now(), site: call.origin, message } }).catch(() => undefined),
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
  const route = response.headers.get(ROUTE_HEADER)?.split(' -> ');
  const detail = ['answered through the companion', ...(route ? [`routed ${route.join(' -> ')}`] : []), ...lookup.reasons].join('; ');
  // The engine is handed the answer before the page hears the end, so the page's next call (a rewording, often) finds it.
  const settling = settle(call, { status: response.status, fold: complete ? folder.result() : undefined, detail, ...(route?.[1] ? { routedTo: route[1] } : {}) });
  send(complete ? { type: 'end' } : { type: 'fail', message: 'the companion broke off the answer' });
  await settling;
  return true;
}

/** Caches the answer when it may be (first, so an identical call finds it at once), then records the call. */
async function settle(call: Call, outcome: MissOutcome): Promise<void> {
  const { event, store } = settleMiss(call.opened, outcome);
  call.settled = true;
  await askCacheEngine({ type: 'settle', callId: call.callId, ...(store ? { answer: store } : {}) }).catch(() => undefined);
  await record(event);
}
