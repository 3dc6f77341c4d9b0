import type { CliValues } from '../cli-args.js';
import { configFromFlags, type CompanionConfig } from '../config.js';
import { KeyVault } from '../store/key-vault.js';
import { Ledger } from '../store/ledger.js';
import { loadLocalToken } from '../store/local-token.js';
import { loadPrices } from '../store/price-book.js';
import type { PriceList } from '../../shared/pricing/cost.js';

export interface CompanionState {
  config: CompanionConfig;
  localToken: string;
  vault: KeyVault;
  ledger: Ledger;
  prices: PriceList;
}

/** Everything a command needs from the home, read once. */
export function openCompanion(values: CliValues): CompanionState {
  const config = configFromFlags(values);
  const { home } = config;
  return { config, localToken: loadLocalToken(home), vault: new KeyVault(home), ledger: new Ledger(home), prices: loadPrices(home) };
}
