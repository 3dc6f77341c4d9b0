import type { AnswerPart, CanonicalAnswer, StopReason } from '../protocols/canonical/answer.js';
import { PROTOCOL_IDS, type ProtocolId } from '../protocols/canonical/protocol-id.js';
import { isObject, type JsonObject } from '../protocols/json-shape.js';
import type { CacheEntry, NewCacheEntry } from './cache-entry.js';
import type { Transcript } from './transcript.js';
import { decodeVector, encodeVectors } from '../embedding/vector-codec.js';

/** One line of `leo cache export`: an entry with its vectors in base64, so an import need not re-embed. */
export function exportLine(entry: CacheEntry): string {
  const base64 = (v: Float32Array | null) => (v ? encodeVectors([v]) : null);
  return JSON.stringify({
    namespace: entry.namespace,
    exactKey: entry.exactKey,
    contextKey: entry.contextKey,
    model: entry.model,
    prompt: entry.prompt,
    history: entry.history,
    vector: base64(entry.vector),
    answer: entry.answer,
    createdAt: entry.createdAt,
    lastUsedAt: entry.lastUsedAt,
    expiresAt: entry.expiresAt,
    hits: entry.hits,
    ...(entry.site !== undefined ? { site: entry.site } : {}),
    ...(entry.transcript ? { transcript: entry.transcript } : {}),
  });
}

/** A transcript as exported: instructions, text turns of user and assistant, and whether that was all. */
function transcriptOf(value: unknown): Transcript | undefined {
  if (value === undefined) return undefined;
  const ok =
    isObject(value) &&
    typeof value.system === 'string' &&
    typeof value.textOnly === 'boolean' &&
    Array.isArray(value.turns) &&
    value.turns.every((t) => isObject(t) && (t.role === 'user' || t.role === 'assistant') && typeof t.text === 'string');
  if (!ok) throw new Error('"transcript" must have "system", "turns" of user and assistant text, and "textOnly"');
  return value as unknown as Transcript;
}

const STOP_REASONS: StopReason[] = ['stop', 'length', 'tool-calls', 'stop-sequence', 'content-filter', 'error'];
const USAGE_FIELDS = ['inputTokens', 'outputTokens', 'cachedInputTokens', 'cacheWriteTokens', 'reasoningTokens'] as const;

function field<T>(row: JsonObject, name: string, ok: (v: unknown) => v is T, what: string): T {
  if (!ok(row[name])) throw new Error(`"${name}" must be ${what}`);
  return row[name];
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

function vectorOf(row: JsonObject, name: string): Float32Array | null {
  const raw = field(row, name, isStringOrNull, 'base64 text or null');
  if (raw === null) return null;
  const vector = decodeVector(raw);
  if (!vector) throw new Error(`"${name}" is not a vector of 32-bit floats`);
  if (!vector.every(Number.isFinite)) throw new Error(`"${name}" holds a value that is not a finite number`);
  return vector;
}

function answerOf(value: unknown): CanonicalAnswer {
  if (!isObject(value)) throw new Error('"answer" must be an object');
  const parts = field(value, 'parts', Array.isArray, 'an array').map((p: unknown): AnswerPart => {
    const itemId = isObject(p) && isString(p.itemId) ? { itemId: p.itemId } : {};
    if (isObject(p) && p.type === 'text' && isString(p.text)) return { type: 'text', text: p.text, ...itemId };
    if (isObject(p) && p.type === 'tool-call' && isString(p.id) && isString(p.name) && isString(p.arguments)) return { type: 'tool-call', id: p.id, name: p.name, arguments: p.arguments, ...itemId };
    if (isObject(p) && p.type === 'provider-block' && (PROTOCOL_IDS as readonly string[]).includes(String(p.protocol)) && isObject(p.block)) return { type: 'provider-block', protocol: p.protocol as ProtocolId, block: p.block };
    throw new Error('"answer.parts" holds a part that is neither text, a tool call nor a provider block');
  });
  const usage = isObject(value.usage) ? value.usage : {};
  for (const name of USAGE_FIELDS) if (!isNumber(usage[name]) || (usage[name] as number) < 0) throw new Error(`"answer.usage.${name}" must be a number`);
  const stopReason = value.stopReason as StopReason;
  if (!STOP_REASONS.includes(stopReason)) throw new Error(`"answer.stopReason" must be one of ${STOP_REASONS.join(', ')}`);
  return {
    id: field(value, 'id', isString, 'text'),
    model: field(value, 'model', isString, 'text'),
    parts,
    stopReason,
    ...(isString(value.stopSequence) ? { stopSequence: value.stopSequence } : {}),
    usage: {
      ...(Object.fromEntries(USAGE_FIELDS.map((n) => [n, usage[n]])) as unknown as CanonicalAnswer['usage']),
      ...(isNumber(usage.cacheWrite1hTokens) && usage.cacheWrite1hTokens >= 0 ? { cacheWrite1hTokens: usage.cacheWrite1hTokens } : {}),
      ...(isString(usage.serviceTier) ? { serviceTier: usage.serviceTier } : {}),
    },
    created: field(value, 'created', isNumber, 'a number'),
  };
}

/** Reads one exported line back, or throws saying what is wrong with it. */
export function parseExportLine(line: string): NewCacheEntry {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    throw new Error('not JSON');
  }
  if (!isObject(row)) throw new Error('not a JSON object');
  const entry: NewCacheEntry = {
    namespace: field(row, 'namespace', isString, 'text'),
    exactKey: field(row, 'exactKey', isString, 'text'),
    contextKey: field(row, 'contextKey', isString, 'text'),
    model: field(row, 'model', isString, 'text'),
    prompt: field(row, 'prompt', isStringOrNull, 'text or null'),
    history: field(row, 'history', isString, 'text'),
    vector: vectorOf(row, 'vector'),
    answer: answerOf(row.answer),
    createdAt: field(row, 'createdAt', isNumber, 'a number'),
    lastUsedAt: field(row, 'lastUsedAt', isNumber, 'a number'),
    expiresAt: field(row, 'expiresAt', isNumber, 'a number'),
    hits: field(row, 'hits', isNumber, 'a number'),
  };
  if (row.site !== undefined) entry.site = field(row, 'site', isString, 'text');
  const transcript = transcriptOf(row.transcript);
  if (transcript) entry.transcript = transcript;
  if ((entry.prompt === null) !== (entry.vector === null)) throw new Error('"prompt" and "vector" must both be present or both be null');
  return entry;
}
