import { createWriteStream, readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { intFlag, type CliValues } from '../cli-args.js';
import type { CacheAdmin } from '../store/cache-admin.js';
import { withStores } from './open-companion.js';
import { exportLine, parseExportLine } from '../../shared/cache/cache-export.js';
import { TRAINING_FORMATS, trainingExample, type TrainingFormat } from '../../shared/cache/training-export.js';
import { formatTable } from './stats.js';

const USAGE = `usage: leo cache stats
       leo cache list [--namespace NS] [--search TEXT] [--limit N]
       leo cache delete ID
       leo cache clear [--namespace NS]
       leo cache export [FILE] [--namespace NS]     (stdout without FILE)
       leo cache export [FILE] --format openai-chat|anthropic [--site ORIGIN] [--model MODEL] [--since DAY] [--until DAY]
       leo cache import FILE`;

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const oneLine = (text: string, width: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

async function stats(store: CacheAdmin): Promise<void> {
  const rows = await store.stats();
  if (rows.length === 0) {
    console.log('The cache is empty.');
    return;
  }
  const total = rows.reduce((sum, r) => ({ entries: sum.entries + r.entries, bytes: sum.bytes + r.bytes, hits: sum.hits + r.hits }), { entries: 0, bytes: 0, hits: 0 });
  console.log(`${total.entries} entries, ${kib(total.bytes)}, ${total.hits} hits served\n`);
  console.log(formatTable(['namespace', 'entries', 'size', 'hits', 'oldest', 'newest'], rows.map((r) => [r.namespace, String(r.entries), kib(r.bytes), String(r.hits), day(r.oldest), day(r.newest)])));
}

async function list(store: CacheAdmin, values: CliValues): Promise<void> {
  const entries = await store.list({ namespace: values.namespace, search: values.search, limit: intFlag(values, 'limit') ?? 50 });
  if (entries.length === 0) {
    console.log('No entries match.');
    return;
  }
  const rows = entries.map((e) => [String(e.id), e.namespace, e.model, String(e.hits), day(e.lastUsedAt), oneLine(e.prompt ?? '(exact only)', 60)]);
  console.log(formatTable(['id', 'namespace', 'model', 'hits', 'last used', 'prompt'], rows));
}

/** A `--since`/`--until` day (YYYY-MM-DD, UTC) as milliseconds; `--until` counts its whole day. */
function dayFlag(raw: string | undefined, name: string, endOfDay: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const at = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : NaN;
  if (Number.isNaN(at)) throw new Error(`--${name} takes a day as YYYY-MM-DD, got '${raw}'.`);
  return endOfDay ? at + 86_400_000 : at;
}

/**
 * Without `--format`: every entry, to import again. With `--format openai-chat|anthropic`: the
 * cached conversations as fine-tuning examples, optionally of one site, one model, and a span
 * of days; what could not be exported is counted by reason.
 */
async function exportTo(store: CacheAdmin, values: CliValues, file: string | undefined): Promise<void> {
  const format = values.format as TrainingFormat | undefined;
  if (format !== undefined && !TRAINING_FORMATS.includes(format)) throw new Error(`--format takes ${TRAINING_FORMATS.join(' or ')}, not '${format}'.`);
  const since = dayFlag(values.since, 'since', false) ?? 0;
  const until = dayFlag(values.until, 'until', true) ?? Infinity;
  const out: Writable = file ? createWriteStream(file, { mode: 0o600 }) : process.stdout;
  const entries = (await store.list({ namespace: values.namespace })).filter(
    (e) => (format === undefined || ((values.site === undefined || e.site === values.site) && (values.model === undefined || e.model === values.model) && e.createdAt >= since && e.createdAt < until)),
  );
  const skipped = new Map<string, number>();
  let written = 0;
  for (const entry of entries.reverse()) {
    let line = exportLine(entry);
    if (format !== undefined) {
      const made = trainingExample(entry, format);
      if ('skipped' in made) {
        skipped.set(made.skipped, (skipped.get(made.skipped) ?? 0) + 1);
        continue;
      }
      line = JSON.stringify(made.example);
    }
    written++;
    if (!out.write(`${line}\n`)) await new Promise((resolve) => out.once('drain', resolve));
  }
  if (file) {
    out.end();
    await finished(out);
  }
  const what = format === undefined ? 'entries' : `${format} training examples`;
  const left = [...skipped].map(([reason, n]) => `${n} ${reason}`).join(', ');
  console.error(`Exported ${written} ${what}${file ? ` to ${file}` : ''}.${left ? ` Left out: ${left}.` : ''}`);
}

/** Checks every line before writing any, so a bad file changes nothing. */
async function importFrom(store: CacheAdmin, file: string): Promise<void> {
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, n]) => {
      try {
        return parseExportLine(line);
      } catch (err) {
        throw new Error(`${file}:${n}: ${(err as Error).message}; nothing was imported.`);
      }
    });
  await store.putAll(entries);
  console.log(`Imported ${entries.length} entries.`);
}

/** `leo cache stats|list|delete|clear|export|import`: the companion's cache, also while it runs. */
export async function runCache(values: CliValues, args: string[]): Promise<number> {
  const [action, arg] = args;
  return withStores(values, async (stores) => {
    const store = stores.cacheEntries();
    switch (action) {
      case 'stats':
        await stats(store);
        return 0;
      case 'list':
        await list(store, values);
        return 0;
      case 'delete': {
        const id = Number(arg);
        if (!Number.isInteger(id)) throw new Error(`leo cache delete takes an entry id (see leo cache list), got '${arg ?? ''}'.`);
        if (!(await store.delete(id))) throw new Error(`No cache entry ${id}.`);
        console.log(`Deleted entry ${id}.`);
        return 0;
      }
      case 'clear':
        console.log(`Deleted ${await store.clear(values.namespace)} entries${values.namespace ? ` of namespace ${values.namespace}` : ''}.`);
        return 0;
      case 'export':
        await exportTo(store, values, arg);
        return 0;
      case 'import':
        if (!arg) throw new Error(USAGE);
        await importFrom(store, arg);
        return 0;
      default:
        throw new Error(USAGE);
    }
  });
}
