import { CACHE_MODE_HEADER, CONSENSUS_HEADER, COMPANION_ERROR_HEADER, COMPANION_HEADER, PROMPT_CACHE_HEADER, ROUTE_MODE_HEADER, type PromptCacheMode } from '../../../shared/companion-contract.js';
import type { ProviderId } from '../../../shared/protocols/providers.js';
import type { RoutingMode } from '../../../shared/routing/modes.js';
import type { PageCall } from '../call/call-messages.js';

/** Headers that describe the page's hop, or that only the extension may set. */
const NOT_FORWARDED = new Set(['host', 'origin', 'referer', 'content-length', 'connection', 'cookie']);

export interface CompanionCall {
  call: PageCall;
  /** The endpoint's documented path and query (`upstreamPath`), never the page's own spelling of it. */
  path: string;
  origin: string;
  provider: ProviderId;
  routingMode: RoutingMode;
  promptCache: PromptCacheMode;
  signal: AbortSignal;
  /** Ask the companion's consensus panel instead of the one model. */
  consensus: boolean;
  /** Told when the companion refuses to pay for the call (a team budget spent): the message in the caller's protocol. */
  onRefused?: (message: string) => void;
}

/**
 * Sends a page's call to the paired companion, which routes it and adds the key. Returns
 * undefined when the companion cannot take it (not running, our token unknown, no key for
 * the provider, provider unreachable from it): the page then makes its own request. The extension's cache answers repeats, so the
 * companion is asked not to cache them a second time.
 */
export async function forwardToCompanion(companionUrl: string, token: string, { call, path, origin, provider, routingMode, promptCache, consensus, signal, onRefused }: CompanionCall): Promise<Response | undefined> {
  const headers = new Headers();
  for (const [name, value] of call.headers) {
    if (!NOT_FORWARDED.has(name) && !name.startsWith('x-leo-')) headers.set(name, value);
  }
  headers.set('authorization', `Bearer ${token}`);
  headers.set('x-leo-site', origin);
  headers.set('x-leo-provider', provider);
  headers.set(CACHE_MODE_HEADER, 'off');
  headers.set(ROUTE_MODE_HEADER, routingMode);
  headers.set(PROMPT_CACHE_HEADER, promptCache);
  if (consensus) headers.set(CONSENSUS_HEADER, 'on');
  let response: Response;
  try {
    response = await fetch(`${companionUrl}${path}`, { method: 'POST', headers, body: call.body, signal });
  } catch (err) {
    if (signal.aborted) throw err;
    return undefined;
  }
  if (response.headers.get(COMPANION_HEADER) === null || response.headers.has(COMPANION_ERROR_HEADER)) {
    if (response.status === 429 && onRefused) {
      // Every protocol's error body carries `error.message`.
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: unknown } };
      onRefused(typeof body.error?.message === 'string' ? body.error.message : 'The companion refused to pay for this call (HTTP 429).');
    } else await response.body?.cancel();
    return undefined;
  }
  return response;
}
