import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const STORE = import.meta.dirname;
const BUILDS = join(import.meta.dirname, '../../.output');
const run = promisify(execFile);

interface Manifest {
  permissions: string[];
  host_permissions: string[];
  optional_host_permissions?: string[];
  content_scripts: { matches: string[] }[];
  browser_specific_settings?: { gecko?: { id?: string } };
}

const manifestOf = (build: string) => JSON.parse(readFileSync(join(BUILDS, build, 'manifest.json'), 'utf8')) as Manifest;

describe('the store builds and their listing', () => {
  const reasons = readFileSync(join(STORE, 'permissions.md'), 'utf8');

  for (const build of ['chrome-mv3', 'firefox-mv3']) {
    it(`${build}: every permission the manifest asks for, and the sites its content scripts run on, is justified`, () => {
      const manifest = manifestOf(build);
      for (const permission of [...manifest.permissions, ...manifest.host_permissions, ...(manifest.optional_host_permissions ?? [])]) expect(reasons).toContain(`\`${permission}\``);
      for (const script of manifest.content_scripts) for (const match of script.matches) expect(reasons).toContain(`\`${match}\``);
    });
  }

  it('firefox-mv3: passes web-ext lint with no error, and names its add-on id', async () => {
    const { stdout } = await run(join(import.meta.dirname, '../../node_modules/.bin/web-ext'), ['lint', '--source-dir', join(BUILDS, 'firefox-mv3'), '--output', 'json'], { maxBuffer: 1 << 24 });
    const report = JSON.parse(stdout) as { summary: { errors: number }; errors: { code: string; message: string }[] };
    expect(report.errors).toEqual([]);
    expect(manifestOf('firefox-mv3').browser_specific_settings?.gecko?.id).toBe('leo-optima@leo-optima.dev');
    expect(manifestOf('firefox-mv3').permissions).not.toContain('offscreen');
  }, 60_000);

  it('the build step made both store zips and the sources zip the Firefox store asks for, each with its manifest at the version of the package', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    const listing = async (zip: string) => (await run('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', join(BUILDS, zip)])).stdout.split('\n');
    const manifestIn = async (zip: string) => JSON.parse((await run('python3', ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("manifest.json").decode())', join(BUILDS, zip)])).stdout) as Manifest & { version: string };
    for (const browser of ['chrome', 'firefox']) {
      const manifest = await manifestIn(`leo-optima-${version}-${browser}.zip`);
      expect(manifest.version).toBe(version);
      expect(manifest.permissions).toEqual(manifestOf(`${browser}-mv3`).permissions);
    }
    const sources = await listing(`leo-optima-${version}-sources.zip`);
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'wxt.config.ts', 'extension/entrypoints/background.ts']));
    expect(sources.some((f) => f.startsWith('node_modules/'))).toBe(false);
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
