import type { FoldResult } from '../protocols/adapter.js';
import { answerText, type CanonicalAnswer } from '../protocols/canonical/answer.js';
import { requestText, type CanonicalRequest } from '../protocols/canonical/request.js';
import { costOf, findPrice, type PriceList } from '../pricing/cost.js';
import { estimateTokens } from '../pricing/estimate-tokens.js';
import type { CallEvent } from './call-event.js';

export interface CallOutcome {
  request: CanonicalRequest;
  provider: string;
  site: string;
  status: number;
  /** The folded answer of a successful call; undefined for errors. */
  fold: FoldResult | undefined;
  startedAt: number;
  prices: PriceList;
  /** Why the cache missed and what the router decided; '' when neither was consulted. */
  detail: string;
  /** Set when the router sent the call to a lighter model than the one requested. */
  routedTo?: string;
  conversation: string;
}

/**
 * Turns one proxied call into its ledger event. An error status costs nothing; a stream cut
 * before its end or carrying an error event is an `error` too, billed for what the provider
 * sent (estimated when it reported no usage); neither ever counts as a saving.
 */
export function passthroughEvent(outcome: CallOutcome): CallEvent {
  const { request, fold } = outcome;
  const answered = outcome.status < 400 && fold !== undefined;
  const whole = answered && fold.complete && fold.error === undefined;
  const reported = fold?.answer.usage;
  const estimated = answered && (reported === undefined || (reported.inputTokens === 0 && reported.outputTokens === 0));
  const usage =
    reported && !estimated
      ? reported
      : {
          inputTokens: answered ? estimateTokens(requestText(request)) : 0,
          outputTokens: answered ? estimateTokens(answerText(fold.answer)) : 0,
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        };
  const servedModel = fold?.answer.model || outcome.routedTo || request.model;
  const requestedPrice = findPrice(request.model, outcome.prices);
  const cost = answered ? costOf(usage, findPrice(servedModel, outcome.prices) ?? requestedPrice) : 0;
  const routed = whole && outcome.routedTo !== undefined;
  // A routed call saves what the requested model would have charged for the same tokens.
  const avoided = routed && cost !== undefined ? Math.max(0, (costOf(usage, requestedPrice) ?? cost) - cost) : 0;
  const failure = !answered ? [] : fold.error !== undefined ? [`the stream carried an error: ${fold.error}`] : !fold.complete ? ['the answer was cut before its end'] : [];
  return {
    at: outcome.startedAt,
    site: outcome.site,
    protocol: request.protocol,
    provider: outcome.provider,
    requestedModel: request.model,
    servedModel,
    stream: request.stream,
    status: outcome.status,
    usage,
    usageEstimated: estimated,
    costUsd: cost ?? null,
    costAvoidedUsd: avoided,
    reason: !whole ? 'error' : routed ? 'routed' : 'passthrough',
    complete: whole,
    latencyMs: Date.now() - outcome.startedAt,
    detail: [...failure, ...(outcome.detail ? [outcome.detail] : [])].join('; '),
    conversation: outcome.conversation,
  };
}

export interface CacheHit {
  request: CanonicalRequest;
  provider: string;
  site: string;
  kind: 'exact-hit' | 'semantic-hit';
  /** The cached answer, carrying the usage its original call was billed for. */
  answer: CanonicalAnswer;
  startedAt: number;
  prices: PriceList;
  detail: string;
  conversation: string;
}

/** A call answered from the cache costs nothing and saves what the original answer cost at the requested model's price. */
export function cacheHitEvent(hit: CacheHit): CallEvent {
  const price = findPrice(hit.request.model, hit.prices) ?? findPrice(hit.answer.model, hit.prices);
  return {
    at: hit.startedAt,
    site: hit.site,
    protocol: hit.request.protocol,
    provider: hit.provider,
    requestedModel: hit.request.model,
    servedModel: hit.answer.model || hit.request.model,
    stream: hit.request.stream,
    status: 200,
    usage: hit.answer.usage,
    usageEstimated: false,
    costUsd: 0,
    costAvoidedUsd: costOf(hit.answer.usage, price) ?? 0,
    reason: hit.kind,
    complete: true,
    latencyMs: Date.now() - hit.startedAt,
    detail: hit.detail,
    conversation: hit.conversation,
  };
}
