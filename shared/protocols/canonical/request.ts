import type { ProtocolId } from './protocol-id.js';
import type { RequestIdentity } from './identity.js';

export interface TextContent {
  type: 'text';
  text: string;
}

/** An image or file the prompt carries, kept by reference (URL or inline data). */
export interface MediaContent {
  type: 'media';
  mediaType: string;
  /** A URL, or the base64 payload for inline data. */
  source: string;
}

export interface ToolCallContent {
  type: 'tool-call';
  id: string;
  name: string;
  arguments: string;
}

export interface ToolResultContent {
  type: 'tool-result';
  callId: string;
  content: string;
}

/** A part this adapter does not model; kept verbatim so it still shapes cache keys. */
export interface OtherContent {
  type: 'other';
  value: unknown;
}

export type MessageContent = TextContent | MediaContent | ToolCallContent | ToolResultContent | OtherContent;

export interface CanonicalMessage {
  role: 'user' | 'assistant' | 'tool';
  content: MessageContent[];
}

export interface CanonicalTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: unknown;
}

export interface SamplingParameters {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  stop?: string[];
  seed?: number;
  /** How many alternative answers the caller asked for (OpenAI `n`, Gemini `candidateCount`). */
  choices?: number;
}

/**
 * One call, independent of its wire protocol: what the cache keys on, what the router
 * reads and what the ledger records.
 */
export interface CanonicalRequest {
  protocol: ProtocolId;
  model: string;
  /** System and developer instructions, joined in order; '' when there are none. */
  system: string;
  messages: CanonicalMessage[];
  tools: CanonicalTool[];
  toolChoice?: unknown;
  /** Structured-output request (JSON mode or schema), as the protocol spelled it. */
  responseFormat?: unknown;
  sampling: SamplingParameters;
  stream: boolean;
  /**
   * Whether a streamed answer carries usage. Every protocol sends it, except OpenAI Chat
   * Completions unless the caller set `stream_options.include_usage`.
   */
  streamUsage: boolean;
  /** The request as sent, in the parts the cache keys on (see identity.ts). */
  identity: RequestIdentity;
}

/** The text parts of a message, joined; media, tool calls and other parts add nothing. */
export function contentText(content: MessageContent[]): string {
  return content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}

/** Everything the model reads as text: the system prompt, message text, tool arguments and results. */
export function requestText(request: CanonicalRequest): string {
  const texts = [request.system];
  for (const message of request.messages) {
    for (const c of message.content) {
      if (c.type === 'text') texts.push(c.text);
      else if (c.type === 'tool-call') texts.push(c.arguments);
      else if (c.type === 'tool-result') texts.push(c.content);
    }
  }
  return texts.join('\n');
}
