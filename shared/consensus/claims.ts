import type { CanonicalAnswer } from '../protocols/canonical/answer.js';
import type { CanonicalRequest } from '../protocols/canonical/request.js';
import { contentText } from '../protocols/canonical/request.js';
import { stableJson } from '../cache/stable-json.js';

/** What an answer claims, in the form answers are compared by. */
export type Claim =
  | { kind: 'choice'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'json'; value: string }
  | { kind: 'tool-call'; value: string }
  /** Free text: compared by the agreement of embeddings, not by equality. */
  | { kind: 'text'; text: string };

/** What the prompt asks for, which decides how its answers are read. */
export type Expected = 'choice' | 'number' | 'boolean' | 'json' | 'free';

/** A line that starts a lettered option: `A. …`, `(B) …`, `C: …`. */
export const OPTION_LINE = /^\s*\(?([A-J])[).:]\s+\S/gm;
const ASKS_NUMBER = /\b(how (many|much|long|far|old)|calculate|compute|what is the (sum|product|total|value|number|result)|answer with (a|the) number|solve for)\b/i;
const ASKS_BOOLEAN = /\b(yes or no|true or false|answer (with )?(yes|no|true|false))\b/i;

function lastUserText(request: CanonicalRequest): string {
  const last = [...request.messages].reverse().find((m) => m.role === 'user');
  return last ? contentText(last.content) : '';
}

/** Structured output as each protocol asks for it: Chat and Responses `json_object`/`json_schema`, Anthropic `output_format`, Gemini's JSON mime type. */
function asksForJson(format: unknown): boolean {
  if (typeof format !== 'object' || format === null) return false;
  const { type, mimeType } = format as { type?: unknown; mimeType?: unknown };
  return type === 'json_object' || type === 'json_schema' || mimeType === 'application/json';
}

/** Reads the request: structured output, lettered options, a yes/no question, a quantity, or free text. */
export function expectedClaim(request: CanonicalRequest): Expected {
  if (asksForJson(request.responseFormat)) return 'json';
  const prompt = `${request.system}\n${lastUserText(request)}`;
  const letters = new Set([...prompt.matchAll(OPTION_LINE)].map((m) => m[1]));
  if (letters.has('A') && letters.has('B')) return 'choice';
  if (ASKS_BOOLEAN.test(prompt)) return 'boolean';
  if (ASKS_NUMBER.test(prompt)) return 'number';
  return 'free';
}

const answerText = (answer: CanonicalAnswer) => answer.parts.map((p) => (p.type === 'text' ? p.text : '')).join('').trim();

/** A JSON object the answer is, or holds in a fenced block. */
function jsonIn(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  try {
    return JSON.parse(fenced.trim());
  } catch {
    return undefined;
  }
}

/** The value of an `answer` field when the answer is a JSON object that has one. */
function answerField(text: string): unknown {
  const json = jsonIn(text) as { answer?: unknown } | undefined;
  return typeof json === 'object' && json !== null ? json.answer : undefined;
}

function lastMatch(text: string, patterns: RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const matches = [...text.matchAll(pattern)];
    if (matches.length > 0) return matches.at(-1)![1];
  }
  return undefined;
}

function choiceIn(text: string): string | undefined {
  const field = answerField(text);
  if (typeof field === 'string' && /^\(?[A-J]\)?$/i.test(field.trim())) return field.replace(/[()]/g, '').trim().toUpperCase();
  return lastMatch(text, [
    /\banswer(?: is|:)?\s*(?:option\s*)?\**\(?([A-J])\)?\**(?![a-z])/gi,
    /\*\*\(?([A-J])\)?[.)]?\*\*/g,
    /\(([A-J])\)/g,
    /^\s*([A-J])[.)]?\s*$/gm,
  ])?.toUpperCase();
}

function numberIn(text: string): number | undefined {
  const field = answerField(text);
  if (typeof field === 'number') return field;
  if (typeof field === 'string' && field.trim() !== '' && Number.isFinite(Number(field.replace(/[$,%\s]/g, '')))) return Number(field.replace(/[$,%\s]/g, ''));
  const NUMBER = '(-?\\$?\\d[\\d,]*(?:\\.\\d+)?)';
  const raw = lastMatch(text, [new RegExp(`####\\s*${NUMBER}`, 'g'), new RegExp(`answer(?: is|:)?\\s*\\**${NUMBER}`, 'gi'), new RegExp(`\\*\\*${NUMBER}\\*\\*`, 'g'), new RegExp(NUMBER, 'g')]);
  if (raw === undefined) return undefined;
  const value = Number(raw.replace(/[$,]/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

function booleanIn(text: string): boolean | undefined {
  const field = answerField(text);
  if (typeof field === 'boolean') return field;
  const word = lastMatch(text, [/\banswer(?: is|:)?\s*\**(yes|no|true|false)\b/gi, /^\W*(yes|no|true|false)\b/gi]);
  return word === undefined ? undefined : /^(yes|true)$/i.test(word);
}

/**
 * What an answer claims, read the way the prompt asked: its tool calls when it made any, else
 * the choice, number, yes/no or JSON value the prompt asked for, else its text. Undefined for an
 * answer that does not give what was asked (a malformed answer: a dissenter).
 */
export function claimOf(answer: CanonicalAnswer, expected: Expected): Claim | undefined {
  const calls = answer.parts.flatMap((p) => (p.type === 'tool-call' ? [{ name: p.name, arguments: jsonIn(p.arguments) ?? p.arguments }] : []));
  if (calls.length > 0) return { kind: 'tool-call', value: stableJson(calls) };
  const text = answerText(answer);
  switch (expected) {
    case 'choice': {
      const value = choiceIn(text);
      return value === undefined ? undefined : { kind: 'choice', value };
    }
    case 'number': {
      const value = numberIn(text);
      return value === undefined ? undefined : { kind: 'number', value };
    }
    case 'boolean': {
      const value = booleanIn(text);
      return value === undefined ? undefined : { kind: 'boolean', value };
    }
    case 'json': {
      const value = jsonIn(text);
      return value === undefined ? undefined : { kind: 'json', value: stableJson(value) };
    }
    case 'free':
      return text === '' ? undefined : { kind: 'text', text };
  }
}

/** The claim as a key two equal claims share; free text has none (it is compared by meaning). */
export function claimKey(claim: Claim): string | undefined {
  return claim.kind === 'text' ? undefined : `${claim.kind}:${String(claim.value)}`;
}

/** The claim as a person reads it, for the ledger. */
export function describeClaim(claim: Claim): string {
  return claim.kind === 'text' ? `"${claim.text.replace(/\s+/g, ' ').slice(0, 60)}"` : `${claim.kind} ${String(claim.value).slice(0, 80)}`;
}
