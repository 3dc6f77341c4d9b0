/**
 * The vector-search bench in Chromium, in a page of the built extension (the same kind of
 * page as the offscreen document the cache engine runs in, which Playwright cannot reach):
 * the product's index over the same seeded vectors as bench/vector-search.ts, so the two
 * runs compare Node with the browser.
 */
import { build } from 'esbuild';
import { launchWithExtension } from '../tests/helpers/browser-harness.js';
import { freePort } from '../tests/helpers/cli-process.js';
import { median, percentile } from './bench-stack.js';
import { saveResult } from './machine.js';
import type { PageSearchRun } from './vector-search-page.js';

const QUERIES = 100;
const SIZES = (process.env.BENCH_VECTOR_SIZES ?? '10000,100000').split(',').map(Number);

export async function benchVectorSearchExtension() {
  const bundle = await build({ entryPoints: [new URL('./vector-search-page.ts', import.meta.url).pathname], bundle: true, format: 'iife', write: false, target: 'chrome120' });
  // Nothing is called through the provider hosts here; the mapping only needs a port.
  const browser = await launchWithExtension(await freePort());
  try {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.evaluate(bundle.outputFiles[0]!.text);
    const rows = [];
    for (const n of SIZES) {
      const run = await page.evaluate(([n, q]) => (globalThis as unknown as { runVectorSearch(n: number, q: number): PageSearchRun }).runVectorSearch(n, q), [n, QUERIES] as const);
      const row = {
        entries: n,
        scan: { searchP50Ms: median(run.scanMs), searchP99Ms: percentile(run.scanMs, 0.99), recallAt1: run.scanCorrect / QUERIES },
        hnsw: { buildMs: run.graphBuildMs, searchP50Ms: median(run.graphMs), searchP99Ms: percentile(run.graphMs, 0.99), recallAt1: run.graphCorrect / QUERIES },
      };
      console.log(JSON.stringify(row));
      rows.push(row);
    }
    return { file: saveResult('vector-search-extension', { where: 'an extension page in Chromium', queries: QUERIES, results: rows }) };
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchVectorSearchExtension();
