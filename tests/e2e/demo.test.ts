import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../demo/run-demo.js';

describe('npm run demo', () => {
  it('plays its session with every step doing what it should, and writes its screenshots', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leo-demo-shots-'));
    try {
      const rows = await runDemo(dir);
      expect(rows.filter((r) => !r.asExpected).map((r) => `${r.step} ${r.note}: ${r.outcome}`)).toEqual([]);
      expect(rows.filter((r) => r.outcome.endsWith('hit')).length).toBeGreaterThanOrEqual(6);
      expect(rows.reduce((n, r) => n + r.savedUsd, 0)).toBeGreaterThan(0);
      for (const shot of ['playground', 'popup', 'options', 'dashboard']) {
        const file = join(dir, `${shot}.png`);
        expect(existsSync(file) && statSync(file).size > 10_000, `${shot}.png`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
