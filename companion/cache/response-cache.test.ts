import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalAnswer } from '../../shared/protocols/canonical/answer.js';
import type { CanonicalRequest } from '../../shared/protocols/canonical/request.js';
import { openAiChat } from '../../shared/protocols/openai-chat/index.js';
import { loadNodeEmbedder } from '../embedding/node-embedder.js';
import { CacheStore } from '../store/cache-store.js';
import type { CacheDirectives } from '../../shared/cache/cache-directives.js';
import { ResponseCache, type CacheSettings } from '../../shared/cache/response-cache.js';
import { cacheQuery } from '../../shared/cache/cache-query.js';

const homes: string[] = [];
afterEach(() => homes.splice(0).forEach((h) => rmSync(h, { recursive: true, force: true })));

function openCache(settings: Partial<CacheSettings> = {}): ResponseCache {
  const home = mkdtempSync(join(tmpdir(), 'leo-cache-'));
  homes.push(home);
  return new ResponseCache(new CacheStore(home), loadNodeEmbedder, { defaultNamespace: 'test', ttlMs: 60_000, maxBytes: 1e9, strictness: 'balanced', ...settings });
}

const directives: CacheDirectives = { namespace: 'test', read: true, write: true, exactOnly: false, lighterAnswers: true };

/** A chat request as a client sends it, parsed as the proxy parses it. */
function request(prompt: string, extra: { system?: string; model?: string; n?: number } = {}): CanonicalRequest {
  const messages = [...(extra.system ? [{ role: 'system', content: extra.system }] : []), { role: 'user', content: prompt }];
  return openAiChat.parseRequest({ model: extra.model ?? 'gpt-4o', messages, ...(extra.n ? { n: extra.n } : {}) }, {});
}

function answer(text: string): CanonicalAnswer {
  return { id: 'chatcmpl-1', model: 'gpt-4o', parts: [{ type: 'text', text }], stopReason: 'stop', usage: { inputTokens: 10, outputTokens: 20, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 }, created: 1 };
}

async function remember(cache: ResponseCache, prompt: string, extra: Parameters<typeof request>[1] = {}) {
  const lookup = await cache.lookup(await cacheQuery(request(prompt, extra)), directives);
  await cache.store(lookup.probe, answer(`answer to ${prompt}`));
}

describe('ResponseCache', () => {
  it('evicts the least recently used entries once over its size cap', async () => {
    const cache = openCache();
    await remember(cache, 'How do I center a div with CSS?');
    // Room for three entries of about this size, not four.
    cache.settings.maxBytes = 3.5 * (await cache.size()).bytes;
    await remember(cache, 'What is the meaning of life?');
    await remember(cache, 'How do I stop procrastinating?');
    expect((await cache.lookup(await cacheQuery(request('How do I center a div with CSS?')), directives)).status).toBe('exact-hit');
    await remember(cache, 'How do I become a data scientist?');
    expect((await cache.lookup(await cacheQuery(request('What is the meaning of life?')), directives)).status).toBe('miss');
    expect((await cache.lookup(await cacheQuery(request("What's the meaning of life?")), directives)).status).toBe('miss');
    expect((await cache.lookup(await cacheQuery(request('How do I center a div with CSS?')), directives)).status).toBe('exact-hit');
    expect(cache.indexedEntries).toBe(3);
  });

  it('finds an answer still being stored when a rewording is asked the moment it ended', async () => {
    const home = mkdtempSync(join(tmpdir(), 'leo-cache-'));
    homes.push(home);
    // Writes that take a while, as IndexedDB's do in the extension.
    const store = new CacheStore(home);
    const slowWrites = new Proxy(store, {
      get: (target, name) => (name === 'put' ? async (entry: Parameters<CacheStore['put']>[0]) => (await new Promise((r) => setTimeout(r, 40)), target.put(entry)) : Reflect.get(target, name, target)),
    });
    const cache = new ResponseCache(slowWrites, loadNodeEmbedder, { defaultNamespace: 'test', ttlMs: 60_000, maxBytes: 1e9, strictness: 'balanced' });
    const first = await cache.lookup(await cacheQuery(request('How do I read a file line by line in Python?')), directives);
    // Not awaited: the caller has its answer and asks again at once, as a chat page does.
    const storing = cache.store(first.probe, answer('Use a for loop over open(path).'));
    const reworded = await cache.lookup(await cacheQuery(request('How can I read a file line by line in Python?')), directives);
    expect(reworded.status).toBe('semantic-hit');
    await storing;
  });

  it("does not keep a call waiting for another site's answer being stored", async () => {
    const home = mkdtempSync(join(tmpdir(), 'leo-cache-'));
    homes.push(home);
    // A write that hangs until let go: the other site's lookup must answer meanwhile.
    let letWritesGo!: () => void;
    const writesHeld = new Promise<void>((resolve) => (letWritesGo = resolve));
    const store = new CacheStore(home);
    const heldWrites = new Proxy(store, {
      get: (target, name) => (name === 'put' ? async (entry: Parameters<CacheStore['put']>[0]) => (await writesHeld, target.put(entry)) : Reflect.get(target, name, target)),
    });
    const cache = new ResponseCache(heldWrites, loadNodeEmbedder, { defaultNamespace: 'test', ttlMs: 60_000, maxBytes: 1e9, strictness: 'balanced' });
    const first = await cache.lookup(await cacheQuery(request('How do I read a file line by line in Python?')), directives);
    const storing = cache.store(first.probe, answer('Use a for loop over open(path).'));
    const elsewhere = await Promise.race([
      cache.lookup(await cacheQuery(request('How can I read a file line by line in Python?')), { ...directives, namespace: 'another-site' }),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 80)),
    ]);
    expect(elsewhere).toMatchObject({ status: 'miss' });
    letWritesGo();
    await storing;
  });

  it('lets one of ten identical calls arriving together ask, and the other nine wait for its answer', async () => {
    const cache = openCache();
    const query = await cacheQuery(request('Name the largest moon of Jupiter.'));
    const lookups = Array.from({ length: 10 }, () => cache.lookup(query, directives));
    const first = await Promise.race(lookups);
    expect(first.status).toBe('miss');
    await cache.store(first.probe, answer('Ganymede.'));
    expect((await Promise.all(lookups)).map((l) => l.status).sort()).toEqual([...Array(9).fill('exact-hit'), 'miss']);
  });

  it('lets entries expire after their time to live', async () => {
    const cache = openCache({ ttlMs: 30 });
    await remember(cache, 'How do I install Node.js on Ubuntu?');
    expect((await cache.lookup(await cacheQuery(request('How do I install Node.js on Ubuntu?')), directives)).status).toBe('exact-hit');
    await new Promise((r) => setTimeout(r, 60));
    expect((await cache.lookup(await cacheQuery(request('How do I install Node.js on Ubuntu?')), directives)).status).toBe('miss');
    expect((await cache.lookup(await cacheQuery(request('How can I install Node.js on Ubuntu?')), directives)).status).toBe('miss');
  });

  it('matches only within the same system prompt, tools and model family', async () => {
    const cache = openCache();
    await remember(cache, 'How do I reverse a string in JavaScript?', { system: 'Answer in one line.' });
    const reworded = 'What is the way to reverse a string in JavaScript?';
    expect((await cache.lookup(await cacheQuery(request(reworded, { system: 'Answer in one line.' })), directives)).status).toBe('semantic-hit');
    // A caller that pinned a dated snapshot gets that snapshot's answers alone.
    expect((await cache.lookup(await cacheQuery(request(reworded, { system: 'Answer in one line.', model: 'gpt-4o-2024-08-06' })), directives)).status).toBe('miss');
    expect((await cache.lookup(await cacheQuery(request(reworded, { system: 'Answer at length.' })), directives)).status).toBe('miss');
    expect((await cache.lookup(await cacheQuery(request(reworded, { system: 'Answer in one line.', model: 'gpt-4o-mini' })), directives)).status).toBe('miss');
  });

  it('neither serves nor stores a request for several answers', async () => {
    const cache = openCache();
    await remember(cache, 'Name a colour.', { n: 3 });
    expect((await cache.lookup(await cacheQuery(request('Name a colour.', { n: 3 })), directives)).status).toBe('miss');
    expect(cache.indexedEntries).toBe(0);
  });
});
