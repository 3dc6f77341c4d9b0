import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/module-svelte'],
  manifest: {
    name: 'LEO Optima',
    description: 'Pay less for LLM APIs: answers repeated prompts from a local cache and routes easy ones to cheaper models.',
    permissions: ['storage'],
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
  },
});
