import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPrice, type PriceList } from '../../shared/pricing/cost.js';
import { PRICE_TABLE, type ModelPrice } from '../../shared/pricing/price-table.js';
import { isProviderId } from '../../shared/protocols/providers.js';

/**
 * The price table with the user's overrides from `prices.json` in the home, e.g.
 * `{"gpt-4o": {"provider": "openai", "input": 2.5, "output": 10, "cachedInput": 1.25}}` (USD per 1M tokens).
 */
export function loadPrices(home: string): PriceList {
  const file = join(home, 'prices.json');
  if (!existsSync(file)) return PRICE_TABLE;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${file} must hold an object keyed by model name.`);
  const prices: PriceList = { ...PRICE_TABLE };
  for (const [model, raw] of Object.entries(parsed as Record<string, Partial<ModelPrice>>)) {
    const base = findPrice(model, PRICE_TABLE);
    const provider = raw.provider ?? base?.provider;
    if (!provider || !isProviderId(provider) || typeof (raw.input ?? base?.input) !== 'number' || typeof (raw.output ?? base?.output) !== 'number') {
      throw new Error(`${file}: '${model}' needs a known provider and numeric input and output prices.`);
    }
    prices[model] = { ...base, ...raw, provider, source: `user override (${file})`, date: raw.date ?? new Date().toISOString().slice(0, 10) } as ModelPrice;
  }
  return prices;
}
