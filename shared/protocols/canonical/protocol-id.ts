export const PROTOCOL_IDS = ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini', 'azure-openai-chat'] as const;

export type ProtocolId = (typeof PROTOCOL_IDS)[number];
