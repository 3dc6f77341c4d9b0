import { intFlag, type CliValues } from '../cli-args.js';
import { resolveHome } from '../home.js';
import { Ledger } from '../store/ledger.js';

const usd = (n: number) => `$${n.toFixed(n !== 0 && Math.abs(n) < 0.01 ? 6 : 4)}`;

/** Prints rows as an aligned plain-text table. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function runStats(values: CliValues): number {
  const ledger = new Ledger(resolveHome(values.home));
  try {
    const days = intFlag(values, 'days');
    const since = days === undefined ? 0 : Date.now() - days * 86_400_000;
    const totals = ledger.totals(since);
    const period = days === undefined ? 'all time' : `last ${days} day${days === 1 ? '' : 's'}`;
    console.log(`LEO Optima savings, ${period}: ${totals.calls} calls, spent ${usd(totals.costUsd)}, saved ${usd(totals.costAvoidedUsd)}\n`);
    if (totals.calls === 0) {
      console.log('No calls yet. Point an SDK at the companion (leo start prints how).');
      return 0;
    }
    const rows = ledger.byModel(since).map((r) => [
      r.reason,
      r.requestedModel === r.servedModel ? r.requestedModel : `${r.requestedModel} -> ${r.servedModel}`,
      String(r.calls),
      String(r.inputTokens),
      String(r.outputTokens),
      usd(r.costUsd),
      usd(r.costAvoidedUsd),
    ]);
    console.log(formatTable(['reason', 'model', 'calls', 'tokens in', 'tokens out', 'cost', 'saved'], rows));
    return 0;
  } finally {
    ledger.close();
  }
}
