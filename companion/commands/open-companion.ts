import type { CliValues } from '../cli-args.js';
import { configFromFlags, databaseUrlFrom, type CompanionConfig } from '../config.js';
import { resolveHome } from '../home.js';
import { loadLocalToken } from '../store/local-token.js';
import { loadPrices } from '../store/price-book.js';
import { openStores, type CompanionStores } from '../store/open-stores.js';
import type { PriceList } from '../../shared/pricing/cost.js';

export interface CompanionState extends CompanionStores {
  config: CompanionConfig;
  localToken: string;
  prices: PriceList;
}

/** Everything a command needs from the home and, for a team, its database, read once. */
export async function openCompanion(values: CliValues): Promise<CompanionState> {
  const config = configFromFlags(values);
  const { home } = config;
  const stores = await openStores(home, config.databaseUrl);
  return { ...stores, config, localToken: loadLocalToken(home), prices: loadPrices(home, config.selfHosted) };
}

/** Opens the stores a command reads or writes (the home's, or the team database's with `--database`), and closes them after. */
export async function withStores<T>(values: CliValues, use: (stores: CompanionStores, home: string) => T | Promise<T>): Promise<T> {
  const home = resolveHome(values.home);
  const stores = await openStores(home, databaseUrlFrom(values));
  try {
    return await use(stores, home);
  } finally {
    await stores.close();
  }
}
