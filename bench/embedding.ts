/**
 * The built-in embedding model: load time and time per prompt in the extension (the offscreen
 * document, a fresh browser per prompt length) and in Node (this thread), for short, medium
 * and long prompts; and the extension's size on disk (the model, the runtime, everything).
 * Prompts are the first prompts of our held-out pairs, joined for the longer lengths.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadModelInThisThread } from '../companion/embedding/node-embedder.js';
import type { Embedder } from '../shared/embedding/embedder.js';
import { startPlaygroundStack } from '../tests/helpers/browser-harness.js';
import { median } from './bench-stack.js';
import { saveResult } from './machine.js';

const PER_LENGTH = Number(process.env.BENCH_EMBED_PROMPTS ?? 40);
const EXTENSION_DIR = join(import.meta.dirname, '../.output/chrome-mv3');

function prompts(): Record<'short' | 'medium' | 'long', string[]> {
  const rows = readFileSync(join(import.meta.dirname, '../shared/cache/guard/prompt-pairs.jsonl'), 'utf8').trim().split('\n');
  const short = [...new Set(rows.map((line) => (JSON.parse(line) as { a: string }).a))].filter((p) => p.split(' ').length <= 12);
  const joined = (n: number) => Array.from({ length: PER_LENGTH }, (_, i) => Array.from({ length: n }, (_, j) => short[(i * n + j) % short.length]).join(' '));
  return { short: short.slice(0, PER_LENGTH), medium: joined(4), long: joined(20) };
}

function directoryBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? directoryBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

interface EngineStatus {
  model?: { ready: boolean; loadMs?: number };
  embedMsPerText?: number;
}

const engineStatus = (page: Page) =>
  page.evaluate(() => new Promise<EngineStatus>((resolve) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object, cb: (r: EngineStatus) => void): void } } }).chrome.runtime.sendMessage({ target: 'leo-optima/cache-engine', type: 'status' }, resolve)));

/** A fresh browser: each prompt once through the page (each lookup embeds it once), then the engine's own timings. */
async function inExtension(texts: string[]): Promise<{ loadMs: number | undefined; msPerPrompt: number | undefined }> {
  const stack = await startPlaygroundStack();
  try {
    const ask = (prompt: string) => stack.page.evaluate((p) => (window as unknown as { playground: { ask(a: object): Promise<unknown> } }).playground.ask({ provider: 'openai', model: 'gpt-4o', prompt: p, stream: false }), prompt);
    for (const text of texts) await ask(text);
    const options = await stack.browser.context.newPage();
    await options.goto(`chrome-extension://${stack.browser.extensionId}/options.html`);
    const status = await engineStatus(options);
    return { loadMs: status.model?.loadMs, msPerPrompt: status.embedMsPerText };
  } finally {
    await stack.close();
  }
}

async function inNode(embedder: Embedder, texts: string[], rounds = 3): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const text of texts) {
      const started = performance.now();
      await embedder.embed([text]);
      times.push(performance.now() - started);
    }
  }
  return median(times);
}

export async function benchEmbedding() {
  const sets = prompts();
  const started = performance.now();
  const embedder = await loadModelInThisThread();
  const nodeLoadMs = performance.now() - started;
  const lengths = {} as Record<keyof typeof sets, { words: number; extensionMsPerPrompt: number | undefined; nodeMsPerPrompt: number; extensionLoadMs: number | undefined }>;
  for (const [name, texts] of Object.entries(sets) as [keyof typeof sets, string[]][]) {
    const extension = await inExtension(texts);
    lengths[name] = { words: median(texts.map((t) => t.split(/\s+/).length)), extensionMsPerPrompt: extension.msPerPrompt, nodeMsPerPrompt: await inNode(embedder, texts), extensionLoadMs: extension.loadMs };
    console.log(`${name} (${lengths[name].words} words): extension ${extension.msPerPrompt?.toFixed(2)} ms, Node ${lengths[name].nodeMsPerPrompt.toFixed(2)} ms per prompt`);
  }
  const report = {
    model: 'all-MiniLM-L6-v2-int8 on onnxruntime-web (WASM, one thread)',
    nodeLoadMs,
    extensionLoadMs: lengths.short.extensionLoadMs,
    lengths,
    extensionBytes: directoryBytes(EXTENSION_DIR),
    modelBytes: statSync(join(EXTENSION_DIR, 'models/minilm/onnx/model_int8.onnx')).size,
  };
  console.log(`load: Node ${nodeLoadMs.toFixed(0)} ms, extension ${report.extensionLoadMs?.toFixed(0)} ms; extension ${(report.extensionBytes / 1e6).toFixed(1)} MB`);
  return { file: saveResult('embedding', report) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchEmbedding();
  process.exit(0);
}
