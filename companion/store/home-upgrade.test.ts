import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPGRADE_COMMAND } from '../../shared/companion-contract.js';
import { freePort, runLeo } from '../../tests/helpers/cli-process.js';
import { CACHE_MIGRATIONS, CacheStore } from './cache-store.js';
import { LEDGER_MIGRATIONS, Ledger } from './ledger.js';
import { openSqliteFile } from './sqlite-file.js';

const freshHome = () => mkdtempSync(join(tmpdir(), 'leo-upgrade-'));
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a home written by another version of the companion', () => {
  it('from an older version: the ledger and the cache are migrated in place and keep what they held', () => {
    const home = freshHome();
    const oldLedger = openSqliteFile(join(home, 'ledger.sqlite'), LEDGER_MIGRATIONS.slice(0, 1));
    oldLedger
      .prepare(
        `INSERT INTO calls (at, site, protocol, provider, requested_model, served_model, stream, status, input_tokens, output_tokens,
           cached_input_tokens, cache_write_tokens, reasoning_tokens, usage_estimated, cost_usd, cost_avoided_usd, reason, complete, latency_ms)
         VALUES (?, 'api', 'openai-chat', 'openai', 'gpt-4o', 'gpt-4o', 0, 200, 10, 20, 0, 0, 0, 0, 0.001, 0, 'miss', 1, 12)`,
      )
      .run(Date.now());
    oldLedger.close();
    // The USE-lite era: schema 2, entries carrying 512-d vectors.
    const oldCache = openSqliteFile(join(home, 'cache.sqlite'), CACHE_MIGRATIONS.slice(0, 2));
    oldCache
      .prepare(
        `INSERT INTO entries (namespace, exact_key, context_key, model, prompt, history, vector, answer, created_at, last_used_at, expires_at, bytes)
         VALUES ('ns', 'exact-1', 'ctx', 'gpt-4o', 'What is a monad?', '[]', ?, '{"text":"A monoid in the category of endofunctors."}', 1, 1, ?, 100)`,
      )
      .run(Buffer.alloc(512 * 4), Date.now() + 3_600_000);
    oldCache.close();

    const ledger = new Ledger(home);
    expect(ledger.db.pragma('user_version', { simple: true })).toBe(LEDGER_MIGRATIONS.length);
    expect(ledger.totals().calls).toBe(1);
    ledger.close();
    const cache = new CacheStore(home);
    expect(cache.setAside).toBeUndefined();
    expect(cache.db.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.length);
    const kept = cache.db.prepare('SELECT exact_key, answer, vector FROM entries').all() as { exact_key: string; answer: string; vector: Buffer | null }[];
    // The answer stays for exact repeats; the old model's vector, meaningless to the new one, is dropped.
    expect(kept).toEqual([{ exact_key: 'exact-1', answer: '{"text":"A monoid in the category of endofunctors."}', vector: null }]);
    cache.db.close();
  });

  for (const file of ['ledger.sqlite', 'cache.sqlite']) {
    it(`from a newer version: leo start refuses the home, says how to upgrade, and leaves ${file} as it was`, async () => {
      const home = freshHome();
      const migrations = file === 'ledger.sqlite' ? LEDGER_MIGRATIONS : CACHE_MIGRATIONS;
      const db = new Database(join(home, file));
      db.pragma(`user_version = ${migrations.length + 1}`);
      db.close();
      const before = digest(join(home, file));

      const started = await runLeo(['start', '--home', home, '--port', String(await freePort())], {});
      expect(started.code).toBe(1);
      expect(started.stderr).toContain(`${join(home, file)} was written by a newer LEO Optima (schema ${migrations.length + 1}; this one reads up to ${migrations.length})`);
      expect(started.stderr).toContain(UPGRADE_COMMAND);
      expect(digest(join(home, file))).toBe(before);
      expect(readdirSync(home).filter((name) => name.includes('unreadable'))).toEqual([]);
    });
  }
});
