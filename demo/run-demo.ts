/**
 * `npm run demo`: the whole product on this machine, no keys, no internet. The provider
 * simulator stands in for api.openai.com and api.anthropic.com; the companion runs as
 * `leo start`; headless Chromium loads the built extension, is paired with `leo pair`'s code,
 * and plays a session in the demo playground. Prints what happened and writes screenshots.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSimulator } from '../companion/simulator/server.js';
import { freePort, runLeo, spawnLeo, stop } from '../tests/helpers/cli-process.js';
import { extensionRecords, lendKeysThroughPopup, openPopupFor, pairThroughOptions, startPlaygroundStack } from '../tests/helpers/browser-harness.js';
import type { Answer } from './playground/playground.js';
import { DEMO_SESSION, type Expectation } from './session.js';

export const SCREENSHOTS = resolve(import.meta.dirname, 'screenshots');

export interface Row {
  step: number;
  note: string;
  prompt: string;
  model: string;
  outcome: string;
  ms: number;
  savedUsd: number;
  asExpected: boolean;
}

function outcomeOf(answer: Answer): string {
  if (answer.cache === 'exact-hit' || answer.cache === 'semantic-hit') return answer.cache;
  return answer.route ? `routed ${answer.route}` : 'provider';
}

function asExpected(expect: Expectation, outcome: string): boolean {
  if (expect === 'must-miss' || expect === 'provider') return !outcome.endsWith('hit');
  return outcome === expect;
}

const cell = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

export async function runDemo(screenshots = SCREENSHOTS): Promise<Row[]> {
  mkdirSync(screenshots, { recursive: true });
  const home = mkdtempSync(join(tmpdir(), 'leo-demo-'));
  const env = { LEO_HOME: home };
  const pace = { latencyMs: 350, tokensPerSecond: 150 };
  const stack = await startPlaygroundStack(pace);
  const { provider, browser, playground } = stack;
  const upstream = await startSimulator(pace);
  const port = await freePort();
  for (const id of ['openai', 'anthropic']) await runLeo(['keys', 'add', id], env, 'sk-demo-simulator-key');
  const upstreams = { LEO_UPSTREAM_OPENAI: upstream.url, LEO_UPSTREAM_ANTHROPIC: upstream.url };
  const companion = await spawnLeo(['start', '--port', String(port)], { ...env, ...upstreams }, /Stop with Ctrl\+C/);
  try {
    const code = /Pairing code: (\S+)/.exec((await runLeo(['pair'], env)).stdout)?.[1];
    if (!code) throw new Error('leo pair printed no code');
    const options = await pairThroughOptions(browser, `http://127.0.0.1:${port}`, code);
    await options.close();
    // A user lends their keys to the playground they work in; no site gets them unasked.
    await lendKeysThroughPopup(browser, playground.url);

    const { page } = stack;
    await page.setViewportSize({ width: 1100, height: 800 });
    const rows: Row[] = [];
    for (const [i, step] of DEMO_SESSION.entries()) {
      const answer = await page.evaluate((ask) => (window as unknown as { playground: { askInChat(a: typeof ask): Promise<Answer> } }).playground.askInChat(ask), step.ask);
      const outcome = outcomeOf(answer);
      rows.push({ step: i + 1, note: step.note, prompt: step.ask.prompt, model: step.ask.model, outcome, ms: answer.ms, savedUsd: 0, asExpected: asExpected(step.expect, outcome) });
    }
    await page.screenshot({ path: join(screenshots, 'playground.png') });

    const popup = await openPopupFor(browser, playground.url);
    await popup.setViewportSize({ width: 384, height: 780 });
    await popup.getByTestId('companion-status').filter({ hasText: 'companion paired' }).waitFor();
    const events = await extensionRecords<{ costAvoidedUsd: number; reason: string }>(popup, 'events');
    // Events are recorded in call order, one per step.
    events.forEach((e, i) => rows[i] && (rows[i]!.savedUsd = e.costAvoidedUsd));
    await popup.screenshot({ path: join(screenshots, 'popup.png'), fullPage: true });
    const optionsPage = await browser.context.newPage();
    await optionsPage.setViewportSize({ width: 1100, height: 900 });
    await optionsPage.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await optionsPage.getByTestId('model-ready').waitFor().catch(() => undefined);
    await optionsPage.screenshot({ path: join(screenshots, 'options.png'), fullPage: true });

    const link = (await runLeo(['dashboard', '--port', String(port)], env)).stdout.trim().split('\n')[0]!;
    const dashboard = await browser.context.newPage();
    await dashboard.setViewportSize({ width: 1400, height: 1000 });
    await dashboard.goto(link);
    await dashboard.locator('body[data-ready="true"]').waitFor();
    await dashboard.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true });

    printTable(rows, { upstreamCalls: provider.stats.requests + upstream.stats.requests, screenshots });
    return rows;
  } finally {
    await stack.close();
    await stop(companion.child);
    await upstream.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function printTable(rows: Row[], totals: { upstreamCalls: number; screenshots: string }): void {
  console.log('\nLEO Optima demo: a playground session against the provider SIMULATOR (answers are generated locally)\n');
  console.log(`${cell('#', 3)} ${cell('step', 46)} ${cell('model', 18)} ${cell('answered by', 32)} ${cell('ms', 6)} ${cell('saved', 9)} ok`);
  for (const r of rows) {
    console.log(`${cell(String(r.step), 3)} ${cell(r.note, 46)} ${cell(r.model, 18)} ${cell(r.outcome, 32)} ${cell(r.ms.toFixed(0), 6)} ${cell(`$${r.savedUsd.toFixed(5)}`, 9)} ${r.asExpected ? 'yes' : 'NO'}`);
  }
  const hits = rows.filter((r) => r.outcome.endsWith('hit')).length;
  const routed = rows.filter((r) => r.outcome.startsWith('routed')).length;
  const saved = rows.reduce((n, r) => n + r.savedUsd, 0);
  console.log(`\n${rows.length} calls: ${hits} answered from the browser cache, ${routed} routed to a cheaper model, ${totals.upstreamCalls} reached a provider.`);
  console.log(`Saved $${saved.toFixed(5)} in this session${rows.every((r) => r.asExpected) ? '; every step did what it should.' : '; some steps did not do what they should (marked NO).'}`);
  console.log(`Screenshots: ${totals.screenshots}/{playground,popup,options,dashboard}.png`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runDemo();
  process.exitCode = rows.every((r) => r.asExpected) ? 0 : 1;
}
