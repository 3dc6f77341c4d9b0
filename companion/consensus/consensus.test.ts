import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server.js';
import { startHarness, type Harness } from '../../tests/helpers/companion-harness.js';
import type { ProviderId } from '../../shared/protocols/providers.js';

/** A four-member panel, each model on its own provider, each provider its own simulator. */
const PANEL = ['gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'grok-3'] as const;
const PROVIDER_OF: Record<(typeof PANEL)[number], ProviderId> = { 'gpt-4o': 'openai', 'claude-sonnet-4-5': 'anthropic', 'gemini-2.5-pro': 'google', 'grok-3': 'xai' };
const MEMBER_TIMEOUT_MS = 5000;

const QUESTION = `Which gas makes up most of Earth's atmosphere?
A. Oxygen
B. Nitrogen
C. Argon
D. Carbon dioxide`;

interface Panel {
  h: Harness;
  simulators: Simulator[];
  close(): Promise<void>;
}

/** A companion whose panel members' providers are simulators with the given behaviours (index as in PANEL). */
async function panelWith(behaviours: SimulatorOptions[]): Promise<Panel> {
  const simulators = await Promise.all(PANEL.map((_, i) => startSimulator(behaviours[i] ?? {})));
  const upstreams = Object.fromEntries(PANEL.map((model, i) => [PROVIDER_OF[model], simulators[i]!.url]));
  const h = await startHarness({ upstreams, config: { consensus: { panel: [...PANEL], memberTimeoutMs: MEMBER_TIMEOUT_MS, noQuorum: 'error' } } });
  return {
    h,
    simulators,
    async close() {
      await h.close();
      await Promise.all(simulators.map((s) => s.close()));
    },
  };
}

const openai = (h: Harness, headers: Record<string, string> = { 'x-leo-consensus': 'on' }) => new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0, defaultHeaders: headers });

async function askPanel(h: Harness, prompt = QUESTION, headers?: Record<string, string>) {
  const { data, response } = await openai(h, headers).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }).withResponse();
  return { text: data.choices[0]!.message.content ?? '', consensus: response.headers.get('x-leo-consensus'), cache: response.headers.get('x-leo-cache') };
}

/** The ledger's member events of the last consensus call, once all four are recorded. */
async function memberEvents(h: Harness) {
  let events: { requestedModel: string; detail: string; costUsd: number | null }[] = [];
  for (let i = 0; i < 100; i++) {
    events = h.ledger.events().filter((e) => e.detail.startsWith('consensus'));
    const lastPanel = /^consensus (\w+)/.exec(events.at(-1)?.detail ?? '')?.[1];
    events = events.filter((e) => e.detail.startsWith(`consensus ${lastPanel}`));
    if (events.length === PANEL.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return Object.fromEntries(events.map((e) => [e.requestedModel, e]));
}

describe('consensus: a panel of four tolerates one faulty member', () => {
  let panel: Panel;
  afterAll(() => panel?.close());

  it('one member answers wrongly: the agreed answer comes back, with who agreed and who did not in the ledger', async () => {
    panel = await panelWith([{}, {}, {}, { persona: 'wrong' }]);
    const answer = await askPanel(panel.h);
    expect(answer.consensus).toBe('3/4 agree');
    const honest = /The answer is \(([A-D])\)/.exec(answer.text)?.[1];
    expect(honest).toBeDefined();
    const events = await memberEvents(panel.h);
    expect(Object.keys(events).sort()).toEqual([...PANEL].sort());
    for (const model of ['gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-pro']) expect(events[model]!.detail).toMatch(/3\/4 agree.*: agreed$/);
    expect(events['grok-3']!.detail).toMatch(/dissented: choice [A-D]/);
    expect(events['grok-3']!.detail).not.toContain(`choice ${honest}`);
    // Every member's call is billed, the dissenter's too.
    for (const e of Object.values(events)) expect(e.costUsd).toBeGreaterThan(0);
    for (const s of panel.simulators) expect(s.stats.requests).toBe(1);

    // The dashboard sets what the panel cost against one call.
    const dashboard = await fetch(`${panel.h.url}/leo/dashboard.json`, { headers: { authorization: `Bearer ${panel.h.token}` } }).then((r) => r.json());
    expect(dashboard.consensus).toMatchObject({ panel: [...PANEL], answers: 1, memberCalls: 4 });
    expect(dashboard.consensus.costUsd).toBeCloseTo(Object.values(events).reduce((n, e) => n + e.costUsd!, 0), 10);
    expect(dashboard.consensus.singleCallUsd).toBeCloseTo(dashboard.consensus.costUsd / 4, 10);
  });

  it('compares free text by meaning: the wrong member talks of something else and dissents', async () => {
    const answer = await askPanel(panel.h, 'Explain in two sentences why the sky looks blue.');
    expect(answer.consensus).toBe('3/4 agree');
    expect(answer.text).toContain('why the sky looks blue');
    const events = await memberEvents(panel.h);
    expect(events['grok-3']!.detail).toMatch(/dissented: "The answer|dissented: "\[simulated\] Unrelated/);
  });

  it('a repeat is answered from the cache, keyed by the panel: no member is asked again', async () => {
    const before = panel.simulators.map((s) => s.stats.requests);
    const again = await askPanel(panel.h);
    expect(again.cache).toBe('exact-hit');
    expect(panel.simulators.map((s) => s.stats.requests)).toEqual(before);
    // The same question to one model is another cache entry.
    const single = await openai(panel.h, {}).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: QUESTION }] }).withResponse();
    expect(single.response.headers.get('x-leo-cache')).toBe('miss');
    expect(single.response.headers.get('x-leo-consensus')).toBeNull();
  });

  it('speaks the caller protocol: an Anthropic SDK caller gets the agreed answer as a Messages stream', async () => {
    const claude = new Anthropic({ apiKey: panel.h.token, baseURL: panel.h.url, maxRetries: 0, defaultHeaders: { 'x-leo-consensus': PANEL.join(',') } });
    const stream = claude.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 300, messages: [{ role: 'user', content: `${QUESTION}\n(Answer briefly.)` }] });
    const message = await stream.finalMessage();
    const { response } = await stream.withResponse();
    expect(response.headers.get('x-leo-consensus')).toBe('3/4 agree');
    expect(message.content.map((c) => (c.type === 'text' ? c.text : '')).join('')).toMatch(/^The answer is \([A-D]\)/);
  });
});

describe('consensus: slow and silent members', { timeout: 20_000 }, () => {
  let panel: Panel;
  afterAll(() => panel?.close());

  it('answers once a quorum agrees, without waiting for a slow member, and bills the slow one when it answers', async () => {
    panel = await panelWith([{}, { latencyMs: 3000 }, {}, {}]);
    const started = Date.now();
    const answer = await askPanel(panel.h, `${QUESTION}\n(slow member)`);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(answer.consensus).toBe('3/4 agree');
    const events = await memberEvents(panel.h);
    expect(events['claude-sonnet-4-5']!.detail).toMatch(/: agreed$/);
  });

  it('a member that never answers is a dissenter past its deadline, not a failure of the call', async () => {
    await panel.close();
    panel = await panelWith([{}, {}, { latencyMs: 60_000 }, {}]);
    const answer = await askPanel(panel.h, `${QUESTION}\n(silent member)`);
    expect(answer.consensus).toBe('3/4 agree');
    const events = await memberEvents(panel.h);
    expect(events['gemini-2.5-pro']!.detail).toMatch(/failed: no answer within its deadline of 5000 ms/);
  });
});

describe('consensus: two faulty members of four', () => {
  let panel: Panel;
  beforeAll(async () => {
    panel = await panelWith([{}, { persona: 'wrong' }, {}, { requireKey: 'a-key-the-vault-does-not-hold' }]);
  });
  afterAll(() => panel?.close());

  it('is a no-quorum error by default, naming what each member said', async () => {
    const refused = await askPanel(panel.h).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    const error = refused as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    expect(error.headers?.get('x-leo-consensus')).toBe('2/4 agree; no-quorum');
    expect(error.message).toMatch(/No quorum: 2 of 4 panel members agree, 3 needed/);
    expect(error.message).toMatch(/grok-3: HTTP 401/);
  });

  it('with x-leo-consensus-no-quorum: best, answers with the best-supported answer, marked', async () => {
    const answer = await askPanel(panel.h, `${QUESTION}\n(best effort)`, { 'x-leo-consensus': 'on', 'x-leo-consensus-no-quorum': 'best' });
    expect(answer.consensus).toBe('2/4 agree; no-quorum');
    expect(answer.text).toMatch(/^The answer is \([A-D]\)/);
    // An answer without a quorum is not cached.
    expect((await askPanel(panel.h, `${QUESTION}\n(best effort)`, { 'x-leo-consensus': 'on', 'x-leo-consensus-no-quorum': 'best' })).cache).toBe('miss');
  });

  it('refuses a panel it cannot ask, before asking anyone', async () => {
    const before = panel.simulators.map((s) => s.stats.requests);
    const single = await askPanel(panel.h, QUESTION, { 'x-leo-consensus': 'gpt-4o' }).catch((e: unknown) => e);
    expect((single as Error).message).toMatch(/names one model; a panel needs at least two/);
    const twice = await askPanel(panel.h, QUESTION, { 'x-leo-consensus': 'gpt-4o,gpt-4o' }).catch((e: unknown) => e);
    expect((twice as Error).message).toMatch(/named twice/);
    expect(panel.simulators.map((s) => s.stats.requests)).toEqual(before);
  });
});
