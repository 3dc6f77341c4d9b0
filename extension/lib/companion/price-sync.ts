import type { ModelPrice } from '../../../shared/pricing/price-table.js';
import { loadSettings, updateSettings } from '../settings/settings.js';
import { askCompanion } from './companion-api.js';

/**
 * Takes the user's price overrides from the companion (its `prices.json`), so a call the
 * extension records is priced as the companion's ledger prices it.
 */
export async function syncPrices(): Promise<void> {
  const settings = await loadSettings();
  if (!settings.pairingToken) return;
  const { overrides } = (await askCompanion(settings, '/leo/prices')) as { overrides: Record<string, ModelPrice> };
  await updateSettings({ priceOverrides: overrides });
}
