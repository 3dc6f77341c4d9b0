import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, leoAt, stop, type LeoRunner } from '../helpers/cli-process.js';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

/** npm's own variables from `npm test` would steer the nested npm (its prefix, its scripts). */
function envWithoutNpm(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

describe('the companion installed from its packed tarball, with no checkout around', () => {
  const work = mkdtempSync(join(tmpdir(), 'leo-package-'));
  const prefix = join(work, 'prefix');
  const elsewhere = join(work, 'elsewhere');
  const installed = join(prefix, 'lib', 'node_modules', 'leo-optima');
  const env = { LEO_HOME: join(work, 'home') };
  const children: ChildProcess[] = [];
  let packed: string[] = [];
  let tarball = '';
  let leo: LeoRunner;

  beforeAll(async () => {
    mkdirSync(elsewhere);
    // `npm test` has just built the dashboard and the extension; packing runs no build of its own here.
    const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO, env: envWithoutNpm(), maxBuffer: 1 << 24 });
    const [info] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    packed = info.files.map((f) => f.path);
    tarball = join(work, info.filename);
    // Dependencies come from the registry (or npm's cache), as on a user's machine.
    await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], {
      cwd: elsewhere,
      env: envWithoutNpm(),
      maxBuffer: 1 << 24,
    });
    leo = leoAt(join(prefix, 'bin', 'leo'), elsewhere);
  }, 600_000);

  afterAll(async () => {
    await Promise.all(children.map(stop));
    rmSync(work, { recursive: true, force: true });
  });

  it('packs what the companion runs and nothing of the tests or benchmarks', () => {
    for (const file of ['companion/bin/leo.mjs', 'companion/cli.ts', '.output/dashboard/index.html', 'shared/embedding/minilm/onnx/model_int8.onnx', 'shared/embedding/minilm/tokenizer.json']) {
      expect(packed).toContain(file);
    }
    expect(packed.filter((f) => /\.test\.ts$|^tests\/|^bench\/|^demo\/|\.jsonl$/.test(f))).toEqual([]);
    expect(existsSync(join(installed, 'tests'))).toBe(false);
  });

  it('installs a `leo` command on the PATH', async () => {
    const path = `${join(prefix, 'bin')}:${dirname(process.execPath)}`;
    const { stdout } = await run('leo', ['--help'], { cwd: elsewhere, env: { ...envWithoutNpm(), PATH: path } });
    expect(stdout).toContain('leo start');
  });

  it('starts, pairs an extension, proxies a call and checks the setup through the installed binary', async () => {
    const simPort = await freePort();
    const port = await freePort();
    expect((await leo.runLeo(['keys', 'add', 'openai'], env, 'sk-installed-abcdefghijkl\n')).code).toBe(0);
    children.push((await leo.spawnLeo(['simulate', '--port', String(simPort)], env, /SIMULATOR on/)).child);
    const companion = await leo.spawnLeo(['start', '--port', String(port), '--upstream', `openai=http://127.0.0.1:${simPort}`], env, /Stop with Ctrl\+C/);
    children.push(companion.child);
    const base = `http://127.0.0.1:${port}`;

    const code = /Pairing code: (\S+)/.exec((await leo.runLeo(['pair'], env)).stdout)?.[1];
    expect(code).toBeDefined();
    const paired = await fetch(`${base}/leo/pair`, { method: 'POST', headers: { origin: EXTENSION, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    expect(paired.status).toBe(201);
    const { token: pairingToken } = (await paired.json()) as { token: string };
    expect((await fetch(`${base}/health`, { headers: { authorization: `Bearer ${pairingToken}`, origin: EXTENSION } })).status).toBe(200);

    const localToken = (await leo.runLeo(['token'], env)).stdout.trim();
    const client = new OpenAI({ apiKey: localToken, baseURL: `${base}/v1`, maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Where do installed packages live?' }] });
    expect(answer.choices[0]?.message.content).toContain('Where do installed packages live?');

    const doctor = await leo.runLeo(['doctor', '--port', String(port), '--upstream', `openai=http://127.0.0.1:${simPort}`], env);
    expect(doctor.stdout).toContain(`✓ the companion answers on 127.0.0.1:${port}`);
    expect(doctor.stdout).toContain('✓ openai key works');
    expect(doctor.stdout).toContain(`✓ the browser extension is paired (${EXTENSION}`);

    // The dashboard built into the package opens from the one-time link.
    const link = (await leo.runLeo(['dashboard', '--port', String(port)], env)).stdout.trim().split('\n')[0]!;
    const opened = await fetch(link, { redirect: 'manual' });
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(`${base}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('LEO Optima');
  });

  it('builds the store zip of the extension from the same package, at the same version', async () => {
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    await run('tar', ['xzf', tarball, '-C', unpacked]);
    const source = join(unpacked, 'package');
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: source, env: envWithoutNpm(), maxBuffer: 1 << 24 });
    await run('npx', ['wxt', 'zip'], { cwd: source, env: envWithoutNpm(), maxBuffer: 1 << 24 });
    const { version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { version: string };
    expect(existsSync(join(source, '.output', `leo-optima-${version}-chrome.zip`))).toBe(true);
    expect(JSON.parse(readFileSync(join(source, '.output', 'chrome-mv3', 'manifest.json'), 'utf8'))).toMatchObject({ version, manifest_version: 3 });
  }, 600_000);
});
