import type { CanonicalAnswer } from '../../shared/protocols/canonical/answer.js';
import type { CacheEntry } from '../../shared/cache/cache-entry.js';
import type { Transcript } from '../../shared/cache/transcript.js';

/** A row of the `entries` table, as SQLite and PostgreSQL both return it. */
export interface EntryRow {
  id: number;
  namespace: string;
  exact_key: string;
  context_key: string;
  model: string;
  prompt: string | null;
  history: string;
  vector: Buffer | null;
  answer: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  hits: number;
  site: string;
  transcript: string | null;
}

/** A vector as the bytes a BLOB or BYTEA column keeps. */
export const vectorBytes = (v: Float32Array | null) => (v ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : null);

/** A copy, so the floats are aligned whatever offset the driver's buffer has. */
export const vectorOf = (b: Buffer | null) => (b ? new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)) : null);

export function entryFromRow(row: EntryRow): CacheEntry {
  return {
    id: row.id,
    namespace: row.namespace,
    exactKey: row.exact_key,
    contextKey: row.context_key,
    model: row.model,
    prompt: row.prompt,
    history: row.history,
    vector: vectorOf(row.vector),
    answer: JSON.parse(row.answer) as CanonicalAnswer,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    hits: row.hits,
    ...(row.site ? { site: row.site } : {}),
    ...(row.transcript ? { transcript: JSON.parse(row.transcript) as Transcript } : {}),
  };
}
