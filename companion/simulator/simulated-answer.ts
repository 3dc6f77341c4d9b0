import type { AnswerPart, CanonicalAnswer } from '../../shared/protocols/canonical/answer.js';
import type { CanonicalUsage } from '../../shared/protocols/canonical/usage.js';
import { contentText, requestText, type CanonicalRequest, type CanonicalTool } from '../../shared/protocols/canonical/request.js';
import type { ProtocolId } from '../../shared/protocols/canonical/protocol-id.js';
import { newId, nowSeconds } from '../../shared/protocols/ids.js';
import { estimateTokens } from '../../shared/pricing/estimate-tokens.js';
import { textPieces } from '../../shared/protocols/text-pieces.js';
import { OPTION_LINE } from '../../shared/consensus/claims.js';

const VOCABULARY = (
  'the answer depends on context and a careful reading shows that each step follows from the one ' +
  'before it so we can check the result by working backwards through every assumption we made ' +
  'along the way while keeping units and edge cases in mind before we settle on the final value'
).split(' ');

const ID_PREFIX: Record<ProtocolId, string> = {
  'openai-chat': 'chatcmpl-',
  'openai-responses': 'resp_',
  'anthropic-messages': 'msg_',
  gemini: '',
  'azure-openai-chat': 'chatcmpl-',
};

/** FNV-1a: a stable hash, so the same prompt always gets the same simulated answer. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function lastUserText(request: CanonicalRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i]!;
    if (message.role !== 'user') continue;
    const text = contentText(message.content).trim();
    if (text !== '') return text;
  }
  return '';
}

function promptTokens(request: CanonicalRequest): number {
  return estimateTokens(`${requestText(request)}\n${JSON.stringify(request.tools)}`);
}

/** How a simulated provider answers: right, as every honest one does alike, or wrong on purpose (a consensus panel's faulty member). */
export type Persona = 'honest' | 'wrong';

const ASKS_NUMBER = /\b(how (many|much)|calculate|compute|what is the (sum|product|total))\b/i;

/**
 * The sentence a question with lettered options or a quantity gets first: a choice or a number
 * that every honest simulator picks alike for the prompt, and a wrong one picks otherwise.
 */
function statedAnswer(prompt: string, persona: Persona): string {
  const letters = [...new Set([...prompt.matchAll(OPTION_LINE)].map((m) => m[1]!))];
  const shift = persona === 'wrong' ? 1 : 0;
  if (letters.length >= 2) return `The answer is (${letters[(hash(prompt) + shift) % letters.length]}). `;
  if (ASKS_NUMBER.test(prompt)) return `The answer is ${(hash(prompt) % 90) + 10 + shift}. `;
  return '';
}

function simulatedText(prompt: string, persona: Persona = 'honest'): string {
  // A wrong simulator talks about something else: its text must not agree with the honest ones in meaning.
  if (persona === 'wrong') return `${statedAnswer(prompt, persona)}[simulated] Unrelated: ${simulatedText(`unrelated ${hash(prompt)}`).replace(/^\[simulated\] About "[^"]*": /, '')}`;
  let h = hash(prompt);
  const words: string[] = [];
  const count = 12 + (h % 29);
  for (let i = 0; i < count; i++) {
    h = Math.imul(h ^ i, 0x01000193) >>> 0;
    words.push(VOCABULARY[h % VOCABULARY.length]!);
  }
  const topic = prompt.replace(/\s+/g, ' ').slice(0, 80);
  return `${statedAnswer(prompt, persona)}[simulated] About "${topic}": ${words.join(' ')}.`;
}

/** Fills the required arguments of a tool's JSON schema with plausible values. */
function simulatedArguments(tool: CanonicalTool, prompt: string): string {
  const schema = (tool.parameters ?? {}) as { properties?: Record<string, { type?: string }>; required?: string[] };
  const args: Record<string, unknown> = {};
  for (const name of schema.required ?? Object.keys(schema.properties ?? {}).slice(0, 1)) {
    const type = schema.properties?.[name]?.type;
    args[name] = type === 'number' || type === 'integer' ? 1 : type === 'boolean' ? true : prompt.split(/\s+/).slice(-1)[0] ?? name;
  }
  return JSON.stringify(args);
}

/** A stand-in for a provider's opaque signature or encrypted blob: stable for the prompt, clearly not real. */
function simulatedBlob(prompt: string, kind: string): string {
  return Buffer.from(`leo-simulated-${kind}-${hash(prompt).toString(16)}`).toString('base64');
}

/**
 * What a provider sends besides the text when the request asks for it, so tests and the demo
 * can show it: Anthropic thinking (signed) and prompt-cache writes (five-minute or one-hour),
 * Responses reasoning items (encrypted when asked), Gemini thoughts, Chat logprobs.
 */
interface Extras {
  before: AnswerPart[];
  after: AnswerPart[];
  usage: Partial<CanonicalUsage>;
}

const NO_EXTRAS: Extras = { before: [], after: [], usage: {} };

function providerExtras(request: CanonicalRequest, prompt: string, text: string): Extras {
  const { around } = request.identity;
  const thought = `[simulated] Thinking about "${prompt.slice(0, 60)}" step by step.`;
  switch (request.protocol) {
    case 'anthropic-messages': {
      // Its prompt cache is played by the server, which keeps what earlier calls wrote.
      const before: AnswerPart[] = (around.thinking as { type?: string } | undefined)?.type === 'enabled' ? [{ type: 'provider-block', protocol: 'anthropic-messages', block: { type: 'thinking', thinking: thought, signature: simulatedBlob(prompt, 'signature') } }] : [];
      return { before, after: [], usage: {} };
    }
    case 'openai-responses': {
      if (around.reasoning === undefined) return NO_EXTRAS;
      const encrypted = Array.isArray(around.include) && around.include.includes('reasoning.encrypted_content');
      const item = { id: newId('rs_', 32), type: 'reasoning', summary: [{ type: 'summary_text', text: thought }], ...(encrypted ? { encrypted_content: simulatedBlob(prompt, 'reasoning') } : {}) };
      return { before: [{ type: 'provider-block', protocol: 'openai-responses', block: item }], after: [], usage: { reasoningTokens: estimateTokens(thought) } };
    }
    case 'gemini': {
      const config = (around.generationConfig ?? around.generation_config) as { thinkingConfig?: { includeThoughts?: boolean } } | undefined;
      return config?.thinkingConfig?.includeThoughts ? { before: [{ type: 'provider-block', protocol: 'gemini', block: { text: thought, thought: true } }], after: [], usage: { reasoningTokens: estimateTokens(thought) } } : NO_EXTRAS;
    }
    case 'openai-chat':
    case 'azure-openai-chat': {
      if (around.logprobs !== true) return NO_EXTRAS;
      const content = textPieces(text).map((token, i) => ({ token, logprob: -((hash(token) % 100) + i) / 1000, bytes: [...Buffer.from(token)], top_logprobs: [] }));
      return { before: [], after: [{ type: 'provider-block', protocol: 'openai-chat', block: { logprobs: { content, refusal: null } } }], usage: {} };
    }
  }
}

/**
 * The simulator's deterministic answer: the same request always gets the same text; a
 * request with tools gets a call to its first tool unless it already carries a tool result;
 * `max_tokens` below the answer's length cuts it with a `length` stop.
 */
export function simulatedAnswer(request: CanonicalRequest, persona: Persona = 'honest'): CanonicalAnswer {
  const prompt = lastUserText(request);
  const lastMessage = request.messages[request.messages.length - 1];
  const answeredTool = lastMessage?.content.some((c) => c.type === 'tool-result') ?? false;
  let stopReason: CanonicalAnswer['stopReason'] = 'stop';
  const parts: AnswerPart[] = [];

  let pieces = textPieces(simulatedText(prompt, persona));
  const limit = request.sampling.maxTokens;
  if (limit !== undefined && limit < pieces.length) {
    pieces = pieces.slice(0, Math.max(1, limit));
    stopReason = 'length';
  }
  const text = pieces.join('');
  const inputTokens = promptTokens(request);
  const extras = providerExtras(request, prompt, text);
  parts.push(...extras.before, { type: 'text', text });
  const tool = request.tools[0];
  if (tool && !answeredTool && stopReason === 'stop') {
    parts.push({ type: 'tool-call', id: newId('call_'), name: tool.name, arguments: simulatedArguments(tool, prompt) });
    stopReason = 'tool-calls';
  }
  parts.push(...extras.after);
  const reasoningTokens = extras.usage.reasoningTokens ?? 0;
  const outputTokens = pieces.length + reasoningTokens + parts.reduce((n, p) => n + (p.type === 'tool-call' ? estimateTokens(p.arguments) : 0), 0);
  return {
    id: newId(ID_PREFIX[request.protocol]),
    model: request.model,
    parts,
    stopReason,
    usage: { inputTokens, outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0, ...extras.usage, reasoningTokens },
    created: nowSeconds(),
  };
}
