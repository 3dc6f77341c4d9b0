import type { PathMatch, ProtocolAdapter } from './adapter.js';
import type { ProtocolId } from './canonical/protocol-id.js';
import { anthropicMessages } from './anthropic-messages/index.js';
import { azureOpenAiChat } from './azure-openai-chat/index.js';
import { gemini } from './gemini/index.js';
import { openAiChat } from './openai-chat/index.js';
import { openAiResponses } from './openai-responses/index.js';
import { PROVIDERS, providerForHost, type ProviderId } from './providers.js';

export const ADAPTERS: Record<ProtocolId, ProtocolAdapter> = {
  'openai-chat': openAiChat,
  'openai-responses': openAiResponses,
  'anthropic-messages': anthropicMessages,
  gemini,
  'azure-openai-chat': azureOpenAiChat,
};

export interface RecognisedCall {
  adapter: ProtocolAdapter;
  match: PathMatch;
  /** The provider the host belongs to; undefined for hosts we do not know. */
  provider: ProviderId | undefined;
}

/** A call to one of our protocols' endpoints that is not exactly the documented form. */
export interface RefusedCall {
  adapter: ProtocolAdapter;
  refusal: string;
}

/** The API root of a known provider's host (`/openai` for Groq), '' for any other host. */
function apiRoot(provider: ProviderId | undefined): string {
  return provider && PROVIDERS[provider].baseUrl ? new URL(PROVIDERS[provider].baseUrl).pathname.replace(/\/$/, '') : '';
}

/** The documented query parameters, credentials left out, or why the query is not one the provider documents. */
function documentedQuery(adapter: ProtocolAdapter, params: URLSearchParams): { query: string } | { refusal: string } {
  const kept = new URLSearchParams();
  const seen = new Set<string>();
  for (const [name, value] of params) {
    const parameter = adapter.query[name];
    if (!parameter) return { refusal: `the query parameter '${name}' is not part of this API` };
    if (seen.has(name)) return { refusal: `the query parameter '${name}' is given twice` };
    if (!parameter.values.test(value)) return { refusal: `the query parameter '${name}' has a value this API does not take` };
    seen.add(name);
    if (!parameter.credential) kept.set(name, value);
  }
  const query = kept.toString();
  return { query: query ? `?${query}` : '' };
}

/**
 * Matches a call against the four protocols' documented endpoints: the exact path under the
 * provider's API root (so no encoded byte, dot or empty segment, or other prefix gets through),
 * and only the query parameters the provider documents. `rawPath`, when given, is the path as
 * it arrived, before URL parsing resolved dot segments. Returns undefined for a path that is
 * no endpoint of ours, a refusal for an endpoint with a query the provider does not document.
 */
export function matchEndpoint(url: string | URL, method: string, rawPath?: string): RecognisedCall | RefusedCall | undefined {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  const verb = method.toUpperCase();
  const provider = providerForHost(parsed.host);
  const root = apiRoot(provider);
  const path = rawPath ?? parsed.pathname;
  const apiPath = path.startsWith(root) ? path.slice(root.length) : undefined;
  for (const adapter of Object.values(ADAPTERS)) {
    const match = apiPath === undefined ? null : adapter.matchPath(apiPath, verb);
    if (!match) continue;
    const query = documentedQuery(adapter, parsed.searchParams);
    if ('refusal' in query) return { adapter, refusal: query.refusal };
    return { adapter, match: { ...match, query: query.query }, provider };
  }
  return undefined;
}

/** Recognises an LLM API call by its method, exact path and documented query; every other request is not ours. */
export function recogniseCall(url: string | URL, method: string): RecognisedCall | undefined {
  const found = matchEndpoint(url, method);
  return found && 'match' in found ? found : undefined;
}

/** Where a recognised call goes under a provider's base URL, with `model` in the path where the protocol puts it there. */
export function upstreamPath({ match }: RecognisedCall, model?: string): string {
  const path = model !== undefined && match.model !== undefined ? match.path.replace(`/models/${match.model}:`, `/models/${model}:`) : match.path;
  return path + match.query;
}
