import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { freePort, runLeo, spawnLeo, stop } from '../helpers/cli-process.js';

describe('leo cache, next to a running companion', () => {
  const home = mkdtempSync(join(tmpdir(), 'leo-cache-cli-'));
  const env = { LEO_HOME: home };
  const children: ChildProcess[] = [];
  let client: OpenAI;

  const ask = async (content: string) => {
    const { data, response } = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }] }).withResponse();
    return { text: data.choices[0]?.message.content, cache: response.headers.get('x-leo-cache') };
  };

  beforeAll(async () => {
    const [simPort, port] = [await freePort(), await freePort()];
    await runLeo(['keys', 'add', 'openai'], env, 'sk-live-abcdefghijklmnop\n');
    children.push((await spawnLeo(['simulate', '--port', String(simPort)], env, /SIMULATOR on/)).child);
    const companion = await spawnLeo(['start', '--port', String(port)], { ...env, LEO_UPSTREAM_OPENAI: `http://127.0.0.1:${simPort}` }, /Stop with Ctrl\+C/);
    children.push(companion.child);
    const token = (await runLeo(['token'], env)).stdout.trim();
    client = new OpenAI({ apiKey: token, baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.map(stop));
    rmSync(home, { recursive: true, force: true });
  });

  it('lists, exports, clears and imports entries, and the running companion follows', async () => {
    const first = await ask('How do I center a div with CSS?');
    await ask('What is the meaning of life?');
    expect(await ask('How can I center a div using CSS?')).toMatchObject({ cache: 'semantic-hit', text: first.text });

    const stats = await runLeo(['cache', 'stats'], env);
    expect(stats.stdout).toMatch(/^2 entries, .* 1 hits served/);
    const list = await runLeo(['cache', 'list', '--search', 'div'], env);
    expect(list.stdout).toContain('How do I center a div with CSS?');
    expect(list.stdout).not.toContain('meaning of life');

    const file = join(home, 'export.jsonl');
    expect((await runLeo(['cache', 'export', file], env)).code).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);

    expect((await runLeo(['cache', 'clear'], env)).stdout).toContain('Deleted 2 entries');
    expect(await ask('How can I center a div using CSS?')).toMatchObject({ cache: 'miss' });

    await runLeo(['cache', 'clear'], env);
    expect((await runLeo(['cache', 'import', file], env)).stdout).toContain('Imported 2 entries');
    expect(await ask('How can I center a div using CSS?')).toMatchObject({ cache: 'semantic-hit', text: first.text });
  });

  it('refuses a bad import file whole, naming the line', async () => {
    const before = (await runLeo(['cache', 'stats'], env)).stdout;
    const file = join(home, 'bad.jsonl');
    const good = (await runLeo(['cache', 'export'], env)).stdout.trim().split('\n')[0]!;
    writeFileSync(file, `${good.replace('"namespace":"', '"namespace":"other-')}\n{"namespace": 3}\n`);
    const res = await runLeo(['cache', 'import', file], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${file}:2: "namespace" must be text; nothing was imported.`);
    expect((await runLeo(['cache', 'stats'], env)).stdout).toBe(before);
  });

  it('exports the cached conversations as fine-tuning JSONL, OpenAI or Anthropic, by site, model and day', async () => {
    // Routing off: the entries keep the model each call named.
    const site = (name: string) => ({ headers: { 'x-leo-site': name, 'x-leo-route-mode': 'off' } });
    await client.chat.completions.create(
      {
        model: 'gpt-4o',
        messages: [
          { role: 'system', content: 'You are a terse CSS tutor.' },
          { role: 'user', content: 'What does flex-grow do?' },
          { role: 'assistant', content: 'It lets an item take free space.' },
          { role: 'user', content: 'And flex-shrink?' },
        ],
      },
      site('https://playground.example'),
    );
    await client.chat.completions.create({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'Name a CSS unit.' }] }, site('https://other.example'));
    await client.chat.completions.create(
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }] },
      site('https://playground.example'),
    );

    const file = join(home, 'train.jsonl');
    const openai = await runLeo(['cache', 'export', file, '--format', 'openai-chat', '--site', 'https://playground.example'], env);
    expect(openai.code).toBe(0);
    expect(openai.stderr).toMatch(/Exported 1 openai-chat training examples to .*train\.jsonl\. Left out: 1 tools or media in the conversation\./);
    const [example] = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    expect(example!.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(example!.messages[0]!.content).toBe('You are a terse CSS tutor.');
    expect(example!.messages[3]!.content).toBe('And flex-shrink?');
    expect(example!.messages[4]!.content).toMatch(/^\[simulated\]/);

    const anthropic = await runLeo(['cache', 'export', '--format', 'anthropic', '--model', 'gpt-4.1-nano'], env);
    const lines = anthropic.stdout.trim().split('\n').map((l) => JSON.parse(l) as { system?: string; messages: { role: string }[] });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.system).toBeUndefined();
    expect(lines[0]!.messages.map((m) => m.role)).toEqual(['user', 'assistant']);

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await runLeo(['cache', 'export', '--format', 'openai-chat', '--since', tomorrow], env)).stdout).toBe('');
    const bad = await runLeo(['cache', 'export', '--format', 'jsonl'], env);
    expect(bad.stderr).toMatch(/--format takes openai-chat or anthropic, not 'jsonl'/);
    expect((await runLeo(['cache', 'export', '--format', 'anthropic', '--since', 'yesterday'], env)).stderr).toMatch(/--since takes a day as YYYY-MM-DD/);
  });
});
