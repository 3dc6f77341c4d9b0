export const PROTOCOL_IDS = ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'] as const;

export type ProtocolId = (typeof PROTOCOL_IDS)[number];
