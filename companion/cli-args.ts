import type { parseArgs } from 'node:util';

/** The flags every `leo` command understands. */
export const CLI_OPTIONS = {
  port: { type: 'string' },
  home: { type: 'string' },
  upstream: { type: 'string', multiple: true },
  log: { type: 'boolean' },
  days: { type: 'string' },
  'latency-ms': { type: 'string' },
  'tokens-per-sec': { type: 'string' },
  'require-key': { type: 'string' },
  namespace: { type: 'string' },
  events: { type: 'boolean' },
  export: { type: 'string' },
  conversations: { type: 'boolean' },
  search: { type: 'string' },
  limit: { type: 'string' },
  cap: { type: 'string' },
  'base-url': { type: 'string' },
  apply: { type: 'boolean' },
  database: { type: 'string' },
  host: { type: 'string' },
  'public-host': { type: 'string', multiple: true },
  role: { type: 'string' },
  per: { type: 'string' },
  format: { type: 'string' },
  protocol: { type: 'string' },
  models: { type: 'string' },
  'price-input': { type: 'string' },
  'price-output': { type: 'string' },
  site: { type: 'string' },
  model: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  undo: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parseArgs<{ options: typeof CLI_OPTIONS; allowPositionals: true }>>['values'];

/** Parses a whole-number flag, or says which flag is wrong. */
export function intFlag(values: CliValues, name: 'port' | 'days' | 'latency-ms' | 'tokens-per-sec' | 'limit'): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number, got '${raw}'.`);
  return n;
}
