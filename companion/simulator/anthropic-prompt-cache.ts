import { createHash } from 'node:crypto';
import { minimumCacheable } from '../../shared/protocols/anthropic-messages/cache-breakpoints.js';
import { isObject, type JsonObject } from '../../shared/protocols/json-shape.js';
import { estimateTokens } from '../../shared/pricing/estimate-tokens.js';
import type { CanonicalUsage } from '../../shared/protocols/canonical/usage.js';

interface Block {
  /** Tokens up to and including this block. */
  prefixTokens: number;
  /** Names the prompt up to and including this block, breakpoint markers left out. */
  prefixHash: string;
  /** Set on a block that carries `cache_control`: how long what it closes stays cached. */
  ttlMs?: number;
}

const FIVE_MINUTES = 5 * 60_000;
const ONE_HOUR = 60 * 60_000;

/** The prompt in Anthropic's cache order (tools, system, messages), one block at a time. */
function blocksOf(body: JsonObject): Block[] {
  const raw: { part: unknown; marker: string }[] = [];
  for (const tool of Array.isArray(body.tools) ? body.tools : []) raw.push({ part: tool, marker: 'tool' });
  const system = body.system;
  for (const block of typeof system === 'string' ? [{ type: 'text', text: system }] : Array.isArray(system) ? system : []) raw.push({ part: block, marker: 'system' });
  for (const message of Array.isArray(body.messages) ? body.messages : []) {
    if (!isObject(message)) continue;
    const content = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : Array.isArray(message.content) ? message.content : [];
    for (const block of content) raw.push({ part: block, marker: String(message.role) });
  }
  const blocks: Block[] = [];
  let hash = '';
  let tokens = 0;
  for (const { part, marker } of raw) {
    const { cache_control: control, ...rest } = isObject(part) ? part : { value: part };
    const text = JSON.stringify(rest);
    hash = createHash('sha256').update(hash).update(marker).update(text).digest('hex');
    tokens += estimateTokens(isObject(part) && typeof part.text === 'string' ? part.text : text);
    blocks.push({ prefixTokens: tokens, prefixHash: hash, ...(isObject(control) ? { ttlMs: control.ttl === '1h' ? ONE_HOUR : FIVE_MINUTES } : {}) });
  }
  return blocks;
}

/**
 * Anthropic's prompt cache as the simulator plays it: a prefix closed by a breakpoint, long
 * enough for the model, is written (billed at the write price) and can be read back (at a
 * tenth) by a later call whose prompt starts the same, until its time to live runs out; each
 * read renews it. Token counts are scaled to the simulator's own count of the prompt.
 */
export class AnthropicPromptCache {
  private readonly stored = new Map<string, number>();

  usage(body: JsonObject, inputTokens: number, now = Date.now()): Partial<CanonicalUsage> {
    const blocks = blocksOf(body);
    const marked = blocks.filter((b) => b.ttlMs !== undefined && b.prefixTokens >= minimumCacheable(String(body.model)));
    const total = blocks.at(-1)?.prefixTokens ?? 0;
    if (marked.length === 0 || total === 0) return {};
    const scale = (tokens: number) => Math.min(inputTokens, Math.round((tokens * inputTokens) / total));
    const last = marked.at(-1)!;
    const hit = blocks.filter((b) => b.prefixTokens <= last.prefixTokens && (this.stored.get(b.prefixHash) ?? 0) > now).at(-1);
    if (hit) this.stored.set(hit.prefixHash, Math.max(this.stored.get(hit.prefixHash)!, now + FIVE_MINUTES));
    for (const b of marked) this.stored.set(b.prefixHash, Math.max(this.stored.get(b.prefixHash) ?? 0, now + b.ttlMs!));
    const read = scale(hit?.prefixTokens ?? 0);
    const write = Math.max(0, scale(last.prefixTokens) - read);
    return { cachedInputTokens: read, cacheWriteTokens: write, ...(last.ttlMs === ONE_HOUR && write > 0 ? { cacheWrite1hTokens: write } : {}) };
  }
}
