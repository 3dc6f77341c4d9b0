import { createWriteStream, readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { intFlag, type CliValues } from '../cli-args.js';
import type { CacheAdmin } from '../store/cache-admin.js';
import { withStores } from './open-companion.js';
import { exportLine, parseExportLine } from '../../shared/cache/cache-export.js';
import { formatTable } from './stats.js';

const USAGE = `usage: leo cache stats
       leo cache list [--namespace NS] [--search TEXT] [--limit N]
       leo cache delete ID
       leo cache clear [--namespace NS]
       leo cache export [FILE] [--namespace NS]     (stdout without FILE)
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

async function exportTo(store: CacheAdmin, values: CliValues, file: string | undefined): Promise<void> {
  const out: Writable = file ? createWriteStream(file, { mode: 0o600 }) : process.stdout;
  const entries = await store.list({ namespace: values.namespace });
  for (const entry of entries) {
    if (!out.write(`${exportLine(entry)}\n`)) await new Promise((resolve) => out.once('drain', resolve));
  }
  if (file) {
    out.end();
    await finished(out);
    console.error(`Exported ${entries.length} entries to ${file}.`);
  }
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
