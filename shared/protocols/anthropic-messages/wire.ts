import type { ProtocolWire } from '../adapter.js';
import { isObject } from '../json-shape.js';
import { withCacheBreakpoints } from './cache-breakpoints.js';

export const messagesWire: ProtocolWire = {
  authHeaders: (key) => ({ 'x-api-key': key }),
  // The API version the SDKs send; a caller's own `anthropic-version` is kept.
  defaultHeaders: { 'anthropic-version': '2023-06-01' },
  modelIn: 'body',
  replayable: () => true,
  // Anthropic caches only where breakpoints say: the body is written anew with them placed.
  withPromptCaching: (body) => {
    const json: unknown = JSON.parse(new TextDecoder().decode(body));
    const marked = isObject(json) ? withCacheBreakpoints(json) : undefined;
    return marked ? new TextEncoder().encode(JSON.stringify(marked)) : undefined;
  },
};
