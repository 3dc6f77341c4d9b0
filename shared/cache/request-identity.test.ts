import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../protocols/registry.js';
import type { ProtocolId } from '../protocols/canonical/protocol-id.js';
import type { IdentityRules } from '../protocols/canonical/identity.js';
import { CHAT_IDENTITY } from '../protocols/openai-chat/identity.js';
import { RESPONSES_IDENTITY } from '../protocols/openai-responses/identity.js';
import { MESSAGES_IDENTITY } from '../protocols/anthropic-messages/identity.js';
import { GENERATE_IDENTITY } from '../protocols/gemini/identity.js';
import { cacheQuery, type CacheQuery } from './cache-query.js';

/** The request fields an official SDK declares, read from its type definitions: a field the SDK adds is walked here too. */
function sdkFields(file: string, name: string): string[] {
  const path = `node_modules/${file}`;
  const program = ts.createProgram([path], { strict: true, skipLibCheck: true, noResolve: false });
  const checker = program.getTypeChecker();
  let fields: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.name.text === name) {
      fields = checker.getPropertiesOfType(checker.getTypeAtLocation(node.name)).map((p) => p.name);
    }
    ts.forEachChild(node, visit);
  };
  visit(program.getSourceFile(path)!);
  if (fields.length === 0) throw new Error(`${name} not found in ${file}`);
  return fields;
}

interface Protocol {
  id: ProtocolId;
  rules: IdentityRules;
  base: Record<string, unknown>;
  fields: () => string[];
}

const PROTOCOLS: Protocol[] = [
  {
    id: 'openai-chat',
    rules: CHAT_IDENTITY,
    base: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] },
    fields: () => sdkFields('openai/resources/chat/completions/completions.d.ts', 'ChatCompletionCreateParamsBase'),
  },
  {
    id: 'openai-responses',
    rules: RESPONSES_IDENTITY,
    base: { model: 'gpt-4o', input: 'Hi' },
    fields: () => sdkFields('openai/resources/responses/responses.d.ts', 'ResponseCreateParamsBase'),
  },
  {
    id: 'anthropic-messages',
    rules: MESSAGES_IDENTITY,
    base: { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] },
    // The beta request type is the stable one plus everything in beta: both spellings reach the same endpoint.
    fields: () => [
      ...new Set([
        ...sdkFields('@anthropic-ai/sdk/resources/beta/messages/messages.d.ts', 'MessageCreateParamsBase'),
        ...sdkFields('@anthropic-ai/sdk/resources/messages/messages.d.ts', 'MessageCreateParamsBase'),
        'temperature',
        'top_p',
        'top_k',
      ]),
    ],
  },
  {
    id: 'gemini',
    rules: GENERATE_IDENTITY,
    base: { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] },
    // The REST request body (ai.google.dev API reference, models.generateContent).
    fields: () => ['contents', 'tools', 'toolConfig', 'safetySettings', 'systemInstruction', 'generationConfig', 'cachedContent'],
  },
];

/** Values tried in turn for a field, until one parses: the key must notice whichever it is. */
const CANDIDATES: unknown[] = [
  0.5,
  'x',
  true,
  ['x'],
  { type: 'enabled', budget_tokens: 1024 },
  { x: 1 },
  // One tool list each protocol's parser reads as a tool.
  [{ type: 'function', function: { name: 'f', parameters: {} }, name: 'f', input_schema: {}, functionDeclarations: [{ name: 'f' }] }],
];

async function queryFor(protocol: Protocol, body: Record<string, unknown>): Promise<CacheQuery | undefined> {
  try {
    return await cacheQuery(ADAPTERS[protocol.id].parseRequest(body, { model: 'gemini-2.5-flash', stream: false }));
  } catch {
    return undefined;
  }
}

describe('the cache key holds every field that can change the answer', () => {
  for (const protocol of PROTOCOLS) {
    it(`${protocol.id}: changing any field the SDK declares changes the key, unless it is on the commented list of fields that cannot`, async () => {
      const base = (await queryFor(protocol, protocol.base))!;
      const walked: string[] = [];
      const wrong: string[] = [];
      for (const field of protocol.fields()) {
        if (field === 'model' || protocol.rules.conversation.includes(field)) continue;
        let changed: CacheQuery | undefined;
        for (const value of CANDIDATES) {
          changed = await queryFor(protocol, { ...protocol.base, [field]: value });
          if (changed) break;
        }
        if (!changed) {
          wrong.push(`${field}: no value parses`);
          continue;
        }
        walked.push(field);
        const sameKey = changed.keys.exact === base.keys.exact;
        if (protocol.rules.providerState.includes(field)) {
          if (!changed.bypass) wrong.push(`${field}: points at provider state, yet is cacheable`);
        } else if (Object.hasOwn(protocol.rules.ignored, field)) {
          if (!sameKey) wrong.push(`${field}: on the ignored list, yet changes the key`);
        } else if (sameKey) wrong.push(`${field}: changes the answer, yet not the key`);
      }
      expect(wrong).toEqual([]);
      expect(walked.length).toBeGreaterThan(5);
    }, 60_000);
  }

  it.each([
    ['openai-chat', { messages: [{ role: 'user', content: 'Hi', name: 'alice' }] }],
    ['openai-chat', { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' }, strict: true } }] }],
    ['anthropic-messages', { messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'boom', is_error: true }] }] }],
    ['gemini', { tools: [{ googleSearch: {} }] }],
    ['gemini', { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } }],
  ] as const)('%s: a change inside the turns or tools (%j) changes the key too', async (id, change) => {
    const protocol = PROTOCOLS.find((p) => p.id === id)!;
    const plain = { ...protocol.base };
    if (id === 'anthropic-messages') plain.messages = [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'boom' }] }];
    if (id === 'openai-chat' && 'tools' in change) plain.tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    const before = (await queryFor(protocol, plain))!;
    const after = (await queryFor(protocol, { ...plain, ...change }))!;
    expect(after.keys.exact).not.toBe(before.keys.exact);
  });

  it('keeps a field named __proto__ as a field', async () => {
    const chat = PROTOCOLS[0]!;
    const base = (await queryFor(chat, chat.base))!;
    const changed = (await queryFor(chat, JSON.parse('{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"__proto__":{"temperature":2}}')))!;
    expect(changed.keys.exact).not.toBe(base.keys.exact);
  });

  it('for random requests, changing any one field the SDK declares changes the key, or the field is on the ignore list', async () => {
    for (const protocol of PROTOCOLS) {
      const fields = protocol.fields().filter((f) => f !== 'model' && !protocol.rules.conversation.includes(f) && !protocol.rules.providerState.includes(f));
      const value = fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), fc.string({ maxLength: 8 }), fc.boolean(), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.integer()));
      const request = fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 6 });
      await fc.assert(
        fc.asyncProperty(request, fc.constantFrom(...fields), value, async (extra, field, changedValue) => {
          const base = await queryFor(protocol, { ...protocol.base, ...extra });
          const changed = await queryFor(protocol, { ...protocol.base, ...extra, [field]: changedValue });
          // Only requests both sides of which the parser accepts reach the cache.
          if (!base || !changed || JSON.stringify(extra[field]) === JSON.stringify(changedValue)) return;
          if (Object.hasOwn(protocol.rules.ignored, field)) expect(changed.keys.exact).toBe(base.keys.exact);
          else expect(changed.keys.exact).not.toBe(base.keys.exact);
        }),
        { numRuns: 150 },
      );
    }
  }, 60_000);

  it('a field nobody knows yet (a provider adds one next month) makes a request miss rather than hit', async () => {
    const chat = PROTOCOLS[0]!;
    const base = (await queryFor(chat, chat.base))!;
    const known = new Set(['model', 'messages', ...Object.keys(CHAT_IDENTITY.ignored)]);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 12 }).filter((name) => !known.has(name)),
        fc.jsonValue().filter((v) => v !== null),
        async (name, value) => {
          const changed = await queryFor(chat, { ...chat.base, [name]: value });
          // A value the parser refuses never reaches the cache at all.
          if (changed) expect(changed.keys.exact).not.toBe(base.keys.exact);
        },
      ),
      { numRuns: 300 },
    );
  });
});
