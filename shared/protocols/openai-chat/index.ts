import type { ProtocolAdapter } from '../adapter.js';
import { renderOpenAiError } from './error.js';
import { parseChatRequest } from './request.js';
import { parseChatJson, renderChatJson } from './response.js';
import { ChatStreamFolder, renderChatSse } from './stream.js';

/** OpenAI Chat Completions, also spoken by Groq, Together, Fireworks, DeepSeek, OpenRouter, Mistral and xAI. */
export const openAiChat: ProtocolAdapter = {
  id: 'openai-chat',
  matchPath: (pathname, method) => (method === 'POST' && pathname.endsWith('/chat/completions') ? {} : null),
  parseRequest: parseChatRequest,
  renderJson: renderChatJson,
  renderSse: renderChatSse,
  parseJson: parseChatJson,
  createFolder: () => new ChatStreamFolder(),
  renderError: renderOpenAiError,
};
