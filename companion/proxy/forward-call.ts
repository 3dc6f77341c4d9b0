import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { FoldResult } from '../../shared/protocols/adapter.js';
import { createBodyFolder } from '../../shared/protocols/body-folder.js';
import { invalidRequest, ProtocolError } from '../../shared/protocols/errors.js';
import { upstreamPath, type RecognisedCall } from '../../shared/protocols/registry.js';
import { checkBudgets } from '../team/budget-check.js';
import { memberOf } from './key-lending.js';
import { namedProvider, reachable, upstreamTarget } from './upstream-target.js';
import { answerByConsensus } from '../consensus/answer-by-consensus.js';
import { noQuorumOutcome, requestedPanel } from '../consensus/consensus-settings.js';
import { downstreamHeaders, upstreamHeaders } from './forward-headers.js';
import { sendUpstream } from './upstream-client.js';
import { withoutFrames } from './without-frames.js';
import { relayBody } from './relay-body.js';
import { CACHE_STATUS_HEADER, COMPANION_HEADER, ROUTE_HEADER } from '../../shared/companion-contract.js';
import type { CanonicalRequest } from '../../shared/protocols/canonical/request.js';
import { cacheDirectives } from '../../shared/cache/cache-directives.js';
import type { CacheLookup, ResponseCache } from '../../shared/cache/response-cache.js';
import { cacheQuery } from '../../shared/cache/cache-query.js';
import { routeModeOverride, type Router } from '../routing/router.js';
import type { ProxyDeps } from './proxy-deps.js';
import { replaceTopLevelModel } from '../../shared/protocols/json-bytes.js';
import type { RouteDecision } from '../../shared/routing/decide-route.js';
import type { RoutingMode } from '../../shared/routing/modes.js';
import { answerHit, openCall, settleMiss, type OpenCall } from '../../shared/call/call-pipeline.js';
import { PROMPT_CACHE_HEADER, PROMPT_CACHE_MODES, type PromptCacheMode } from '../../shared/companion-contract.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeJsonBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body) || body.length === 0) throw invalidRequest('The request body is empty; send a JSON object.');
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw invalidRequest('The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidRequest(`The request body is not valid JSON: ${(err as Error).message}`);
  }
}

function siteOf(request: FastifyRequest): string {
  const site = request.headers['x-leo-site'] ?? request.headers['user-agent'];
  return typeof site === 'string' && site !== '' ? site.slice(0, 200) : 'unknown client';
}

/**
 * Keeps the body's bytes as they stream past and folds them into an answer once asked (when
 * the caller has the whole answer): parsing the stream never delays relaying it.
 */
function watchBody(upstream: IncomingMessage, call: RecognisedCall): () => FoldResult | undefined {
  const chunks: Buffer[] = [];
  upstream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => {
    const folder = createBodyFolder(call.adapter, upstream.statusCode ?? 500, String(upstream.headers['content-type'] ?? ''));
    for (const chunk of chunks) folder.push(chunk);
    return folder.result();
  };
}

/** Consults the cache; a cache that fails costs the caller nothing but the saving. */
async function lookupCache(cache: ResponseCache | undefined, call: RecognisedCall, canonical: CanonicalRequest, request: FastifyRequest, routingOn: boolean, panel: string[] | undefined): Promise<CacheLookup | undefined> {
  if (!cache || !call.adapter.wire.replayable(canonical, call.match)) return undefined;
  const asked = cacheDirectives(request.headers, cache.settings.defaultNamespace, routingOn);
  // A panel's agreed answers are kept apart from single models' answers, and from other panels'.
  const directives = panel ? { ...asked, namespace: `${asked.namespace}\u0000consensus:${panel.join(',')}` } : asked;
  if (!directives.read && !directives.write) return undefined;
  try {
    return await cache.lookup(await cacheQuery(canonical, siteOf(request)), directives);
  } catch (err) {
    request.log.warn({ err }, 'cache lookup failed; forwarding the call');
    return undefined;
  }
}

/** Asks the router; a router that fails leaves the call on the model the caller asked for. */
async function routeCall(router: Router | undefined, canonical: CanonicalRequest, mode: RoutingMode | undefined, request: FastifyRequest): Promise<RouteDecision | undefined> {
  if (!router) return undefined;
  try {
    return await router.decide(canonical, mode);
  } catch (err) {
    request.log.warn({ err }, 'routing failed; keeping the requested model');
    return undefined;
  }
}

/**
 * The body and path to forward: the caller's body, with the served model in place when
 * routed, to the endpoint's documented path (never the path as the caller spelled it).
 */
function withRoute(route: RouteDecision | undefined, call: RecognisedCall, request: FastifyRequest): { route: RouteDecision | undefined; body: Uint8Array; path: string } {
  const body = request.body as Buffer;
  if (!route?.routed) return { route, body, path: upstreamPath(call) };
  if (call.adapter.wire.modelIn === 'path') return { route, body, path: upstreamPath(call, route.served) };
  try {
    return { route, body: replaceTopLevelModel(body, route.served), path: upstreamPath(call) };
  } catch {
    // A body whose model cannot be swapped safely goes out as the caller sent it.
    return { route: { ...route, served: route.requested, routed: false, reasons: [...route.reasons, 'not routed: the model could not be swapped in the body'] }, body, path: upstreamPath(call) };
  }
}

/** Answers one recognised call from the cache, or forwards it to its provider and streams the answer back untouched. */
export async function forwardCall(deps: ProxyDeps, call: RecognisedCall, request: FastifyRequest, reply: FastifyReply) {
  const startedAt = Date.now();
  const json = decodeJsonBody(request.body);
  const canonical = call.adapter.parseRequest(json, call.match);
  const named = namedProvider(request.headers['x-leo-provider'], deps.config.selfHosted);
  const opened = openCall({ request: canonical, site: siteOf(request), prices: deps.prices, ...(named.builtIn ? { namedProvider: named.builtIn } : {}), startedAt });
  const routeMode = routeModeOverride(request.headers);
  const promptCache = promptCacheMode(request.headers, deps.config.promptCache);
  const panel = requestedPanel(request.headers, deps.config.consensus);
  const routingOn = !panel && (routeMode ?? deps.router?.settings.mode ?? 'off') !== 'off';
  const lookup = await lookupCache(deps.cache, call, canonical, request, routingOn, panel);
  if (lookup?.entry && lookup.status !== 'miss') {
    const { headers, parts, event } = answerHit(opened, call.adapter, { status: lookup.status, answer: lookup.entry.answer, reasons: lookup.reasons });
    deps.ledger.record(event, memberOf(request));
    return reply.code(200).headers(headers).send(parts.join(''));
  }

  try {
    // Only what reaches a provider spends: a member past a budget is still served from the cache.
    if (deps.team && request.caller?.kind === 'member') await checkBudgets(deps.team.members, deps.ledger, request.caller.name);
    if (panel) {
      return await answerByConsensus(deps, call, request, reply, { opened, panel, noQuorum: noQuorumOutcome(request.headers, deps.config.consensus), lookup });
    }
    return await forwardMiss(deps, call, request, reply, { opened, json, routeMode, promptCache, lookup, namedOwn: named.own });
  } catch (err) {
    // Whatever went wrong before the answer began, identical calls waiting for this one go on.
    if (lookup) deps.cache?.release(lookup.probe);
    throw err;
  }
}

interface Miss {
  opened: OpenCall;
  json: unknown;
  routeMode: RoutingMode | undefined;
  promptCache: PromptCacheMode;
  lookup: CacheLookup | undefined;
  /** The user's own server the caller named with `x-leo-provider`. */
  namedOwn: string | undefined;
}

/** The caller's `x-leo-prompt-cache`, else the companion's setting. */
function promptCacheMode(headers: FastifyRequest['headers'], configured: PromptCacheMode): PromptCacheMode {
  const raw = headers[PROMPT_CACHE_HEADER];
  if (raw === undefined) return configured;
  const mode = String(raw).trim().toLowerCase() as PromptCacheMode;
  if (!PROMPT_CACHE_MODES.includes(mode)) throw new ProtocolError(400, 'invalid_request', `${PROMPT_CACHE_HEADER} must be one of ${PROMPT_CACHE_MODES.join(', ')}; got '${String(raw).slice(0, 40)}'.`);
  return mode;
}

/** Routes a miss, adds the key, sends it to the provider and relays the answer, recording it when it ends. */
async function forwardMiss(deps: ProxyDeps, call: RecognisedCall, request: FastifyRequest, reply: FastifyReply, { opened, json, routeMode, promptCache, lookup, namedOwn }: Miss) {
  const { request: canonical } = opened;
  const { wire } = call.adapter;
  // A deployment stands for the one model the user deployed under that name: there is no lighter one to send it to; a call named to a server goes there as asked.
  const decision = wire.modelIn === 'deployment' || namedOwn ? undefined : reachable(await routeCall(deps.router, canonical, routeMode, request), deps, canonical.protocol);
  const target = upstreamTarget(deps, opened, decision?.served ?? canonical.model, namedOwn);
  const { route, body: routedBody, path } = withRoute(decision, call, request);
  const cachedPrefix = promptCache === 'auto' ? wire.withPromptCaching?.(routedBody, opened.conversation) : undefined;
  const hinted = cachedPrefix ?? routedBody;
  const withUsage = wire.withUsageRequested?.(canonical, json, hinted);
  const body = withUsage ?? hinted;
  const detail = [...(lookup?.reasons ?? []), ...(route?.reasons.map((r) => `route: ${r}`) ?? [])].join('; ');

  const abort = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  const upstream = await sendUpstream({
    url: new URL(target.base + path),
    headers: upstreamHeaders(request.headers, wire, target.key, body.length),
    body,
    signal: abort.signal,
    headersTimeoutMs: deps.config.headersTimeoutMs,
    idleTimeoutMs: deps.config.idleTimeoutMs,
  });

  const folded = watchBody(upstream, call);
  let recorded = false;
  const record = () => {
    if (recorded) return;
    recorded = true;
    const status = upstream.statusCode ?? 502;
    try {
      const fold = folded();
      const settled = settleMiss(opened, { status, fold, detail, ...(route?.routed ? { routedTo: route.served } : {}) });
      const { store } = settled;
      const event = { ...settled.event, provider: target.provider };
      deps.ledger.record(event, memberOf(request));
      if (fold && route) deps.router?.noteAnswer(canonical, fold.answer.id, route.served);
      if (lookup && deps.cache && store) {
        deps.cache.store(lookup.probe, store).catch((err: unknown) => request.log.warn({ err }, 'could not store the answer in the cache'));
      } else if (lookup) deps.cache?.release(lookup.probe);
    } catch (err) {
      // The caller already has its answer; a ledger or cache failure must not cost it that.
      request.log.error({ err }, 'could not record the call');
      if (lookup) deps.cache?.release(lookup.probe);
    }
  };
  // The response closes once the caller has all of it, or once either side broke off.
  reply.raw.on('close', record);

  // The answer goes out on the raw response: fastify has nothing left to add, and piping
  // directly keeps backpressure between the provider and the caller with the least work.
  reply.hijack();
  const headers: OutgoingHttpHeaders = { ...downstreamHeaders(upstream.headers), [COMPANION_HEADER]: '1', [CACHE_STATUS_HEADER]: 'miss' };
  if (route?.routed) headers[ROUTE_HEADER] = `${route.requested} -> ${route.served}`;
  reply.raw.writeHead(upstream.statusCode ?? 502, headers);
  const filter = withUsage && wire.isAddedUsageFrame && (upstream.statusCode ?? 500) < 400 ? withoutFrames(wire.isAddedUsageFrame) : undefined;
  relayBody(upstream, reply.raw, filter);
}
