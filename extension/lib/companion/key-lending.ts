import { browser } from 'wxt/browser';
import { loadSettings, updateSettings, type LeoSettings } from '../settings/settings.js';
import { askCompanion } from './companion-api.js';

/** A site allowed to spend the user's provider keys, as the companion reports it. */
export interface KeyGrantView {
  site: string;
  grantedAt: number;
  dailyCapUsd: number | null;
  spentTodayUsd: number;
}

const GRANTS_PATH = '/leo/key-grants';

/**
 * The grants as the companion holds them; the extension's own list follows. A site the user
 * revoked here while the companion was away is revoked there now, rather than granted again.
 */
export async function loadKeyGrants(): Promise<KeyGrantView[]> {
  const settings = await loadSettings();
  const { grants } = (await askCompanion(settings, GRANTS_PATH)) as { grants: KeyGrantView[] };
  const revokedHere = grants.filter((g) => settings.keyAsks[g.site] === 'revoking');
  for (const { site } of revokedHere) await tellCompanionRevoked(settings, site);
  const kept = grants.filter((g) => !revokedHere.includes(g));
  await updateSettings({ keyGrants: Object.fromEntries(kept.map((g) => [g.site, { dailyCapUsd: g.dailyCapUsd }])) });
  return kept;
}

/** Lets `site` spend the user's keys (up to `dailyCapUsd` a day); the companion must take the grant first. */
export async function grantKeys(site: string, dailyCapUsd: number | null): Promise<void> {
  const settings = await loadSettings();
  await askCompanion(settings, GRANTS_PATH, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ site, dailyCapUsd }) });
  await updateSettings((current) => {
    const { [site]: _, ...asks } = current.keyAsks;
    return { keyGrants: { ...current.keyGrants, [site]: { dailyCapUsd } }, keyAsks: asks };
  });
  await clearAskBadges(site);
}

/**
 * Stops `site` spending the user's keys: at once in the extension, then at the companion. A
 * companion that cannot be told now is told the next time the grants are loaded.
 */
export async function revokeKeys(site: string): Promise<void> {
  const settings = await updateSettings((current) => {
    const { [site]: _, ...grants } = current.keyGrants;
    return { keyGrants: grants, keyAsks: { ...current.keyAsks, [site]: 'revoking' } };
  });
  await clearAskBadges(site);
  await tellCompanionRevoked(settings, site);
}

/** Revokes at the companion; once it knows, a later grant made there (`leo grants add`) is the user's to keep. */
async function tellCompanionRevoked(settings: LeoSettings, site: string): Promise<void> {
  await askCompanion(settings, `${GRANTS_PATH}?site=${encodeURIComponent(site)}`, { method: 'DELETE' });
  await updateSettings((current) => (current.keyAsks[site] === 'revoking' ? { keyAsks: { ...current.keyAsks, [site]: 'declined' } } : {}));
}

/**
 * The first time an ungranted site's call could have used the user's keys: remember that it
 * asked, and mark its tab, so the popup can offer the grant. Nothing is granted by this.
 */
export async function noteKeyAsk(site: string, tabId: number | undefined): Promise<void> {
  await updateSettings((current) => (current.keyAsks[site] ? {} : { keyAsks: { ...current.keyAsks, [site]: 'waiting' } }));
  if (tabId === undefined) return;
  await browser.action.setBadgeBackgroundColor({ tabId, color: '#b7791f' }).catch(() => undefined);
  await browser.action.setBadgeText({ tabId, text: 'key' }).catch(() => undefined);
}

async function clearAskBadges(site: string): Promise<void> {
  const tabs = await browser.tabs.query({ url: `${site}/*` }).catch(() => []);
  for (const tab of tabs) if (tab.id !== undefined) await browser.action.setBadgeText({ tabId: tab.id, text: '' }).catch(() => undefined);
}
