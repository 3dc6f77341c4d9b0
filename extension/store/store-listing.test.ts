import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const STORE = import.meta.dirname;
const MANIFEST = join(import.meta.dirname, '../../.output/chrome-mv3/manifest.json');

describe('the store listing', () => {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { permissions: string[]; host_permissions: string[]; content_scripts: { matches: string[] }[] };
  const reasons = readFileSync(join(STORE, 'permissions.md'), 'utf8');

  it('justifies every permission the built manifest asks for, and the sites its content scripts run on', () => {
    for (const permission of [...manifest.permissions, ...manifest.host_permissions]) expect(reasons).toContain(`\`${permission}\``);
    for (const script of manifest.content_scripts) for (const match of script.matches) expect(reasons).toContain(`\`${match}\``);
  });

  it('has the description, the privacy statement and the screenshots the demo takes', () => {
    const listing = readFileSync(join(STORE, 'listing.md'), 'utf8');
    const summary = /\*\*Summary\*\*[^\n]*\n(.+)/.exec(listing)?.[1] ?? '';
    expect(summary.length).toBeGreaterThan(0);
    expect(summary.length).toBeLessThanOrEqual(132);
    expect(readFileSync(join(STORE, 'privacy.md'), 'utf8')).toContain('exactly what leaves your machine');
    for (const shot of listing.match(/`[\w-]+\.png`/g) ?? []) expect(existsSync(join(STORE, '../../demo/screenshots', shot.slice(1, -1)))).toBe(true);
  });
});
