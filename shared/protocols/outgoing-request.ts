import type { CanonicalMessage, CanonicalRequest, MessageContent } from './canonical/request.js';

/** A call this product makes itself (a consensus panel member): the documented path, and the JSON body. */
export interface OutgoingRequest {
  path: string;
  body: Record<string, unknown>;
}

/** A tool result's tool name, from the call it answers earlier in the conversation (Gemini names results by tool). */
export function toolNameOf(messages: CanonicalMessage[], callId: string): string {
  for (const message of messages) for (const c of message.content) if (c.type === 'tool-call' && c.id === callId) return c.name;
  return callId;
}

/** Tool arguments as an object: what Anthropic and Gemini take (Chat keeps the JSON text). */
export function argumentsObject(args: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(args || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    return { arguments: args };
  }
}

/** Media as a URL, or inline base64 data. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//.test(source);
}

/** Parts another protocol cannot carry (a provider's own block kept verbatim) are left out. */
export function portable(content: MessageContent[]): MessageContent[] {
  return content.filter((c) => c.type !== 'other');
}

/** The sampling settings every protocol spells, picked out of the request. */
export function definedEntries(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

export type { CanonicalRequest };
