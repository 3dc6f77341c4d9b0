/** Bundles the dashboard page with Chart.js into `.output/dashboard/` (part of `npm run build`). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { DASHBOARD_FILE } from './dashboard-routes.js';

const page = join(import.meta.dirname, 'page');
const bundle = await build({ entryPoints: [join(page, 'dashboard.ts')], bundle: true, format: 'esm', platform: 'browser', minify: true, write: false, logLevel: 'warning' });
const html = readFileSync(join(page, 'index.html'), 'utf8').replace(
  '<!-- the bundled dashboard script is inlined here -->',
  // Inline, so the page needs no second request (which would need the token again).
  () => `<script type="module">${bundle.outputFiles[0]!.text.replaceAll('</script', '<\\/script')}</script>`,
);
mkdirSync(join(DASHBOARD_FILE, '..'), { recursive: true });
writeFileSync(DASHBOARD_FILE, html);
console.log(`dashboard: ${DASHBOARD_FILE} (${(html.length / 1024).toFixed(0)} KB)`);
