import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
// The runtime binary of the ONNX build transformers.js bundles (its JS glue is inside that bundle).
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { Embedder } from '../../shared/embedding/embedder.js';
import { BatchingEmbedder } from '../../shared/embedding/batching-embedder.js';
import type { ModelProgress } from './engine-messages.js';

/**
 * A Hugging Face sentence-embedding model (e.g. Xenova/all-MiniLM-L6-v2) run by
 * transformers.js on the ONNX runtime's WASM build, which ships inside the extension; only
 * the model's own files come from the hub (`host`), on first use, then from the browser's cache.
 */
export async function loadTransformersEmbedder(model: string, host: string, onProgress: (p: ModelProgress) => void = () => {}): Promise<Embedder> {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = host.endsWith('/') ? host : `${host}/`;
  // The runtime is the extension's own file; caching it as a blob URL would need a CSP that allows blob: scripts.
  env.useWasmCache = false;
  const wasm = env.backends.onnx.wasm!;
  wasm.wasmPaths = { wasm: new URL(ortWasmUrl, location.href).href };
  // One thread: the threaded build starts workers from blob URLs, which the extension's CSP refuses.
  wasm.numThreads = 1;
  const extractor: FeatureExtractionPipeline = await pipeline('feature-extraction', model, {
    device: 'wasm',
    dtype: 'q8',
    progress_callback: (info: { status: string; loaded?: number; total?: number }) => {
      if (info.status === 'progress_total') onProgress({ model, loaded: info.loaded ?? 0, total: info.total ?? 0, ready: false });
    },
  });
  const embed = async (texts: string[]): Promise<Float32Array[]> => {
    const output = await extractor(texts, { pooling: 'mean', normalize: true });
    const [rows, dims] = output.dims as [number, number];
    const data = output.data as Float32Array;
    return Array.from({ length: rows }, (_, i) => data.slice(i * dims, (i + 1) * dims));
  };
  const [probe] = await embed(['warm up']);
  onProgress({ model, loaded: 1, total: 1, ready: true });
  return new BatchingEmbedder({ model, dimensions: probe!.length, embed });
}
