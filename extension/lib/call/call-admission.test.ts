import { describe, expect, it } from 'vitest';
import { CallAdmission } from './call-admission.js';
import { INLINE_BODY_CHARS, asAdmissionRequest } from './call-messages.js';

const limits = { charsPerOrigin: 1000, callsPerOrigin: 2, maxWaitMs: 200 };

describe('admitting calls a fair share per site', () => {
  it('admits a quiet site at once while another site has a backlog waiting', async () => {
    const admission = new CallAdmission(limits);
    const release = await admission.admit('https://flood.example', 900);
    const waiting = admission.admit('https://flood.example', 900);
    const quiet = await admission.admit('https://quiet.example', 10);
    expect(quiet).toBeTypeOf('function');
    expect(admission.inFlight('https://flood.example')).toEqual({ calls: 1, chars: 900 });
    release!();
    expect(await waiting).toBeTypeOf('function');
  });

  it('admits one call of any size when its site has nothing in flight, and holds the next behind it', async () => {
    const admission = new CallAdmission(limits);
    const big = await admission.admit('https://a.example', 50_000);
    expect(big).toBeTypeOf('function');
    const next = admission.admit('https://a.example', 10);
    await new Promise((r) => setTimeout(r, 20));
    expect(admission.inFlight('https://a.example').calls).toBe(1);
    big!();
    expect(await next).toBeTypeOf('function');
  });

  it('sends a call that waited too long to the provider as the page made it', async () => {
    const admission = new CallAdmission(limits);
    await admission.admit('https://a.example', 1000);
    const started = Date.now();
    expect(await admission.admit('https://a.example', 1000)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    // It left the line: nothing waits for it any more.
    expect(admission.inFlight('https://a.example').calls).toBe(1);
  });

  it('lets a site\'s waiting calls in, in order, as its own calls finish', async () => {
    const admission = new CallAdmission({ charsPerOrigin: 100, callsPerOrigin: 1, maxWaitMs: 1000 });
    const order: number[] = [];
    const first = await admission.admit('a', 100);
    const queued = [1, 2, 3].map((i) => admission.admit('a', 100).then((release) => (order.push(i), release)));
    first!();
    for (const pending of queued) (await pending)!();
    expect(order).toEqual([1, 2, 3]);
    expect(admission.inFlight('a')).toEqual({ calls: 0, chars: 0 });
  });

  it('lets a patient call (a site relying on the companion\'s keys) wait past the deadline for its turn', async () => {
    const admission = new CallAdmission(limits);
    const first = await admission.admit('a', 1000);
    const patient = admission.admit('a', 1000, undefined, true);
    await new Promise((r) => setTimeout(r, limits.maxWaitMs + 50));
    first!();
    expect(await patient).toBeTypeOf('function');
  });

  it('gives up waiting when the page aborts', async () => {
    const admission = new CallAdmission(limits);
    await admission.admit('a', 1000);
    const abort = new AbortController();
    const waiting = admission.admit('a', 1000, abort.signal);
    abort.abort();
    expect(await waiting).toBeUndefined();
  });

  it('says in advance whether a call of some size would wait for its turn', async () => {
    const admission = new CallAdmission(limits);
    expect(admission.admitsAtOnce('a', 900)).toBe(true);
    const release = await admission.admit('a', 900);
    expect(admission.admitsAtOnce('a', 900)).toBe(false);
    expect(admission.admitsAtOnce('b', 900)).toBe(true);
    release!();
    expect(admission.admitsAtOnce('a', 900)).toBe(true);
  });
});

describe('the admission request', () => {
  const call = { type: 'call', url: 'https://api.openai.com/v1/chat/completions', method: 'POST', headers: [], body: '{"model":"gpt-4o"}' };

  it('carries a small call along, and only one whose size it states', () => {
    expect(asAdmissionRequest({ type: 'admit', chars: call.body.length, call })?.call?.body).toBe(call.body);
    expect(asAdmissionRequest({ type: 'admit', chars: call.body.length + 1, call })).toBeUndefined();
  });

  it('refuses a large body sent along: that one must wait for its turn', () => {
    const body = 'x'.repeat(INLINE_BODY_CHARS + 1);
    expect(asAdmissionRequest({ type: 'admit', chars: body.length, call: { ...call, body } })).toBeUndefined();
    expect(asAdmissionRequest({ type: 'admit', chars: body.length })).toEqual({ type: 'admit', chars: body.length });
  });
});
