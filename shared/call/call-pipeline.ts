import type { FoldResult, ProtocolAdapter } from '../protocols/adapter.js';
import type { CanonicalAnswer } from '../protocols/canonical/answer.js';
import type { CanonicalRequest } from '../protocols/canonical/request.js';
import { providerOfCall, type ProviderId } from '../protocols/providers.js';
import type { PriceList } from '../pricing/cost.js';
import { cachedReply } from '../cache/cached-reply.js';
import { isStorableAnswer } from '../cache/cacheability.js';
import type { CallEvent } from '../ledger/call-event.js';
import { cacheHitEvent, passthroughEvent } from '../ledger/call-record.js';
import { conversationKey } from '../routing/conversation-key.js';

/**
 * The one path of a call, as both the extension and the companion run it, free of I/O: open
 * it, then either answer it from the cache or settle its miss. Each side keeps only its
 * transport (a page's message port, an HTTP reply) and its stores.
 */
export interface OpenCall {
  request: CanonicalRequest;
  provider: ProviderId;
  /** Who asked: a page's origin, or a client's name. */
  site: string;
  /** Groups a conversation's turns, for routing stickiness and the ledger. */
  conversation: string;
  prices: PriceList;
  startedAt: number;
}

export function openCall(input: { request: CanonicalRequest; site: string; prices: PriceList; namedProvider?: ProviderId; startedAt?: number }): OpenCall {
  const { request, site, prices } = input;
  let conversation: string | undefined;
  return {
    request,
    provider: providerOfCall(request.protocol, request.model, input.namedProvider),
    site,
    // Hashing the whole conversation waits until something asks: on a plain miss, once the answer went out.
    get conversation() {
      return (conversation ??= conversationKey(request));
    },
    prices,
    startedAt: input.startedAt ?? Date.now(),
  };
}

export interface CacheHitAnswer {
  status: 'exact-hit' | 'semantic-hit';
  answer: CanonicalAnswer;
  /** Why it hit, for the ledger. */
  reasons: string[];
}

/** A hit: the headers and body parts in the caller's protocol, and the one ledger event it makes. */
export function answerHit(call: OpenCall, adapter: ProtocolAdapter, hit: CacheHitAnswer): { headers: Record<string, string>; parts: string[]; event: CallEvent } {
  const { headers, parts } = cachedReply(adapter, call.request, hit.answer, hit.status);
  const event = cacheHitEvent({ ...call, kind: hit.status, answer: hit.answer, detail: hit.reasons.join('; ') });
  return { headers, parts, event };
}

export interface MissOutcome {
  status: number;
  /** The folded answer; undefined when none came, or it was cut. */
  fold: FoldResult | undefined;
  /** Why the cache missed and what the router decided. */
  detail: string;
  /** Set when the router sent the call to a lighter model. */
  routedTo?: string;
}

/**
 * A miss that ended: its ledger event, and the answer to store when it is whole and
 * successful, carrying the usage the ledger settled on (so a later hit saves what this call
 * cost); undefined when nothing may be stored.
 */
export function settleMiss(call: OpenCall, outcome: MissOutcome): { event: CallEvent; store: CanonicalAnswer | undefined } {
  const { routedTo, ...rest } = outcome;
  const event = passthroughEvent({ ...call, ...rest, ...(routedTo ? { routedTo } : {}) });
  const store = isStorableAnswer(outcome.status, outcome.fold) ? { ...outcome.fold.answer, usage: event.usage } : undefined;
  return { event, store };
}
