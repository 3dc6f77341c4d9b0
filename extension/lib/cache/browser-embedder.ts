import * as ort from 'onnxruntime-web/wasm';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { browser } from 'wxt/browser';
import { BatchingEmbedder } from '../../../shared/embedding/batching-embedder.js';
import type { Embedder } from '../../../shared/embedding/embedder.js';
import { BUILT_IN_EMBEDDING, SentenceEmbedder, type SentenceModelFiles } from '../../../shared/embedding/sentence-embedder.js';
import type { ModelProgress } from './engine-messages.js';

/** Model files downloaded once are kept here, so a chosen hub model loads offline afterwards. */
const DOWNLOADED_MODELS = 'leo-optima-models';
/** What Hugging Face's own tools read for a model without a size in its name: the 8-bit export. */
const HUB_MODEL_FILE = 'onnx/model_quantized.onnx';
const HUB_MAX_TOKENS = 256;

function useShippedRuntime(): void {
  // One thread: the threaded build starts workers from blob URLs, which the extension's CSP refuses.
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = { wasm: new URL(ortWasmUrl, location.href).href };
}

/** Reads a file in full, telling `onBytes` how far it got. */
async function readAll(response: Response, onBytes: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const total = Number(response.headers.get('content-length')) || 0;
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body!.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks.push(next.value);
    loaded += next.value.length;
    onBytes(loaded, Math.max(total, loaded));
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

async function loadFiles(fetchFile: (path: string) => Promise<Response>, modelPath: string, onBytes: (loaded: number, total: number) => void): Promise<SentenceModelFiles> {
  const [model, tokenizer, tokenizerConfig] = await Promise.all([
    fetchFile(modelPath).then((r) => readAll(r, onBytes)),
    fetchFile('tokenizer.json').then((r) => r.json() as Promise<object>),
    fetchFile('tokenizer_config.json').then((r) => r.json() as Promise<object>),
  ]);
  return { model, tokenizer, tokenizerConfig };
}

async function load(name: string, files: () => Promise<SentenceModelFiles>, maxTokens: number, onProgress: (p: ModelProgress) => void): Promise<Embedder> {
  useShippedRuntime();
  const embedder = await SentenceEmbedder.load(ort, await files(), { name, maxTokens });
  onProgress({ model: name, loaded: 1, total: 1, ready: true });
  return new BatchingEmbedder(embedder);
}

/** The built-in model, from the extension's own package: nothing is downloaded. */
export function loadBuiltInEmbedder(onProgress: (p: ModelProgress) => void = () => {}): Promise<Embedder> {
  const { name, dir, maxTokens } = BUILT_IN_EMBEDDING;
  const shipped = async (path: string) => {
    const response = await fetch((browser.runtime.getURL as (p: string) => string)(`/models/${dir}/${path}`));
    if (!response.ok) throw new Error(`The extension package lacks models/${dir}/${path} (${response.status}).`);
    return response;
  };
  const onBytes = (loaded: number, total: number) => onProgress({ model: name, loaded, total, ready: false });
  return load(name, () => loadFiles(shipped, 'onnx/model_int8.onnx', onBytes), maxTokens, onProgress);
}

/**
 * A sentence-transformers model the user chose on the Hugging Face hub (or a mirror of it),
 * downloaded on first use and kept in the browser's cache storage. It runs exactly as the
 * built-in model does, so it must be a mean-pooled, BERT-style export.
 */
export function loadHubEmbedder(model: string, host: string, onProgress: (p: ModelProgress) => void = () => {}): Promise<Embedder> {
  const base = `${host.endsWith('/') ? host : `${host}/`}${model}/resolve/main/`;
  const fromHub = async (path: string) => {
    const url = base + path;
    const store = await caches.open(DOWNLOADED_MODELS);
    const kept = await store.match(url);
    if (kept) return kept;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered ${response.status}.`);
    // Kept while it is read; a copy that fails to save is downloaded again next time.
    store.put(url, response.clone()).catch(() => {});
    return response;
  };
  const onBytes = (loaded: number, total: number) => onProgress({ model, loaded, total, ready: false });
  return load(model, () => loadFiles(fromHub, HUB_MODEL_FILE, onBytes), HUB_MAX_TOKENS, onProgress);
}
