import { AzureOpenAI } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KEY, startHarness, type Harness } from '../tests/helpers/companion-harness.js';

const API_VERSION = '2024-10-21';

/** Azure OpenAI: the deployment in the path, `api-version` in the query, the key in `api-key`. */
describe('Azure OpenAI through the companion', () => {
  let h: Harness;
  let azure: AzureOpenAI;
  beforeAll(async () => {
    h = await startHarness({ simulator: { requireKey: PROVIDER_KEY } });
    // The official SDK's Azure client, with the companion as the resource and the local token as its key.
    azure = new AzureOpenAI({ endpoint: h.url, apiKey: h.token, apiVersion: API_VERSION, deployment: 'gpt-4o', maxRetries: 0 });
  });
  afterAll(() => h.close());

  it("answers the SDK's call with the vault's Azure key, then a repeat from the cache", async () => {
    const ask = () => azure.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'What does an Azure deployment name?' }] }).withResponse();
    const first = await ask();
    expect(first.data.choices[0]?.message.content).toContain('What does an Azure deployment name?');
    expect(first.response.headers.get('x-leo-cache')).toBe('miss');
    const upstream = h.simulator.stats.lastRequest!;
    expect(upstream.path).toBe(`/openai/deployments/gpt-4o/chat/completions?api-version=${API_VERSION}`);
    expect(upstream.headers['api-key']).toBe(PROVIDER_KEY);
    expect(JSON.stringify(upstream.headers)).not.toContain(h.token);

    const again = await ask();
    expect(again.response.headers.get('x-leo-cache')).toBe('exact-hit');
    expect(again.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
    const [forwarded, hit] = h.ledger.events({ limit: 2 });
    expect(forwarded).toMatchObject({ provider: 'azure', protocol: 'azure-openai-chat', requestedModel: 'gpt-4o', reason: 'passthrough' });
    expect(hit).toMatchObject({ provider: 'azure', reason: 'exact-hit' });
    expect(hit!.costAvoidedUsd).toBeGreaterThan(0);
  });

  it('streams, and never sends the deployment to another model', async () => {
    const stream = await azure.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toContain('Hi');
    // A one-word greeting would go to gpt-4o-mini on OpenAI; a deployment stands for the one model deployed under it.
    expect(h.simulator.stats.lastRequest!.path).toBe(`/openai/deployments/gpt-4o/chat/completions?api-version=${API_VERSION}`);
    expect(h.ledger.events({ limit: 1 })[0]).toMatchObject({ requestedModel: 'gpt-4o', servedModel: 'gpt-4o' });
  });

  it('takes a body that names no model, as agent frameworks send it to a deployment', async () => {
    const res = await fetch(`${h.url}/openai/deployments/my-gpt4o/chat/completions?api-version=${API_VERSION}`, {
      method: 'POST',
      headers: { 'api-key': h.token, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'No model in this body.' }] }),
    });
    expect(res.status).toBe(200);
    expect(h.simulator.stats.lastRequest!.body).not.toContain('"model"');
    expect(h.ledger.events({ limit: 1 })[0]).toMatchObject({ provider: 'azure', requestedModel: 'my-gpt4o' });
  });

  it('refuses what is not the documented form, and says so when no Azure resource is set', async () => {
    const post = (path: string, on: Harness = h) =>
      fetch(`${on.url}${path}`, { method: 'POST', headers: { 'api-key': on.token, 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }) });
    const before = h.simulator.stats.requests;
    expect((await post(`/openai/deployments/gpt-4o/chat/completions?api-version=${API_VERSION}&evil=1`)).status).toBe(400);
    expect((await post(`/openai/deployments/../chat/completions?api-version=${API_VERSION}`)).status).toBe(404);
    expect((await post(`/openai/deployments/a%2Fb/chat/completions?api-version=${API_VERSION}`)).status).toBe(404);
    expect(h.simulator.stats.requests).toBe(before);

    const unset = await startHarness({ upstreams: { azure: '' } });
    try {
      const res = await post(`/openai/deployments/gpt-4o/chat/completions?api-version=${API_VERSION}`, unset);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('No Azure OpenAI address is set: run leo providers add azure --base-url https://YOUR-RESOURCE.openai.azure.com');
    } finally {
      await unset.close();
    }
  });
});
