import type { PathMatch, ProtocolAdapter } from './adapter.js';
import type { ProtocolId } from './canonical/protocol-id.js';
import { anthropicMessages } from './anthropic-messages/index.js';
import { gemini } from './gemini/index.js';
import { openAiChat } from './openai-chat/index.js';
import { openAiResponses } from './openai-responses/index.js';
import { providerForHost, type ProviderId } from './providers.js';

export const ADAPTERS: Record<ProtocolId, ProtocolAdapter> = {
  'openai-chat': openAiChat,
  'openai-responses': openAiResponses,
  'anthropic-messages': anthropicMessages,
  gemini,
};

export interface RecognisedCall {
  adapter: ProtocolAdapter;
  match: PathMatch;
  /** The provider the host belongs to; undefined for hosts we do not know. */
  provider: ProviderId | undefined;
}

/** Recognises an LLM API call by its method and path; every other request is not ours. */
export function recogniseCall(url: string | URL, method: string): RecognisedCall | undefined {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  const verb = method.toUpperCase();
  for (const adapter of Object.values(ADAPTERS)) {
    const match = adapter.matchPath(parsed.pathname, verb);
    if (match) return { adapter, match, provider: providerForHost(parsed.host) };
  }
  return undefined;
}
