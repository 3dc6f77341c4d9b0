import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator/server.js';
import { startHarness, type Harness } from '../tests/helpers/companion-harness.js';
import { runLeo } from '../tests/helpers/cli-process.js';

/** A companion whose home names a server of the user's own: "ollama", speaking the OpenAI protocol, asking for no key. */
describe("a model server of the user's own (Ollama, vLLM, LM Studio)", () => {
  let ollama: Simulator;
  let h: Harness;

  beforeAll(async () => {
    ollama = await startSimulator({ noAuth: true });
    h = await startHarness({
      homeFiles: {
        'self-hosted.json': [{ name: 'ollama', baseUrl: ollama.url, protocol: 'openai', models: ['llama3.1:8b'], price: { input: 0, output: 0 } }],
        // The user lets the router send gpt-4o's easy prompts to the local model.
        'routing.json': { tiers: { 'gpt-4o': 'llama3.1:8b' } },
      },
    });
  });

  afterAll(async () => {
    await h.close();
    await ollama.close();
  });

  const openai = (headers: Record<string, string> = {}) => new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0, defaultHeaders: headers });

  it('sends its models there, with no provider key, priced at nothing, and caches them like any other', async () => {
    const before = ollama.stats.requests;
    const { data, response } = await openai().chat.completions.create({ model: 'llama3.1:8b', messages: [{ role: 'user', content: 'Summarise the plot of Hamlet.' }] }).withResponse();
    expect(data.choices[0]!.message.content).toMatch(/^\[simulated\]/);
    expect(response.headers.get('x-leo-cache')).toBe('miss');
    expect(ollama.stats.requests).toBe(before + 1);
    expect(ollama.stats.lastRequest!.headers.authorization).toBeUndefined();
    expect(h.ledger.events().at(-1)).toMatchObject({ provider: 'ollama', requestedModel: 'llama3.1:8b', costUsd: 0 });

    const again = await openai().chat.completions.create({ model: 'llama3.1:8b', messages: [{ role: 'user', content: 'Summarise the plot of Hamlet.' }] }).withResponse();
    expect(again.response.headers.get('x-leo-cache')).toBe('exact-hit');
    expect(ollama.stats.requests).toBe(before + 1);
  });

  it('takes a model it was not told of when the caller names it with x-leo-provider, and lists its models', async () => {
    const before = ollama.stats.requests;
    await openai({ 'x-leo-provider': 'ollama' }).chat.completions.create({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: 'Write hello world in Go.' }] });
    expect(ollama.stats.requests).toBe(before + 1);
    const models = await openai().models.list();
    expect(models.data.find((m) => m.id === 'llama3.1:8b')).toMatchObject({ owned_by: 'ollama' });
  });

  it('routes a heavy model to it when the tiers say so, the answer served from it', async () => {
    const before = ollama.stats.requests;
    const { response } = await openai({ 'x-leo-route-mode': 'aggressive' }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'What is 2+2?' }] }).withResponse();
    expect(response.headers.get('x-leo-route')).toBe('gpt-4o -> llama3.1:8b');
    expect(ollama.stats.requests).toBe(before + 1);
    expect(JSON.parse(ollama.stats.lastRequest!.body).model).toBe('llama3.1:8b');
    expect(h.ledger.events().at(-1)).toMatchObject({ provider: 'ollama', reason: 'routed', requestedModel: 'gpt-4o', servedModel: 'llama3.1:8b' });
  });

  it('refuses a call in a protocol the server does not speak, saying which', async () => {
    const claude = new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
    const refused = await claude.messages.create({ model: 'llama3.1:8b', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    expect((refused as Error).message).toMatch(/ollama speaks the openai protocol and this call is anthropic-messages: call llama3\.1:8b with an OpenAI SDK/);
  });
});

describe('leo providers add NAME --protocol', () => {
  it('records a server of your own, lists it, and says what is missing', async () => {
    const env = { LEO_HOME: mkdtempSync(join(tmpdir(), 'leo-self-hosted-cli-')) };
    const added = await runLeo(['providers', 'add', 'lmstudio', '--base-url', 'http://localhost:1234', '--protocol', 'openai', '--models', 'qwen2.5-7b-instruct,phi-4'], env);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Calls for qwen2\.5-7b-instruct, phi-4 now go to http:\/\/localhost:1234 \(openai protocol, no key\), and cost nothing/);
    expect((await runLeo(['providers', 'list'], env)).stdout).toMatch(/lmstudio\s+http:\/\/localhost:1234\s+\(your own, openai protocol: qwen2\.5-7b-instruct, phi-4; free\)/);
    expect((await runLeo(['providers', 'add', 'vllm', '--base-url', 'http://gpu:8000'], env)).stderr).toMatch(/say which API it speaks: --protocol openai or --protocol anthropic/);
    expect((await runLeo(['providers', 'add', 'vllm', '--base-url', 'http://gpu:8000', '--protocol', 'openai'], env)).stderr).toMatch(/Name the models vllm serves with --models/);
    expect((await runLeo(['providers', 'add', 'other', '--base-url', 'http://x:1', '--protocol', 'openai', '--models', 'phi-4'], env)).stderr).toMatch(/phi-4 is already served by lmstudio/);
    expect((await runLeo(['providers', 'remove', 'lmstudio'], env)).stdout).toMatch(/lmstudio is no longer used/);
  });
});
