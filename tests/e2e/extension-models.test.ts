import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Answer, Ask } from '../../demo/playground/playground.js';
import { extensionRecords, startPlaygroundStack, type ExtensionBrowser, type PlaygroundStack } from '../helpers/browser-harness.js';
import { TINY_MODEL_DIMS, writeTinyEmbeddingModel } from '../helpers/tiny-embedding-model.js';
import { loadNodeEmbedder } from '../../companion/embedding/node-embedder.js';
import { BUILT_IN_EMBEDDING } from '../../shared/embedding/sentence-embedder.js';

const MODEL = 'leo-optima/tiny-embedder';

/** Serves model files the way the Hugging Face hub does: `/<owner>/<model>/resolve/<revision>/<file>`. */
async function startModelHub(dir: string): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const match = /^\/([\w.-]+\/[\w.-]+)\/resolve\/[\w.-]+\/(.+)$/.exec(path);
    res.setHeader('access-control-allow-origin', '*');
    try {
      if (!match) throw new Error('not a model file');
      const body = readFileSync(join(dir, match[1]!, match[2]!));
      res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

describe('a Hugging Face embedding model chosen in Options', { timeout: 90_000 }, () => {
  let stack: PlaygroundStack;
  let browser: ExtensionBrowser;
  let hub: Awaited<ReturnType<typeof startModelHub>>;
  let modelDir: string;
  let page: Page;

  beforeAll(async () => {
    modelDir = mkdtempSync(join(tmpdir(), 'leo-models-'));
    writeTinyEmbeddingModel(modelDir, MODEL);
    hub = await startModelHub(modelDir);
    stack = await startPlaygroundStack();
    ({ browser, page } = stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await hub?.close();
    rmSync(modelDir, { recursive: true, force: true });
  });

  const ask = (request: Ask) => page.evaluate((r) => (window as unknown as { playground: { ask(a: Ask): Promise<Answer> } }).playground.ask(r), request);

  it('the built-in model answers a rewording, and makes the vector the companion makes for the same prompt', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    // A lookup waits a few seconds for a model still loading, then answers exact-only; a fresh install loads it first.
    await expect.poll(() => options.getByTestId('model-ready').textContent(), { timeout: 60_000 }).toContain(`${BUILT_IN_EMBEDDING.name} ready`);
    const prompt = 'What are the main differences between a process and a thread?';
    expect((await ask({ provider: 'openai', model: 'gpt-4o', prompt, stream: false })).cache).toBe('miss');
    // The answer reaches the page before its vector is stored (an identical call finds the answer at once; a rewording needs the vector).
    const storedVectors = async () => (await extensionRecords<{ model: string; vector: Float32Array }>(options, 'vectors')).filter((v) => v.model === BUILT_IN_EMBEDDING.name);
    await expect.poll(async () => (await storedVectors()).length).toBe(1);
    expect((await ask({ provider: 'openai', model: 'gpt-4o', prompt: 'How does a process differ from a thread?', stream: false })).cache).toBe('semantic-hit');

    const stored = await storedVectors();
    await options.close();
    expect(stored).toHaveLength(1);
    const [inNode] = await (await loadNodeEmbedder()).embed([prompt]);
    const inBrowser = Array.from(stored[0]!.vector);
    expect(inBrowser).toHaveLength(inNode!.length);
    expect(Math.max(...inBrowser.map((x, i) => Math.abs(x - inNode![i]!)))).toBeLessThan(1e-4);
  });

  it('downloads it from the hub, re-embeds what is cached with it, and keeps answering', async () => {
    const question: Ask = { provider: 'openai', model: 'gpt-4o', prompt: 'How do I sort a list in Python?', stream: false };
    expect((await ask(question)).cache).toBe('miss');

    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByLabel('Model download host').fill(hub.url);
    await options.getByLabel('Model download host').press('Enter');
    await options.getByLabel('Model download host').blur();
    await options.getByLabel('Hugging Face model id').fill(MODEL);
    await options.getByRole('button', { name: 'Use' }).click();
    await expect.poll(() => options.getByTestId('model-ready').textContent(), { timeout: 60_000 }).toContain(`${MODEL} ready`);
    expect(await options.getByTestId('model-error').count()).toBe(0);
    expect(hub.requests).toEqual(expect.arrayContaining([`/${MODEL}/resolve/main/onnx/model_quantized.onnx`, `/${MODEL}/resolve/main/tokenizer.json`]));

    // The stored prompt now has the new model's vectors, and the engine searches those alone.
    const status = await options.evaluate(
      () =>
        new Promise<{ indexedEntries: number; model?: { model: string } }>((resolve) =>
          (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object, cb: (r: never) => void): void } } }).chrome.runtime.sendMessage({ target: 'leo-optima/cache-engine', type: 'status' }, resolve),
        ),
    );
    expect(status.model?.model).toBe(MODEL);
    const vectors = async () =>
      (await extensionRecords<{ model: string; vector: Float32Array }>(options, 'vectors')).map((v) => ({ model: v.model, length: v.vector.length }));
    // Both prompts cached so far (the earlier test's and this one's).
    await expect.poll(vectors).toEqual([{ model: MODEL, length: TINY_MODEL_DIMS }, { model: MODEL, length: TINY_MODEL_DIMS }]);

    expect((await ask(question)).cache).toBe('exact-hit');
    expect((await ask({ ...question, prompt: 'What is the capital of Germany?' })).cache).toBe('miss');
    await options.close();
  });
});
