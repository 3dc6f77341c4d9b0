import type { CanonicalRequest } from '../protocols/canonical/request.js';
import { modelFamily } from '../cache/model-family.js';
import { sha256Hex, stableJson } from '../cache/stable-json.js';

/**
 * Names a conversation by what every one of its turns starts with (model family, system
 * prompt, first message): the prefix a provider's prompt cache keys on.
 */
export function conversationKey(request: CanonicalRequest): Promise<string> {
  return sha256Hex(stableJson({ family: modelFamily(request.model), system: request.system, first: request.messages[0] ?? null }));
}
