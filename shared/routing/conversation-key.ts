import type { CanonicalRequest } from '../protocols/canonical/request.js';
import { modelFamily } from '../cache/model-family.js';
import { stableJson } from '../cache/stable-json.js';

/**
 * cyrb53: a fast 53-bit string hash. A conversation key needs no cryptographic strength (two
 * conversations that collide merely share a tier), and it is computed on every call.
 */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Names a conversation by what every one of its turns starts with (model family, system
 * prompt, first message): the prefix a provider's prompt cache keys on.
 */
export function conversationKey(request: CanonicalRequest): string {
  return hash53(stableJson({ family: modelFamily(request.model), system: request.system, first: request.messages[0] ?? null }));
}
