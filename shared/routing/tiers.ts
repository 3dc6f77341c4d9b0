import { modelFamily } from '../cache/model-family.js';

/**
 * Which lighter model of the same provider may answer for a heavier one. Keyed by model
 * family (no snapshot date); the companion's config adds to or overrides it.
 */
export const DEFAULT_TIERS: Readonly<Record<string, string>> = {
  'gpt-5': 'gpt-5-mini',
  'gpt-4.1': 'gpt-4.1-mini',
  'gpt-4o': 'gpt-4o-mini',
  'gpt-4-turbo': 'gpt-4o-mini',
  o3: 'o4-mini',
  'claude-opus-4-5': 'claude-haiku-4-5',
  'claude-sonnet-4-5': 'claude-haiku-4-5',
  'claude-opus-4-1': 'claude-haiku-4-5',
  'claude-opus-4': 'claude-haiku-4-5',
  'claude-sonnet-4': 'claude-haiku-4-5',
  'claude-3-7-sonnet': 'claude-3-5-haiku',
  'claude-3-5-sonnet': 'claude-3-5-haiku',
  'gemini-2.5-pro': 'gemini-2.5-flash',
  'gemini-1.5-pro': 'gemini-1.5-flash',
  'mistral-large': 'mistral-small',
  'grok-4': 'grok-3-mini',
  'llama-3.3-70b-versatile': 'llama-3.1-8b-instant',
};

/** The lighter model for `model`, or undefined when it has none. */
export function lighterModel(model: string, tiers: Readonly<Record<string, string>> = DEFAULT_TIERS): string | undefined {
  const lighter = tiers[model] ?? tiers[modelFamily(model)];
  return lighter === undefined || lighter === model ? undefined : lighter;
}

/** A model named with its snapshot date (`gpt-4o-2024-08-06`): the caller pinned that exact model. */
export function isPinnedSnapshot(model: string): boolean {
  return /(-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8})$/.test(model);
}
