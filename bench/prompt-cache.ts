/**
 * An agent session of 24 steps against Claude Sonnet 4.5 through the companion: a long system
 * prompt and tools sent on every step, a conversation that grows by a tool call and its result
 * each time. Played twice on fresh simulators, once as sent and once with `x-leo-prompt-cache:
 * auto`; the ledger's sums say what each cost.
 */
import { saveResult } from './machine.js';
import { startHarness } from '../tests/helpers/companion-harness.js';

const STEPS = 24;
const SYSTEM = 'You are a coding agent working in a TypeScript monorepo. Read before you write, keep changes small, run the tests after each change, and report what you did. '.repeat(30);
const TOOLS = ['read_file', 'write_file', 'run_tests', 'search_code'].map((name) => ({
  name,
  description: `${name.replace('_', ' ')} in the repository; paths are relative to its root. `.repeat(6),
  input_schema: { type: 'object', properties: { path: { type: 'string' }, query: { type: 'string' } } },
}));

type Message = { role: 'user' | 'assistant'; content: unknown };

async function playSession(hints: boolean) {
  const h = await startHarness();
  try {
    const messages: Message[] = [{ role: 'user', content: 'Find why the parser drops trailing commas, fix it, and add a test.' }];
    for (let step = 0; step < STEPS; step++) {
      const res = await fetch(`${h.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': h.token, 'anthropic-version': '2023-06-01', 'content-type': 'application/json', 'x-leo-route-mode': 'off', 'x-leo-cache-mode': 'off', 'x-leo-prompt-cache': hints ? 'auto' : 'off' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 1024, system: SYSTEM, tools: TOOLS, messages }),
      });
      const answer = (await res.json()) as { content: { type: string; id?: string }[] };
      if (res.status !== 200) throw new Error(`step ${step}: ${res.status} ${JSON.stringify(answer)}`);
      const call = answer.content.find((b) => b.type === 'tool_use');
      messages.push({ role: 'assistant', content: answer.content });
      // The tool's result: a file's worth of text, as agents send back.
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call?.id ?? `step-${step}`, content: `// src/parser/step-${step}.ts\n${'export const rule = (input: string) => input.trim();\n'.repeat(20)}` }] });
    }
    const events = h.ledger.events();
    const sum = (f: (e: (typeof events)[number]) => number) => events.reduce((total, e) => total + f(e), 0);
    return {
      calls: events.length,
      inputTokensFullRate: sum((e) => e.usage.inputTokens - e.usage.cachedInputTokens - e.usage.cacheWriteTokens),
      cacheReadTokens: sum((e) => e.usage.cachedInputTokens),
      cacheWriteTokens: sum((e) => e.usage.cacheWriteTokens),
      outputTokens: sum((e) => e.usage.outputTokens),
      costUsd: sum((e) => e.costUsd ?? 0),
    };
  } finally {
    await h.close();
  }
}

export async function benchPromptCache() {
  const off = await playSession(false);
  const auto = await playSession(true);
  const report = { steps: STEPS, model: 'claude-sonnet-4-5', off, auto, costRatio: auto.costUsd / off.costUsd };
  console.log(`prompt cache over ${STEPS} agent steps: $${off.costUsd.toFixed(4)} as sent, $${auto.costUsd.toFixed(4)} with breakpoints placed (${(report.costRatio * 100).toFixed(0)}%)`);
  return { file: saveResult('prompt-cache', report), report };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPromptCache();
