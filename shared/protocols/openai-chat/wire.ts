import type { ProtocolWire } from '../adapter.js';
import { withPromptCacheKey } from '../prompt-cache-key.js';
import { appendTopLevelMember } from '../json-bytes.js';
import { isObject } from '../json-shape.js';

function isUsageFrame(frame: string): boolean {
  // Cheap test first: every other frame of the stream passes here, and most carry choices.
  if (!/"choices"\s*:\s*\[\s*\]/.test(frame)) return false;
  const data = /^data: ?(\{.*\})\s*$/s.exec(frame.trim())?.[1];
  if (!data) return false;
  try {
    const chunk = JSON.parse(data) as { choices?: unknown; usage?: unknown };
    return Array.isArray(chunk.choices) && chunk.choices.length === 0 && isObject(chunk.usage);
  } catch {
    return false;
  }
}

export const chatWire: ProtocolWire = {
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  modelIn: 'body',
  replayable: () => true,
  // A streamed call without `stream_options` reports no tokens. The member goes last, so the
  // messages the provider's prompt cache keys on stay byte for byte as sent.
  withUsageRequested: (request, json, body) =>
    request.stream && !request.streamUsage && isObject(json) && json.stream_options === undefined ? appendTopLevelMember(body, 'stream_options', { include_usage: true }) : undefined,
  isAddedUsageFrame: isUsageFrame,
  // OpenAI caches long prefixes by itself; a key per conversation keeps its turns on the same cache.
  withPromptCaching: (body, conversation) => withPromptCacheKey(body, conversation),
};
