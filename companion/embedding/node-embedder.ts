import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';
import { BUILT_IN_EMBEDDING, SentenceEmbedder } from '../../shared/embedding/sentence-embedder.js';
import { BatchingEmbedder } from '../../shared/embedding/batching-embedder.js';
import type { Embedder } from '../../shared/embedding/embedder.js';
import { WorkerEmbedder } from './worker-embedder.js';

const MODEL_DIR = new URL(`../../shared/embedding/${BUILT_IN_EMBEDDING.dir}/`, import.meta.url);
const json = async (name: string) => JSON.parse(await readFile(new URL(name, MODEL_DIR), 'utf8')) as object;

let thread: WorkerEmbedder | undefined;

/**
 * The built-in model, loaded into the calling thread. Node runs the WASM build of ONNX
 * runtime too, not the faster native one: only the same build gives the extension's vectors
 * to the last digit, and a vector made on one side is compared with vectors from the other.
 */
export async function loadModelInThisThread(): Promise<SentenceEmbedder> {
  ort.env.wasm.numThreads = 1;
  const files = {
    model: await readFile(new URL('onnx/model_int8.onnx', MODEL_DIR)),
    tokenizer: await json('tokenizer.json'),
    tokenizerConfig: await json('tokenizer_config.json'),
  };
  return SentenceEmbedder.load(ort, files, BUILT_IN_EMBEDDING);
}

/**
 * The default embedder in Node, one per process: the model runs in its own thread, and
 * concurrent calls share model runs.
 */
let shared: Embedder | undefined;

export function loadNodeEmbedder(): Promise<Embedder> {
  if (!shared) {
    thread = new WorkerEmbedder();
    shared = new BatchingEmbedder(thread);
  }
  return Promise.resolve(shared);
}

/** Stops the embedding thread, if one was started, so the process can exit. */
export async function closeNodeEmbedder(): Promise<void> {
  const stopping = thread;
  thread = undefined;
  shared = undefined;
  await stopping?.close();
}
