import { estimateTokens } from '../../pricing/estimate-tokens.js';
import { isObject, type JsonObject } from '../json-shape.js';

/** Below this many tokens Anthropic caches nothing (and says nothing): per model, from its prompt-caching docs. */
export function minimumCacheable(model: string): number {
  if (/haiku-4|opus-4-[56]/.test(model)) return 4096;
  if (/haiku|sonnet-4-6/.test(model)) return 2048;
  return 1024;
}

const BREAKPOINT = { type: 'ephemeral' } as const;
const MAX_BREAKPOINTS = 4;

const tokensOf = (value: unknown) => estimateTokens(typeof value === 'string' ? value : JSON.stringify(value));

function hasBreakpoint(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasBreakpoint);
  return isObject(value) && (value.cache_control !== undefined || Object.values(value).some(hasBreakpoint));
}

/** The content as blocks (a string is one text block, the same to the model), with a breakpoint on the last. */
function markedBlocks(content: unknown): unknown {
  const blocks = typeof content === 'string' ? [{ type: 'text', text: content }] : Array.isArray(content) ? [...content] : undefined;
  const last = blocks?.at(-1);
  if (!blocks || !isObject(last)) return content;
  blocks[blocks.length - 1] = { ...last, cache_control: BREAKPOINT };
  return blocks;
}

/**
 * The request with Anthropic prompt-cache breakpoints on its longest stable prefix: the end of
 * the tools, of the system prompt, and of the last message (the next step of an agent resends
 * all of it and reads it back at a tenth of the price). Nothing moves and no text changes; a
 * prefix under the model's minimum gets no breakpoint. Undefined when there is nothing to place,
 * or when the caller placed breakpoints of its own (its choice stands).
 */
export function withCacheBreakpoints(request: JsonObject): JsonObject | undefined {
  if (hasBreakpoint(request.tools) || hasBreakpoint(request.system) || hasBreakpoint(request.messages)) return undefined;
  const minimum = minimumCacheable(String(request.model));
  const out: JsonObject = { ...request };
  let prefix = 0;
  let placed = 0;
  const enough = () => prefix >= minimum && placed < MAX_BREAKPOINTS;

  const hasSystem = request.system !== undefined && request.system !== '';
  const tools = Array.isArray(request.tools) ? request.tools : [];
  prefix += tokensOf(tools);
  const lastTool = tools.at(-1);
  // The system prompt follows the tools in the cached prefix: its breakpoint covers them too.
  if (isObject(lastTool) && enough() && !hasSystem) {
    out.tools = [...tools.slice(0, -1), { ...lastTool, cache_control: BREAKPOINT }];
    placed++;
  }
  if (hasSystem) {
    prefix += tokensOf(request.system);
    if (enough()) {
      out.system = markedBlocks(request.system);
      placed++;
    }
  }
  const messages = Array.isArray(request.messages) ? request.messages : [];
  prefix += tokensOf(messages);
  const last = messages.at(-1);
  if (isObject(last) && enough()) {
    out.messages = [...messages.slice(0, -1), { ...last, content: markedBlocks(last.content) }];
    placed++;
  }
  return placed > 0 ? out : undefined;
}
