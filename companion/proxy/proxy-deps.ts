import type { PriceList } from '../../shared/pricing/cost.js';
import type { ResponseCache } from '../../shared/cache/response-cache.js';
import type { CompanionConfig } from '../config.js';
import type { Router } from '../routing/router.js';
import type { KeyVault } from '../store/key-vault.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { Team } from '../store/open-stores.js';

/** What answering a call needs: the settings, the stores, and the cache and router when they are on. */
export interface ProxyDeps {
  config: CompanionConfig;
  vault: KeyVault;
  ledger: LedgerStore;
  prices: PriceList;
  /** Present on a team companion: its members and budgets. */
  team?: Team;
  /** Absent when the cache is turned off. */
  cache?: ResponseCache;
  /** Absent when routing is not set up (tests of the bare proxy). */
  router?: Router;
}
