import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { browser } from 'wxt/browser';
import { UseLiteEmbedder } from '../../shared/embedding/use-lite-embedder.js';
import { BatchingEmbedder } from '../../shared/embedding/batching-embedder.js';
import type { Embedder } from '../../shared/embedding/embedder.js';
import type { ModelProgress } from './engine-messages.js';

/** The URL of a file the extension ships (WXT types only the paths it knows of). */
const packageUrl = (path: string) => (browser.runtime.getURL as (p: string) => string)(path);

async function shipped(path: string): Promise<Response> {
  const response = await fetch(packageUrl(path));
  if (!response.ok) throw new Error(`The extension package lacks ${path} (${response.status}).`);
  return response;
}


/**
 * The default embedder in the browser: USE-lite from the extension's own package, on the
 * TF.js WASM backend with one thread (the threaded build starts blob workers, which the
 * extension's CSP refuses).
 */
export async function loadUseLiteInBrowser(onProgress: (p: ModelProgress) => void = () => {}): Promise<Embedder> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(packageUrl('/tfjs/'));
  if (!(await tf.setBackend('wasm'))) throw new Error('The TensorFlow.js WASM backend failed to start.');
  await tf.ready();
  const dir = '/models/use-lite/';
  const manifest = JSON.parse(await (await shipped(`${dir}model.json`)).text()) as { weightsManifest: { paths: string[] }[] };
  const shards = manifest.weightsManifest.flatMap((g) => g.paths);
  const progress: ModelProgress = { model: 'use-lite', loaded: 0, total: shards.length, ready: false };
  onProgress({ ...progress });
  const model = await UseLiteEmbedder.load({
    text: async (name) => (await shipped(`${dir}${name}`)).text(),
    binary: async (name) => {
      const buffer = await (await shipped(`${dir}${name}`)).arrayBuffer();
      progress.loaded += 1;
      onProgress({ ...progress });
      return buffer;
    },
  });
  onProgress({ ...progress, ready: true });
  return new BatchingEmbedder(model);
}
