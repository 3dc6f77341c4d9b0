import type { ProtocolAdapter } from '../adapter.js';
import { renderOpenAiError } from './error.js';
import { parseChatRequest } from './request.js';
import { parseChatJson, renderChatJson } from './response.js';
import { ChatStreamFolder, renderChatSse } from './stream.js';
import { chatWire } from './wire.js';
import { renderChatRequest } from './request-render.js';

/** OpenAI Chat Completions, also spoken by Groq, Together, Fireworks, DeepSeek, OpenRouter, Mistral and xAI. */
export const openAiChat: ProtocolAdapter = {
  id: 'openai-chat',
  // `/chat/completions` at the root is DeepSeek's documented form; upstream it is always sent as `/v1/...`.
  matchPath: (apiPath, method) => (method === 'POST' && (apiPath === '/v1/chat/completions' || apiPath === '/chat/completions') ? { path: '/v1/chat/completions' } : null),
  query: {},
  parseRequest: parseChatRequest,
  renderJson: renderChatJson,
  renderSse: renderChatSse,
  parseJson: parseChatJson,
  createFolder: () => new ChatStreamFolder(),
  renderError: renderOpenAiError,
  renderRequest: renderChatRequest,
  wire: chatWire,
};
