import { join } from 'node:path';
import { defineConfig } from 'wxt';

/**
 * The built-in embedding model ships inside the extension (MV3 allows no remote code, and a
 * user's browser may be offline): the ONNX graph and its tokenizer files. The ONNX runtime's
 * single-threaded binary is emitted by the bundler, from its import in browser-embedder.
 */
function shippedModelFiles() {
  const model = join(import.meta.dirname, 'shared/embedding/minilm');
  return [
    { absoluteSrc: join(model, 'onnx/model_int8.onnx'), relativeDest: 'models/minilm/onnx/model_int8.onnx' },
    ...['tokenizer.json', 'tokenizer_config.json'].map((f) => ({ absoluteSrc: join(model, f), relativeDest: `models/minilm/${f}` })),
  ];
}

export default defineConfig({
  srcDir: 'extension',
  // Firefox too (WXT would build it as Manifest V2).
  manifestVersion: 3,
  // The sources zip addons.mozilla.org asks for rebuilds the extension; the benches' cached vectors are not needed for that.
  zip: { excludeSources: ['bench/results/*.tmp'] },
  modules: ['@wxt-dev/module-svelte'],
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      files.push(...shippedModelFiles());
    },
  },
  manifest: ({ browser }) => ({
    name: 'LEO Optima',
    description: 'Pay less for LLM APIs: answers repeated prompts from a local cache and routes easy ones to cheaper models.',
    // Firefox has no offscreen documents: its background page hosts the cache engine's page in a frame.
    permissions: browser === 'firefox' ? ['unlimitedStorage'] : ['offscreen', 'unlimitedStorage'],
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    // Asked for one host at a time, when the user joins a team companion at that address.
    optional_host_permissions: ['https://*/*'],
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
    ...(browser === 'firefox'
      ? // Firefox 140 is the first to read data_collection_permissions, which addons.mozilla.org asks for.
        { browser_specific_settings: { gecko: { id: 'leo-optima@leo-optima.dev', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
});
