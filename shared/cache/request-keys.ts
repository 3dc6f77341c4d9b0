import type { CanonicalMessage, CanonicalRequest } from '../protocols/canonical/request.js';
import { modelFamily } from './model-family.js';
import { sha256Hex, stableJson } from './stable-json.js';

/** How a request is found in the cache; computed once per call. */
export interface CacheKeys {
  /** Everything that shapes the answer: equal keys mean the provider was asked the same thing. */
  exact: string;
  /** Everything around the last turn (model family, system, tools, format, sampling, every other field, and every earlier turn as sent). */
  context: string;
  /** The last user turn, when the request can be matched by meaning; undefined when only exact hits are safe. */
  prompt: string | undefined;
  /** The earlier turns as text ('' for a first turn): a reworded hit needs them exactly as cached (they are in the context key). */
  history: string;
}

function messageText(message: CanonicalMessage): string {
  const parts = message.content.map((c) => {
    if (c.type === 'text') return c.text;
    if (c.type === 'tool-call') return `[call ${c.name} ${c.arguments}]`;
    if (c.type === 'tool-result') return `[result ${c.content}]`;
    return '';
  });
  return `${message.role}: ${parts.join('')}`;
}

/**
 * Past these lengths a request is matched exactly or not at all: the embedding model reads
 * a few hundred tokens (MiniLM 256), so two long prompts that differ past that would look
 * alike, and embedding megabytes would stall every other lookup behind it. Hashing them for
 * the exact tier stays cheap.
 */
export const MAX_SEMANTIC_PROMPT_CHARS = 2_000;
export const MAX_SEMANTIC_HISTORY_CHARS = 8_000;

/**
 * The semantic tier only judges plain text: a conversation carrying images, files or parts we
 * do not model, or ending in anything but a user's text, is matched exactly or not at all.
 */
function semanticPrompt(request: CanonicalRequest, history: string): string | undefined {
  if (history.length > MAX_SEMANTIC_HISTORY_CHARS) return undefined;
  const last = request.messages[request.messages.length - 1];
  if (!last || last.role !== 'user') return undefined;
  const plain = request.messages.every((m) => m.content.every((c) => c.type === 'text' || c.type === 'tool-call' || c.type === 'tool-result'));
  if (!plain || !last.content.every((c) => c.type === 'text')) return undefined;
  const text = last.content.map((c) => (c.type === 'text' ? c.text : '')).join('').trim();
  return text === '' || text.length > MAX_SEMANTIC_PROMPT_CHARS ? undefined : text;
}

/**
 * The exact key is the request as sent (its protocol's identity: every field but the few that
 * cannot change the answer) and the model; the context key is the same minus the last turn,
 * with the model's family, for the semantic tier to compare the last turn within: a follow-up
 * shares an answer only with a follow-up to the very same conversation.
 */
export async function cacheKeys(request: CanonicalRequest): Promise<CacheKeys> {
  const { conversation, around } = request.identity;
  const [exact, context] = await Promise.all([
    sha256Hex(stableJson({ protocol: request.protocol, model: request.model, conversation, around })),
    sha256Hex(stableJson({ protocol: request.protocol, family: modelFamily(request.model), system: request.system, around, earlier: request.messages.slice(0, -1) })),
  ]);
  const history = request.messages.slice(0, -1).map(messageText).join('\n');
  const prompt = semanticPrompt(request, history);
  return { exact, context, prompt, history: prompt === undefined ? '' : history };
}
