import { writeFileSync } from 'node:fs';
import { intFlag, type CliValues } from '../cli-args.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { withStores } from './open-companion.js';

const usd = (n: number) => `$${n.toFixed(n !== 0 && Math.abs(n) < 0.01 ? 6 : 4)}`;

/** Prints rows as an aligned plain-text table. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const model = (requested: string, served: string) => (requested === served ? requested : `${requested} -> ${served}`);
const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

async function printEvents(ledger: LedgerStore, since: number, limit: number): Promise<void> {
  const rows = (await ledger.events({ sinceMs: since, limit })).map((e) => [
    new Date(e.at).toISOString().slice(0, 19).replace('T', ' '),
    e.reason,
    model(e.requestedModel, e.servedModel),
    `${e.usage.inputTokens}${e.usage.cachedInputTokens ? ` (${e.usage.cachedInputTokens} cached)` : ''}`,
    String(e.usage.outputTokens),
    e.costUsd === null ? 'unknown' : usd(e.costUsd),
    usd(e.costAvoidedUsd),
    clip(e.detail, 70),
  ]);
  console.log(rows.length ? formatTable(['when', 'reason', 'model', 'tokens in', 'out', 'cost', 'saved', 'why'], rows) : 'No calls recorded.');
}

async function printConversations(ledger: LedgerStore): Promise<void> {
  const rows = (await ledger.conversations()).map((c) => [c.conversation.slice(0, 12), String(c.calls), String(c.inputTokens), String(c.cachedInputTokens), `${(c.cachedShare * 100).toFixed(1)}%`]);
  console.log(rows.length ? formatTable(['conversation', 'calls', 'tokens in', 'cached by provider', 'share'], rows) : 'No conversations recorded.');
}

/** Every recorded call as JSON lines: the figures `leo stats` shows are sums of these. */
async function exportEvents(ledger: LedgerStore, since: number, file: string): Promise<void> {
  const events = await ledger.events({ sinceMs: since });
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : ''), { mode: 0o600 });
  console.log(`Exported ${events.length} events to ${file}.`);
}

export function runStats(values: CliValues): Promise<number> {
  return withStores(values, async ({ ledger }) => {
    const days = intFlag(values, 'days');
    const since = days === undefined ? 0 : Date.now() - days * 86_400_000;
    if (values.export !== undefined) {
      await exportEvents(ledger, since, values.export);
      return 0;
    }
    if (values.events) {
      await printEvents(ledger, since, intFlag(values, 'limit') ?? 30);
      return 0;
    }
    if (values.conversations) {
      await printConversations(ledger);
      return 0;
    }
    const totals = await ledger.totals(since);
    const period = days === undefined ? 'all time' : `last ${days} day${days === 1 ? '' : 's'}`;
    console.log(`LEO Optima savings, ${period}: ${totals.calls} calls, spent ${usd(totals.costUsd)}, saved ${usd(totals.costAvoidedUsd)}\n`);
    if (totals.calls === 0) {
      console.log('No calls yet. Point an SDK at the companion (leo start prints how).');
      return 0;
    }
    const rows = (await ledger.byModel(since)).map((r) => [
      r.reason,
      model(r.requestedModel, r.servedModel),
      String(r.calls),
      String(r.inputTokens),
      String(r.outputTokens),
      usd(r.costUsd),
      usd(r.costAvoidedUsd),
    ]);
    console.log(formatTable(['reason', 'model', 'calls', 'tokens in', 'tokens out', 'cost', 'saved'], rows));
    return 0;
  });
}
