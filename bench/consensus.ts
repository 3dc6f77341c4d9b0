/**
 * Consensus, measured two ways.
 *
 * Accuracy: every multiple-choice (MMLU) and math (GSM8K) prompt of routing-dev.jsonl, asked of
 * panels whose members are the strong and the weak model as recorded (their real outcomes on
 * each prompt), simulated members with chosen error rates, and an adversarial member that is
 * wrong whenever it can and sides with any other wrong answer. A wrong multiple-choice answer
 * picks one of the three other options at random; a wrong number is its own. The panel's
 * verdict comes from the product's own decision code (shared/consensus). Nothing here is
 * fitted: the quorum rule is fixed.
 *
 * Latency: a panel of four simulated providers answering after 100, 200, 300 and 400 ms,
 * through the companion, against a single call to each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decidePanel, type MemberOutcome } from '../shared/consensus/panel-decision.js';
import type { Claim } from '../shared/consensus/claims.js';
import { startSimulator } from '../companion/simulator/server.js';
import { startHarness } from '../tests/helpers/companion-harness.js';
import { DATASETS, saveResult } from './machine.js';

interface Row {
  source: string;
  prompt: string;
  strong_correct: boolean;
  weak_correct: boolean;
}

/** A seeded generator, so every run draws the same simulated answers. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

type Member = { name: string; correct: (row: Row, i: number) => boolean } | { name: string; adversarial: true };

function wrongClaim(row: Row, draw: () => number, who: string): Claim {
  if (row.source === 'gsm8k') return { kind: 'number', value: -1 - Math.floor(draw() * 1e9) - who.length };
  return { kind: 'choice', value: ['W1', 'W2', 'W3'][Math.floor(draw() * 3)]! };
}

const valueOf = (c: Claim) => (c.kind === 'text' ? c.text : String(c.value));

const CORRECT = (row: Row): Claim => (row.source === 'gsm8k' ? { kind: 'number', value: 0 } : { kind: 'choice', value: 'RIGHT' });

function panelOutcome(members: Member[], row: Row, i: number, draw: () => number) {
  const honest: MemberOutcome[] = [];
  for (const m of members) {
    if ('adversarial' in m) continue;
    honest.push({ model: m.name, claim: m.correct(row, i) ? CORRECT(row) : wrongClaim(row, draw, m.name) });
  }
  const adversaries = members.filter((m) => 'adversarial' in m).map((m): MemberOutcome => {
    // Sides with the most common wrong answer among the others, or makes one up.
    const wrong = honest.map((o) => o.claim!).filter((c) => valueOf(c) !== valueOf(CORRECT(row)));
    const support = (c: Claim) => wrong.filter((w) => valueOf(w) === valueOf(c)).length;
    const best = [...wrong].sort((a, b) => support(b) - support(a))[0];
    return { model: m.name, claim: best ?? wrongClaim(row, draw, m.name) };
  });
  const verdict = decidePanel([...honest, ...adversaries], members.length);
  const chosenRight = verdict.chosen?.claim !== undefined && valueOf(verdict.chosen.claim) === valueOf(CORRECT(row));
  return { quorum: verdict.quorumReached, chosenRight };
}

function accuracy(rows: Row[]) {
  const simulated = (name: string, errorRate: number, seed: number): Member => {
    const draw = random(seed);
    const outcomes = rows.map(() => draw() >= errorRate);
    return { name, correct: (_row, i) => outcomes[i]! };
  };
  const strong: Member = { name: 'strong (recorded)', correct: (row) => row.strong_correct };
  const weak: Member = { name: 'weak (recorded)', correct: (row) => row.weak_correct };
  const sim10 = simulated('simulated, 10% wrong', 0.1, 11);
  const sim20 = simulated('simulated, 20% wrong', 0.2, 22);
  const adversary: Member = { name: 'adversarial', adversarial: true };
  const singles = [strong, weak, sim10, sim20].map((m) => {
    const right = rows.filter((row, i) => ('correct' in m ? m.correct(row, i) : false)).length;
    return { member: m.name, accuracy: right / rows.length };
  });
  const panels = [
    { panel: 'strong, weak, 10%, 20%', members: [strong, weak, sim10, sim20] },
    { panel: 'strong, weak, 10%, adversarial', members: [strong, weak, sim10, adversary] },
    { panel: 'strong, 10%, 20%, adversarial', members: [strong, sim10, sim20, adversary] },
  ].map(({ panel, members }) => {
    const draw = random(99);
    const results = rows.map((row, i) => panelOutcome(members, row, i, draw));
    const agreedRight = results.filter((r) => r.quorum && r.chosenRight).length;
    const agreedWrong = results.filter((r) => r.quorum && !r.chosenRight).length;
    const bestRight = results.filter((r) => r.chosenRight).length;
    return {
      panel,
      /** Of all prompts: the panel agreed (3 of 4) on the right answer, agreed on a wrong one, or had no quorum. */
      agreedRight: agreedRight / rows.length,
      agreedWrong: agreedWrong / rows.length,
      noQuorum: (rows.length - agreedRight - agreedWrong) / rows.length,
      /** Of the prompts where it agreed: how often the agreed answer was right. */
      precisionWhenAgreed: agreedRight / Math.max(1, agreedRight + agreedWrong),
      /** With `x-leo-consensus-no-quorum: best`: the best-supported answer always. */
      bestEffortAccuracy: bestRight / rows.length,
    };
  });
  return { prompts: rows.length, singles, panels };
}

async function latency() {
  const delays = [100, 200, 300, 400];
  const providers = ['openai', 'anthropic', 'google', 'xai'] as const;
  const models = ['gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'grok-3'];
  const simulators = await Promise.all(delays.map((latencyMs) => startSimulator({ latencyMs })));
  const h = await startHarness({ upstreams: Object.fromEntries(providers.map((p, i) => [p, simulators[i]!.url])) });
  try {
    const time = async (headers: Record<string, string>, model: string, n: number) => {
      const res = await fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'x-leo-route-mode': 'off', 'cache-control': 'no-store, no-cache', ...headers },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: `Which planet is largest? (${n})\nA. Mars\nB. Jupiter\nC. Venus\nD. Earth` }] }),
      });
      const started = performance.now();
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - started };
    };
    const runs = 10;
    const measure = async (headers: Record<string, string>, model: string) => {
      const times: number[] = [];
      for (let n = 0; n < runs; n++) {
        const started = performance.now();
        const { status } = await time(headers, model, n);
        if (status !== 200) throw new Error(`HTTP ${status}`);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
    };
    const single = Object.fromEntries(await Promise.all(models.map(async (m) => [m, await measure({}, m)] as const)));
    const panel = await measure({ 'x-leo-consensus': models.join(',') }, 'gpt-4o');
    const slowest = Math.max(...Object.values(single));
    const quorumTh = [...Object.values(single)].sort((a, b) => a - b)[2]!;
    return { memberDelaysMs: delays, singleP50Ms: single, consensusP50Ms: panel, overSlowestMs: panel - slowest, overThirdFastestMs: panel - quorumTh };
  } finally {
    await h.close();
    await Promise.all(simulators.map((s) => s.close()));
  }
}

export async function benchConsensus() {
  const rows = readFileSync(join(DATASETS, 'routing-dev.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
  const mmlu = accuracy(rows.filter((r) => r.source.startsWith('mmlu/')));
  const gsm8k = accuracy(rows.filter((r) => r.source === 'gsm8k'));
  const timing = await latency();
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  for (const [name, r] of [['MMLU', mmlu], ['GSM8K', gsm8k]] as const) {
    console.log(`${name} (${r.prompts} prompts): single members ${r.singles.map((s) => `${s.member} ${pct(s.accuracy)}`).join(', ')}`);
    for (const p of r.panels) console.log(`  panel ${p.panel}: agreed right ${pct(p.agreedRight)}, agreed wrong ${pct(p.agreedWrong)}, no quorum ${pct(p.noQuorum)}; right when agreed ${pct(p.precisionWhenAgreed)}; best-effort ${pct(p.bestEffortAccuracy)}`);
  }
  console.log(`latency p50: consensus ${timing.consensusP50Ms.toFixed(0)} ms; single members ${Object.entries(timing.singleP50Ms).map(([m, t]) => `${m} ${t.toFixed(0)}`).join(', ')} ms; ${timing.overSlowestMs.toFixed(0)} ms over the slowest, ${timing.overThirdFastestMs.toFixed(0)} ms over the third fastest`);
  const report = { mmlu, gsm8k, latency: timing };
  return { file: saveResult('consensus', report), report };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchConsensus();
