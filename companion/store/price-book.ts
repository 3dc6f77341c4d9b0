import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPrice, type PriceList } from '../../shared/pricing/cost.js';
import { PRICE_TABLE, type ModelPrice } from '../../shared/pricing/price-table.js';
import { isProviderId } from '../../shared/protocols/providers.js';
import { SelfHostedBook, type SelfHostedProvider } from './self-hosted-book.js';

/** The models of the user's own servers, at the price `leo providers add` gave them (zero unless given). */
function selfHostedPrices(servers: readonly SelfHostedProvider[]): PriceList {
  const day = new Date().toISOString().slice(0, 10);
  return Object.fromEntries(
    servers.flatMap((p) => p.models.map((model) => [model, { provider: p.name, ...p.price, source: `leo providers add ${p.name}`, date: day }])),
  );
}

/**
 * The price table with the user's own servers' models, and the user's overrides from
 * `prices.json` in the home, e.g.
 * `{"gpt-4o": {"provider": "openai", "input": 2.5, "output": 10, "cachedInput": 1.25}}` (USD per 1M tokens).
 */
export function loadPrices(home: string, servers: readonly SelfHostedProvider[] = new SelfHostedBook(home).list()): PriceList {
  const file = join(home, 'prices.json');
  const base = { ...PRICE_TABLE, ...selfHostedPrices(servers) };
  if (!existsSync(file)) return base;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${file} must hold an object keyed by model name.`);
  const prices: PriceList = base;
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
