import type { CanonicalUsage } from '../protocols/canonical/usage.js';
import { PRICE_TABLE, type ModelPrice } from './price-table.js';

export type PriceList = Record<string, ModelPrice>;

const SNAPSHOT_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2}|latest|preview(-\d{2}-\d{2})?|\d{3,4})$/;

/**
 * Finds the price of a model as callers spell it: dated snapshots (`gpt-4o-2024-08-06`,
 * `claude-sonnet-4-20250514`), `-latest` aliases and `models/` or vendor prefixes included.
 * A model missing from the table has no price rather than a guessed one.
 */
export function findPrice(model: string, prices: PriceList = PRICE_TABLE): ModelPrice | undefined {
  const candidates = [model, model.replace(/^models\//, ''), model.replace(/^[\w.-]+\//, '')];
  for (const name of candidates) {
    const price = prices[name] ?? prices[name.replace(SNAPSHOT_SUFFIX, '')];
    if (price) return price;
  }
  // No guessing from a shorter name: `claude-opus-4-6` is not priced like `claude-opus-4`.
  return undefined;
}

/**
 * OpenAI bills `service_tier: "flex"` at its Batch API rates, half the standard price, with
 * prompt-cache discounts on top (openai.com/api/pricing). Other providers' flex tiers (Groq's)
 * cost the same as on demand.
 */
const FLEX_FACTOR: Partial<Record<ModelPrice['provider'], number>> = { openai: 0.5 };

/** What a call with this usage costs, in USD, or undefined for a model without a price. */
export function costOf(usage: CanonicalUsage, price: ModelPrice | undefined): number | undefined {
  if (!price) return undefined;
  // A long prompt is billed at the long-context rates, for the whole call.
  const rates = price.longContext && usage.inputTokens > price.longContext.aboveInputTokens ? price.longContext : price;
  const hour = Math.min(usage.cacheWrite1hTokens ?? 0, usage.cacheWriteTokens);
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens);
  const fiveMinuteWrite = rates.cacheWrite ?? rates.input;
  const dollars =
    uncached * rates.input +
    usage.cachedInputTokens * (rates.cachedInput ?? rates.input) +
    (usage.cacheWriteTokens - hour) * fiveMinuteWrite +
    hour * (rates.cacheWrite1h ?? fiveMinuteWrite) +
    usage.outputTokens * rates.output;
  const tier = usage.serviceTier === 'flex' ? (FLEX_FACTOR[price.provider] ?? 1) : 1;
  return (dollars * tier) / 1_000_000;
}
