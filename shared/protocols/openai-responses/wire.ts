import type { ProtocolWire } from '../adapter.js';
import { withPromptCacheKey } from '../prompt-cache-key.js';

/** Responses streams end with the usage in `response.completed`: nothing to ask for. */
export const responsesWire: ProtocolWire = {
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  modelIn: 'body',
  replayable: () => true,
  // OpenAI caches long prefixes by itself; a key per conversation keeps its turns on the same cache.
  withPromptCaching: (body, conversation) => withPromptCacheKey(body, conversation),
};
