/**
 * Writes bench/REPORT.md from the figures in bench/results/ (run after the benches, or alone
 * with `npm run report`), with plots drawn by Chart.js in headless Chromium into bench/plots/.
 * The guard's precision-recall curves come from its fit (out-of-fold, against raw cosine);
 * routing accuracy against the share of calls sent to the strong model is computed here from
 * the router fit's cached signals, with the random line.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { readRoutingRows } from '../companion/evaluation/routing-figures.js';
import { routeScore } from '../shared/routing/route-score.js';
import { ROUTER_MODEL } from '../shared/routing/router-model.js';
import { cachedSignals } from './fit-router.js';
import { DATASETS, RESULTS_DIR } from './machine.js';

const PLOTS = join(import.meta.dirname, 'plots');
const REPORT = join(import.meta.dirname, 'REPORT.md');

type Point = { x: number; y: number };
interface Machine {
  date: string;
  cpu: string;
  cores: number;
  node: string;
}

const result = <T>(name: string): (T & { machine: Machine }) | undefined => {
  const file = join(RESULTS_DIR, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T & { machine: Machine }) : undefined;
};
const measured = (m: Machine) => `_Measured ${m.date.slice(0, 10)} on ${m.cores} × ${m.cpu}, Node ${m.node}._`;

async function routingCurves() {
  const rows = readRoutingRows(join(DATASETS, 'routing-dev.jsonl'));
  const signals = await cachedSignals('routing-dev.jsonl', rows);
  const scores = signals.map((s) => routeScore(s, ROUTER_MODEL).score);
  const order = rows.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const weak = rows.filter((r) => r.weak_correct).length;
  const strong = rows.filter((r) => r.strong_correct).length;
  const router: Point[] = [{ x: 0, y: weak / rows.length }];
  let correct = weak;
  order.forEach((i, k) => {
    correct += Number(rows[i]!.strong_correct) - Number(rows[i]!.weak_correct);
    if ((k + 1) % 20 === 0 || k === order.length - 1) router.push({ x: (k + 1) / rows.length, y: correct / rows.length });
  });
  return { rows: rows.length, router, random: [{ x: 0, y: weak / rows.length }, { x: 1, y: strong / rows.length }], target: (0.95 * strong) / rows.length };
}

type Figures = { precision: number; recall: number };
type VectorRun = { buildMs: number; searchP50Ms: number; recallAt1: number };
type Curve = { recall: number; precision: number }[];
type PromptFigures = { rewordingsServed: number; lookAlikesServed: number };
interface GuardFit {
  pairs: number;
  folds: number;
  promptPairs: { fit: number; heldOut: number };
  cosineCurve: Curve;
  outOfFoldCurve: Curve;
  outOfFold: Record<string, Figures>;
  promptHeldOut: Record<string, PromptFigures>;
  hardSet: Record<string, { rewordingRecall: number; falseHitRate: number }>;
  paraphraseRecall: Record<string, number>;
}
/** The fit of the earlier built-in model, USE-lite, kept from the build that shipped it. */
interface UseLiteGuardFit {
  cosineCurve: Curve;
  withVectors: { outOfFoldCurve: Curve };
}

interface ChartSpec {
  name: string;
  config: object;
}

/** Draws each Chart.js config on a canvas in headless Chromium and saves it as a PNG. */
async function drawCharts(charts: ChartSpec[]): Promise<void> {
  mkdirSync(PLOTS, { recursive: true });
  // The UMD build (not in the package's exports map) sits next to its main file.
  const chartJs = readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 760, height: 420 }, deviceScaleFactor: 1 });
    await page.setContent('<html><body style="margin:0;background:#fff"><div style="width:740px;height:400px;padding:10px"><canvas id="c"></canvas></div></body></html>');
    await page.addScriptTag({ content: chartJs });
    for (const { name, config } of charts) {
      await page.evaluate((config) => {
        const w = window as unknown as { Chart: new (el: HTMLCanvasElement, c: object) => { destroy(): void }; current?: { destroy(): void } };
        w.current?.destroy();
        w.current = new w.Chart(document.getElementById('c') as HTMLCanvasElement, { ...config, options: { ...(config as { options?: object }).options, animation: false, responsive: true, maintainAspectRatio: false } });
      }, config);
      await page.locator('div').screenshot({ path: join(PLOTS, `${name}.png`) });
    }
  } finally {
    await browser.close();
  }
}

const line = (label: string, data: Point[], color: string, dashed = false) => ({ label, data, borderColor: color, backgroundColor: color, showLine: true, pointRadius: 0, borderWidth: 2, ...(dashed ? { borderDash: [6, 4] } : {}) });
const axes = (x: string, y: string, yMin?: number) => ({ x: { type: 'linear', min: 0, max: 1, title: { display: true, text: x } }, y: { ...(yMin !== undefined ? { min: yMin } : {}), title: { display: true, text: y } } });

export async function writeReport(): Promise<{ file: string }> {
  const sections: string[] = ['# LEO Optima benchmark report', '', 'Written by `npm run bench` (or `npm run report` from the saved results). Every figure names the machine and date it was measured on; this machine is shared and noisy, so ratios come from one run side by side.', ''];
  const charts: ChartSpec[] = [];

  const guardFit = result<GuardFit>('guard-fit');
  const useLite = result<UseLiteGuardFit>('guard-fit-use-lite');
  if (guardFit) {
    const curve = (points: Curve) => points.map((p) => ({ x: p.recall, y: p.precision }));
    const datasets = [line('guard, all-MiniLM-L6-v2 (out of fold)', curve(guardFit.outOfFoldCurve), '#15803d'), line('raw cosine, all-MiniLM-L6-v2', curve(guardFit.cosineCurve), '#86efac', true)];
    if (useLite) datasets.push(line('guard, USE-lite (earlier build)', curve(useLite.withVectors.outOfFoldCurve), '#b45309'), line('raw cosine, USE-lite', curve(useLite.cosineCurve), '#fcd34d', true));
    charts.push({ name: 'guard-precision-recall', config: { type: 'scatter', data: { datasets }, options: { scales: axes('recall', 'precision', 0.3) } } });
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    sections.push(
      '## Cache guard: precision against recall',
      '',
      `Quora pairs (${guardFit.pairs}): each scored by a model fitted on the other ${guardFit.folds - 1} of ${guardFit.folds} folds (with the fit split of our prompt pairs), served when the guard's probability passes a threshold, against serving when raw cosine does; the built-in model today (all-MiniLM-L6-v2) beside the one before it (USE-lite, figures from the build that shipped it). Prompt pairs (\`shared/cache/guard/prompt-pairs.jsonl\`): rewordings as people type them to assistants and look-alikes that differ in one decisive detail; the ${guardFit.promptPairs.heldOut} of the held-out split were never fitted on, nor were the older hard set (\`hard-pairs.jsonl\`) and the paraphrases.`,
      '',
      '![guard precision-recall](plots/guard-precision-recall.png)',
      '',
      '| setting | Quora precision (out of fold) | Quora recall (out of fold) | held-out prompts: rewordings served | held-out prompts: look-alikes served | hard set: rewordings served | hard set: look-alikes served | paraphrases served |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...Object.keys(guardFit.outOfFold).map(
        (k) =>
          `| ${k} | ${guardFit.outOfFold[k]!.precision.toFixed(3)} | ${guardFit.outOfFold[k]!.recall.toFixed(3)} | ${pct(guardFit.promptHeldOut[k]!.rewordingsServed)} | ${pct(guardFit.promptHeldOut[k]!.lookAlikesServed)} | ${pct(guardFit.hardSet[k]!.rewordingRecall)} | ${pct(guardFit.hardSet[k]!.falseHitRate)} | ${pct(guardFit.paraphraseRecall[k]!)} |`,
      ),
      '',
      measured(guardFit.machine),
      '',
    );
  }
  const embedding = result<{ nodeLoadMs: number; extensionLoadMs?: number; extensionBytes: number; modelBytes: number; lengths: Record<string, { words: number; extensionMsPerPrompt?: number; nodeMsPerPrompt: number }> }>('embedding');
  const sizeBefore = result<{ extensionBytes: number; build: string }>('extension-size-use-lite');
  if (embedding) {
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    sections.push(
      '## Embedding model',
      '',
      `all-MiniLM-L6-v2, int8, on onnxruntime-web's WASM build with one thread, in the extension's offscreen document (a fresh browser per length; the engine's own median per prompt) and in Node. Loading takes ${embedding.extensionLoadMs?.toFixed(0) ?? '?'} ms in the extension and ${embedding.nodeLoadMs.toFixed(0)} ms in Node. The extension is ${mb(embedding.extensionBytes)} on disk, the model ${mb(embedding.modelBytes)} of it${sizeBefore ? `; the build with USE-lite (${sizeBefore.build}) was ${mb(sizeBefore.extensionBytes)}` : ''}.`,
      '',
      '| prompt | words | extension, ms per prompt | Node, ms per prompt |',
      '| --- | --- | --- | --- |',
      ...Object.entries(embedding.lengths).map(([name, l]) => `| ${name} | ${l.words} | ${l.extensionMsPerPrompt?.toFixed(1) ?? '?'} | ${l.nodeMsPerPrompt.toFixed(1)} |`),
      '',
      measured(embedding.machine),
      '',
    );
  }
  const verifier = result<{ perCandidate: { p50Us: number; p99Us: number } }>('guard-verifier');
  if (verifier) sections.push(`The verifier takes ${verifier.perCandidate.p50Us.toFixed(0)} µs per candidate (p50; p99 ${verifier.perCandidate.p99Us.toFixed(0)} µs) in Node, both prompts' facts included.`, '', measured(verifier.machine), '');

  type SourceFigures = { rows: number; strongShareAt95: number; randomStrongShareAt95: number; range: [number, number] };
  const routerFit = result<{
    unseen: { splits: number[]; pooledOutOfFold: SourceFigures & { bySource: Record<string, SourceFigures & { foldSpread: number }> } };
    modesOutOfFold: Record<string, Record<string, { heavyShare: number; accuracyKept: number }>>;
  }>('router-fit');
  const routing = await routingCurves();
  charts.push({
    name: 'routing-accuracy',
    config: { type: 'scatter', data: { datasets: [line('router (in sample)', routing.router, '#2f6fed'), line('random routing', routing.random, '#94a3b8', true), line('95% of all-strong accuracy', [{ x: 0, y: routing.target }, { x: 1, y: routing.target }], '#f59e0b', true)] }, options: { scales: axes('share of calls sent to the strong model', 'accuracy') } },
  });
  sections.push('## Routing: accuracy against the share of strong calls', '', `${routing.rows} prompts of routing-dev with both models' outcomes; the strongest-scored go to the strong model first. The curve is in sample${routerFit ? `; on prompts it was not fitted on (5 folds, pooled with the open-ended set: ${routerFit.unseen.pooledOutOfFold.rows} prompts; the mean over ${routerFit.unseen.splits.length} splits into folds) it needs ${(routerFit.unseen.pooledOutOfFold.strongShareAt95 * 100).toFixed(1)}% strong calls for 95% of all-strong accuracy, random routing ${(routerFit.unseen.pooledOutOfFold.randomStrongShareAt95 * 100).toFixed(1)}% (\`router-fit.json\`)` : ''}.`, '', '![routing accuracy](plots/routing-accuracy.png)', '');
  if (routerFit) {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    sections.push(
      `Out of fold, per source (each prompt scored by a model fitted without it; the mean and range over ${routerFit.unseen.splits.length} splits into 5 folds; the spread is the standard deviation over all their folds), and what the balanced mode does there:`,
      '',
      '| source | prompts | router: strong share for 95% | range over splits | random routing | spread over folds | balanced: sent to the heavy model | balanced: accuracy kept |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...Object.entries(routerFit.unseen.pooledOutOfFold.bySource).map(([source, f]) => {
        const balanced = routerFit.modesOutOfFold[source]?.balanced;
        return `| ${source} | ${f.rows} | ${pct(f.strongShareAt95)} | ${pct(f.range[0])}–${pct(f.range[1])} | ${pct(f.randomStrongShareAt95)} | ${f.foldSpread.toFixed(3)} | ${balanced ? pct(balanced.heavyShare) : '?'} | ${balanced ? pct(balanced.accuracyKept) : '?'} |`;
      }),
      '',
      measured(routerFit.machine),
      '',
    );
  }

  const cache = result<{ calls: Record<string, { p50Ms: number }> }>('cache-latency');
  const ext = result<Record<string, { p50Ms: number }> & { addedTimeToFirstByteMs: number; engine: { embedMsPerText?: number } }>('extension-latency');
  if (cache && ext) {
    const bars = [
      ['companion: direct call to the simulator', cache.calls.direct?.p50Ms],
      ['companion: exact hit', cache.calls.exactHit?.p50Ms],
      ['companion: reworded hit', cache.calls.semanticHit?.p50Ms],
      ['companion: miss', cache.calls.miss?.p50Ms],
      ['extension: plain loopback fetch', ext.plainLoopbackFetch?.p50Ms],
      ['extension: exact hit', ext.exactHit?.p50Ms],
      ['extension: reworded hit', ext.semanticHit?.p50Ms],
      ['extension: miss, time to first byte', ext.missTimeToFirstByte?.p50Ms],
      ['extension: the same call made without it, first byte', ext.withoutExtensionTimeToFirstByte?.p50Ms],
      ['extension: companion direct, first byte', ext.companionDirectTimeToFirstByte?.p50Ms],
    ].filter((b): b is [string, number] => typeof b[1] === 'number');
    charts.push({ name: 'latency', config: { type: 'bar', data: { labels: bars.map((b) => b[0]), datasets: [{ label: 'p50 ms', data: bars.map((b) => b[1]), backgroundColor: '#2f6fed' }] }, options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { title: { display: true, text: 'ms (p50)' } } } } } });
    sections.push('## Hit and miss latency', '', '![latency](plots/latency.png)', '', '| what | p50 ms |', '| --- | --- |', ...bars.map(([k, v]) => `| ${k} | ${v.toFixed(1)} |`), '', `Embedding one prompt in the extension: ${ext.engine.embedMsPerText?.toFixed(1) ?? '?'} ms. A miss through the extension adds ${ext.addedTimeToFirstByteMs.toFixed(0)} ms to the first byte of the same call made without it (messaging between page, background and offscreen document; embedding; search).`, '', `Companion: ${measured(cache.machine)} Extension: ${measured(ext.machine)}`, '');
  }

  type VectorRuns = { results: { entries: number; scan: VectorRun; hnsw: VectorRun & { bytesPerEntry?: number }; voy: { searchP50Ms?: number; recallAt1?: number; failed?: string; skipped?: string } }[] };
  const vectors = result<VectorRuns>('vector-search');
  const million = result<VectorRuns>('vector-search-1m');
  const cell = (run: { searchP50Ms?: number; recallAt1?: number; failed?: string; skipped?: string }) => (run.searchP50Ms !== undefined ? `${run.searchP50Ms.toFixed(2)} ms, ${run.recallAt1}` : (run.failed ?? run.skipped ?? '—'));
  if (vectors) {
    charts.push({
      name: 'vector-search',
      config: {
        type: 'line',
        data: {
          labels: vectors.results.map((r) => `${r.entries / 1000}k`),
          datasets: [
            { label: 'scan of every row', data: vectors.results.map((r) => r.scan.searchP50Ms), borderColor: '#94a3b8' },
            { label: 'HNSW graph (product)', data: vectors.results.map((r) => r.hnsw.searchP50Ms), borderColor: '#2f6fed' },
            { label: 'voy-search', data: vectors.results.map((r) => r.voy.searchP50Ms ?? null), borderColor: '#f59e0b' },
          ],
        },
        options: { scales: { y: { type: 'logarithmic', title: { display: true, text: 'search p50, ms (log)' } }, x: { title: { display: true, text: 'entries in one bucket (384-d)' } } } },
      },
    });
    sections.push(
      '## Vector search scaling',
      '',
      'p50 per search and recall@1 against brute force. A bucket under 2,048 entries is scanned (no graph); a larger one builds its graph in the background in 8 ms slices, and rows the graph has not taken yet are scanned meanwhile.',
      '',
      '![vector search](plots/vector-search.png)',
      '',
      '| entries | scan | HNSW | HNSW build | HNSW memory per entry | voy-search |',
      '| --- | --- | --- | --- | --- | --- |',
      ...[...vectors.results, ...(million?.results ?? [])].map((r) => `| ${r.entries} | ${cell(r.scan)} | ${cell(r.hnsw)} | ${(r.hnsw.buildMs / 1000).toFixed(1)} s | ${r.hnsw.bytesPerEntry ? `${(r.hnsw.bytesPerEntry / 1024).toFixed(1)} KiB` : '—'} | ${cell(r.voy)} |`),
      '',
      measured(vectors.machine),
      ...(million ? ['', `The 1M row is a run of its own (\`vector-search-1m.json\`): ${measured(million.machine)}`] : []),
      '',
    );
  }
  const inBrowser = result<VectorRuns>('vector-search-extension');
  if (inBrowser) {
    sections.push(
      'The same index on the same vectors in Chromium, in a page of the built extension (the offscreen document the cache engine runs in is the same kind of page; the browser\'s clock ticks in 0.1 ms):',
      '',
      '| entries | scan | HNSW | HNSW build |',
      '| --- | --- | --- | --- |',
      ...inBrowser.results.map((r) => `| ${r.entries} | ${cell(r.scan)} | ${cell(r.hnsw)} | ${(r.hnsw.buildMs / 1000).toFixed(1)} s |`),
      '',
      measured(inBrowser.machine),
      '',
    );
  }

  type Spread = { p50Ms: number; p90Ms: number; maxMs: number };
  const flood = result<{ idle: { p50Ms: number }; floods: { flood: string; throughExtension: Spread; floor: Spread; hitsThatMissed: number }[] }>('flood-fairness');
  if (flood) {
    const ms = (x: Spread) => `${x.p50Ms.toFixed(1)} / ${x.p90Ms.toFixed(1)} / ${x.maxMs.toFixed(0)}`;
    sections.push(
      '## One site floods, another repeats a cached question',
      '',
      `Another site's exact hit, timed from its page (p50 / p90 / max ms), while one page sends the flood through the extension, and while it sends the same flood to a path the extension does not intercept (the floor this 2-core machine sets). Idle: ${flood.idle.p50Ms.toFixed(1)} ms p50.`,
      '',
      '| flood | through the extension | floor | hits that missed |',
      '| --- | --- | --- | --- |',
      ...flood.floods.map((f) => `| ${f.flood} | ${ms(f.throughExtension)} | ${ms(f.floor)} | ${f.hitsThatMissed} |`),
      '',
      measured(flood.machine),
      '',
    );
  }

  type OverheadRun = { what: string; connections: number; directRps: number; proxyRps: number; throughputRatio: number; singleClient?: { directP50Ms: number; proxyP50Ms: number; addedP50Ms: number; bareProxyAddedP50Ms?: number; bareFastifyAddedP50Ms?: number } };
  const overhead = result<Record<string, OverheadRun>>('proxy-overhead');
  if (overhead) {
    const runs = Object.entries(overhead).filter((entry): entry is [string, OverheadRun] => typeof (entry[1] as OverheadRun).throughputRatio === 'number');
    charts.push({
      name: 'proxy-throughput',
      config: {
        type: 'bar',
        data: { labels: runs.map(([name]) => name), datasets: [{ label: 'companion / direct', data: runs.map(([, r]) => r.throughputRatio * 100), backgroundColor: '#2f6fed' }] },
        options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { min: 0, max: 100, title: { display: true, text: 'throughput through the companion, % of calling the simulator directly' } } } },
      },
    });
    sections.push(
      '## Forwarding overhead',
      '',
      'Calls per second through the companion (cache off) against the same calls straight to the simulator, alternating in one run; added latency from single calls one after another.',
      '',
      '![throughput through the companion](plots/proxy-throughput.png)',
      '',
      '| scenario | connections | direct req/s | companion req/s | ratio | added p50 ms (one client) | a bare Node proxy adds | a bare fastify proxy adds |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...runs.map(([name, r]) => `| ${name}: ${r.what} | ${r.connections} | ${r.directRps.toFixed(0)} | ${r.proxyRps.toFixed(0)} | ${(r.throughputRatio * 100).toFixed(1)}% | ${r.singleClient ? r.singleClient.addedP50Ms.toFixed(2) : '–'} | ${r.singleClient?.bareProxyAddedP50Ms?.toFixed(2) ?? '–'} | ${r.singleClient?.bareFastifyAddedP50Ms?.toFixed(2) ?? '–'} |`),
      '',
      measured(overhead.machine),
      '',
    );
  }

  type SessionCost = { inputTokensFullRate: number; cacheReadTokens: number; cacheWriteTokens: number; costUsd: number };
  const promptCache = result<{ steps: number; model: string; off: SessionCost; auto: SessionCost; costRatio: number }>('prompt-cache');
  if (promptCache) {
    const row = (label: string, r: SessionCost) => `| ${label} | ${r.inputTokensFullRate} | ${r.cacheReadTokens} | ${r.cacheWriteTokens} | $${r.costUsd.toFixed(4)} |`;
    sections.push(
      "## The provider's prompt cache",
      '',
      `An agent session of ${promptCache.steps} steps on ${promptCache.model} (a long system prompt and four tools on every step, a tool call and a file-sized result added each time), through the companion to the simulator, whose prompt cache follows Anthropic's rules (breakpoints, the model's minimum, five-minute lifetime, reads at 0.1×, writes at 1.25×). Tokens and dollars are the ledger's sums.`,
      '',
      '| prompt-cache hints | input tokens at the full rate | cache reads | cache writes | cost |',
      '| --- | --- | --- | --- | --- |',
      row('as sent (off)', promptCache.off),
      row('placed by the companion (auto)', promptCache.auto),
      '',
      `With the hints the session costs ${(promptCache.costRatio * 100).toFixed(0)}% of what it costs without.`,
      '',
      measured(promptCache.machine),
      '',
    );
  }

  type Quantiles = { n: number; p50: number; p95: number };
  const teamSync = result<{ tasks: number; exactHitOnOtherCompanionAfterMs: Quantiles; rewordedHitOnOtherCompanionAfterMs: Quantiles; rewordingsNeverServed: number; exactHitLatencyMs: { team: Quantiles; solo: Quantiles; p50Ratio: number } }>('team-sync');
  if (teamSync) {
    const ms = (r: Quantiles) => `${r.p50.toFixed(1)} | ${r.p95.toFixed(1)}`;
    sections.push(
      '## Team mode: two companions on one PostgreSQL',
      '',
      `${teamSync.tasks} prompts answered through companion A; then, through companion B, the same call until it is an exact hit and a rewording until it is a semantic hit (asked every 5 ms without storing). The time counts from A's answer to B's served hit, B's own call included. Then 200 exact hits through a team companion and through a one-person companion on SQLite, side by side.`,
      '',
      '| measure | p50 ms | p95 ms |',
      '| --- | --- | --- |',
      `| exact hit through B after A answered | ${ms(teamSync.exactHitOnOtherCompanionAfterMs)} |`,
      `| reworded hit through B after A answered (${teamSync.rewordedHitOnOtherCompanionAfterMs.n} of ${teamSync.tasks}) | ${ms(teamSync.rewordedHitOnOtherCompanionAfterMs)} |`,
      `| exact hit, team companion (PostgreSQL) | ${ms(teamSync.exactHitLatencyMs.team)} |`,
      `| exact hit, one person (SQLite) | ${ms(teamSync.exactHitLatencyMs.solo)} |`,
      '',
      measured(teamSync.machine),
      '',
    );
  }

  type PanelFigures = { panel: string; agreedRight: number; agreedWrong: number; noQuorum: number; precisionWhenAgreed: number; bestEffortAccuracy: number };
  type AccuracyFigures = { prompts: number; singles: { member: string; accuracy: number }[]; panels: PanelFigures[] };
  const consensus = result<{ mmlu: AccuracyFigures; gsm8k: AccuracyFigures; latency: { consensusP50Ms: number; singleP50Ms: Record<string, number>; overSlowestMs: number; overThirdFastestMs: number } }>('consensus');
  if (consensus) {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const table = (name: string, r: AccuracyFigures) => [
      `**${name}** (${r.prompts} prompts). Single members: ${r.singles.map((s) => `${s.member} ${pct(s.accuracy)}`).join('; ')}.`,
      '',
      '| panel of four | agreed, right | agreed, wrong | no quorum | right when agreed | best-supported answer right |',
      '| --- | --- | --- | --- | --- | --- |',
      ...r.panels.map((p) => `| ${p.panel} | ${pct(p.agreedRight)} | ${pct(p.agreedWrong)} | ${pct(p.noQuorum)} | ${pct(p.precisionWhenAgreed)} | ${pct(p.bestEffortAccuracy)} |`),
      '',
    ];
    const { latency: t } = consensus;
    sections.push(
      '## Consensus',
      '',
      "Every MMLU and GSM8K prompt of `routing-dev.jsonl`, asked of panels of four: the strong and the weak model as recorded (their real outcome on each prompt), simulated members wrong 10% and 20% of the time, and an adversarial member, wrong whenever it can and siding with any other wrong answer. The verdict is the product's decision code; a quorum is 3 of 4. Nothing is fitted.",
      '',
      ...table('MMLU', consensus.mmlu),
      ...table('GSM8K', consensus.gsm8k),
      `Latency through the companion, members answering after 100, 200, 300 and 400 ms (p50 of 10): consensus ${t.consensusP50Ms.toFixed(0)} ms; single calls ${Object.entries(t.singleP50Ms).map(([m, ms]) => `${m} ${ms.toFixed(0)} ms`).join(', ')}. The panel answers once three agree: ${t.overThirdFastestMs.toFixed(0)} ms over the third-fastest member, ${t.overSlowestMs.toFixed(0)} ms against the slowest.`,
      '',
      measured(consensus.machine),
      '',
    );
  }

  type StreamRun = { connections: number; seconds: number; calls: number; errors: number; latencyMs: { p50: number; p99: number } };
  const teamScale = result<{ load: { entries: number; fillSeconds: number; emptyStartMs: number; fullStartMs: number; emptyRssMiB: number; fullRssMiB: number; bytesPerEntry: number }; streams: { team: StreamRun; solo: StreamRun; direct: StreamRun } }>('team-scale-1m') ?? result('team-scale');
  if (teamScale) {
    const { load: l, streams: st } = teamScale;
    const run = (label: string, r: StreamRun) => `| ${label} | ${r.calls} | ${r.errors} | ${r.latencyMs.p50} | ${r.latencyMs.p99} |`;
    sections.push(
      '## Team mode at size and under load',
      '',
      `A companion (\`leo start --database\`) on ${l.entries.toLocaleString('en')} cache entries (384-d vectors around 200 topics) starts in ${(l.fullStartMs / 1000).toFixed(1)} s, its index read page by page (${(l.emptyStartMs / 1000).toFixed(1)} s on an empty database), and then holds ${l.fullRssMiB.toFixed(0)} MiB (${l.emptyRssMiB.toFixed(0)} MiB empty): ${l.bytesPerEntry.toFixed(0)} bytes per entry, before the HNSW graph grows in the background.`,
      '',
      `${st.team.connections} concurrent streamed calls for ${st.team.seconds} s, paced like a provider (200 ms to the first byte, 100 tokens/s), every prompt new (each a miss that is embedded, forwarded, streamed and stored), side by side on this 2-core machine where the simulator, the load generator, PostgreSQL and the companions share the cores:`,
      '',
      '| through | calls | errors | p50 ms | p99 ms |',
      '| --- | --- | --- | --- | --- |',
      run('two team companions on one PostgreSQL, half the connections each', st.team),
      run('one companion on SQLite', st.solo),
      run('straight to the simulator', st.direct),
      '',
      'Each team companion embeds its own misses and also indexes every entry the other stores, so two companions on two shared cores do more work per call than one; on separate machines that work is spread.',
      '',
      measured(teamScale.machine),
      '',
    );
  }

  const load = result<{ rounds: { calls: number; errors: number; latencyMs: { p50: number; p99: number } }[] }>('load');
  if (load) {
    sections.push('## Load', '', '200 concurrent streamed calls through the companion to the simulator, two rounds of 60 s:', '', '| round | calls | errors | p50 ms | p99 ms |', '| --- | --- | --- | --- | --- |', ...load.rounds.map((r, i) => `| ${i + 1} | ${r.calls} | ${r.errors} | ${r.latencyMs.p50} | ${r.latencyMs.p99} |`), '', measured(load.machine), '');
  }

  await drawCharts(charts);
  writeFileSync(REPORT, `${sections.join('\n')}\n`);
  console.log(`report: ${REPORT} (${charts.length} plots in ${PLOTS})`);
  return { file: REPORT };
}

if (import.meta.url === `file://${process.argv[1]}`) await writeReport();
