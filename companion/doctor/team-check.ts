import type { Check } from './check.js';
import type { KeyVault } from '../store/key-vault.js';
import { openStores } from '../store/open-stores.js';
import { safeDatabaseUrl } from '../store/postgres/team-database.js';

/**
 * A team companion's database: reachable and of this version, who its members are, and the
 * provider keys it holds (opened with this home's vault key). Hands the team's vault on, so
 * its keys are the ones tried with their providers.
 */
export async function teamDatabaseCheck(home: string, url: string): Promise<{ checks: Check[]; vault?: KeyVault }> {
  const where = safeDatabaseUrl(url);
  let stores;
  try {
    stores = await openStores(home, url);
  } catch (err) {
    return { checks: [{ ok: false, text: `team database: ${(err as Error).message}`, fix: 'check --database or LEO_DATABASE_URL, and that the server runs and lets this user in' }] };
  }
  try {
    const members = await stores.team!.members.list();
    const admins = members.filter((m) => m.role === 'admin').length;
    const checks: Check[] = [
      admins > 0
        ? { ok: true, text: `team database ${where}: ${members.length} member${members.length === 1 ? '' : 's'}, ${admins} admin${admins === 1 ? '' : 's'}` }
        : { ok: 'warn', text: `team database ${where}: no admin yet (leo team add NAME --role admin)` },
    ];
    try {
      const keys = stores.vault.list();
      checks.push({ ok: true, text: `team provider keys: ${keys.length ? keys.map((k) => `${k.provider} ${k.masked}`).join(', ') : 'none (leo keys add openai --database …)'}` });
      return { checks, vault: stores.vault };
    } catch (err) {
      checks.push({ ok: false, text: `team provider keys: ${(err as Error).message}`, fix: "set LEO_VAULT_KEY (or this home's vault.key) to the team's vault key" });
      return { checks };
    }
  } finally {
    await stores.close();
  }
}
