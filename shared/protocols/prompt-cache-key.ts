import { appendTopLevelMember } from './json-bytes.js';
import { isObject } from './json-shape.js';

/** OpenAI's `prompt_cache_key`, added last (the prompt's bytes stay as sent) when the caller set none. */
export function withPromptCacheKey(body: Uint8Array, conversation: string): Uint8Array | undefined {
  const json: unknown = JSON.parse(new TextDecoder().decode(body));
  if (!isObject(json) || json.prompt_cache_key !== undefined) return undefined;
  return appendTopLevelMember(body, 'prompt_cache_key', `leo-${conversation}`);
}
