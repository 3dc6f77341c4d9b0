import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROVIDERS, PROVIDER_IDS } from '../../shared/protocols/providers.js';
import type { CliValues } from '../cli-args.js';
import { configFromFlags, DEFAULT_PORT } from '../config.js';
import { resolveHome } from '../home.js';
import { KeyVault } from '../store/key-vault.js';
import { KeyGrants } from '../store/key-grants.js';
import { Ledger } from '../store/ledger.js';
import { loadLocalToken } from '../store/local-token.js';
import { loadPrices } from '../store/price-book.js';
import { COMPANION_HEADER } from '../../shared/companion-contract.js';
import type { Check } from '../doctor/check.js';
import { checkProviderKey } from '../doctor/provider-key-check.js';
import { pairingCheck } from '../doctor/pairing-check.js';
import { serviceCheck, serviceLogTail } from '../doctor/service-check.js';
import { serviceLogFile } from '../service/service-spec.js';
import { teamDatabaseCheck } from '../doctor/team-check.js';


function privateFile(path: string, what: string): Check {
  if (!existsSync(path)) return { ok: 'warn', text: `${what} does not exist yet (${path})` };
  const mode = statSync(path).mode & 0o777;
  return mode & 0o077
    ? { ok: false, text: `${what} is readable by others (mode ${mode.toString(8)})`, fix: `chmod 600 ${path}` }
    : { ok: true, text: `${what} is private (mode ${mode.toString(8)})` };
}

function attempt(what: string, fix: string, run: () => string): Check {
  try {
    return { ok: true, text: `${what}: ${run()}` };
  } catch (err) {
    return { ok: false, text: `${what}: ${(err as Error).message}`, fix };
  }
}

async function companionCheck(port: number, token: string | undefined): Promise<Check> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(2000) });
    if (res.ok) return { ok: true, text: `the companion answers on 127.0.0.1:${port}` };
    if (token === undefined && res.headers.get(COMPANION_HEADER)) return { ok: true, text: `a team companion answers on 127.0.0.1:${port}` };
    if (res.headers.get(COMPANION_HEADER)) {
      return { ok: false, text: `a companion on port ${port} refuses this home's token (${res.status})`, fix: 'start it with the same --home or LEO_HOME' };
    }
    return { ok: false, text: `something else answers on port ${port} (${res.status})`, fix: 'stop it, or run leo start --port N' };
  } catch {
    return { ok: 'warn', text: `no companion is running on 127.0.0.1:${port} (start it with: leo start)` };
  }
}

/** Checks the setup and says, for each problem, how to fix it. Exit code 1 when anything failed. */
export async function runDoctor(values: CliValues): Promise<number> {
  const home = resolveHome(values.home);
  const checks: Check[] = [];
  const [major] = process.versions.node.split('.').map(Number);
  checks.push(major! >= 20 ? { ok: true, text: `Node ${process.versions.node}` } : { ok: false, text: `Node ${process.versions.node} is too old`, fix: 'install Node 20 or newer' });
  const homeMode = statSync(home).mode & 0o777;
  checks.push(homeMode & 0o077 ? { ok: false, text: `home ${home} is open to others (mode ${homeMode.toString(8)})`, fix: `chmod 700 ${home}` } : { ok: true, text: `home ${home}` });

  const token = loadLocalToken(home);
  checks.push(privateFile(join(home, 'token'), 'the local token'));
  checks.push(privateFile(join(home, 'vault.key'), 'the vault key'));
  checks.push(privateFile(join(home, 'keys.json'), 'the encrypted keys'));
  // Each key is tried with its provider below, once the vault is known to open.
  let vault: KeyVault | undefined;
  checks.push(
    attempt('provider keys', 'the vault key does not match keys.json: remove both and add your keys again', () => {
      const opened = KeyVault.ofHome(home);
      const keys = opened.list();
      vault = opened;
      return keys.length ? keys.map((k) => `${k.provider} ${k.masked}`).join(', ') : 'none (add one with: leo keys add openai)';
    }),
  );
  checks.push(
    attempt('ledger', `move ${join(home, 'ledger.sqlite')} aside; a new one is made at start`, () => {
      const ledger = new Ledger(home);
      try {
        const integrity = ledger.db.pragma('integrity_check', { simple: true });
        if (integrity !== 'ok') throw new Error(`integrity check says ${String(integrity)}`);
        return `${ledger.totals().calls} calls recorded, integrity ok`;
      } finally {
        ledger.close();
      }
    }),
  );
  checks.push(attempt('prices', `fix or remove ${join(home, 'prices.json')}`, () => `${Object.keys(loadPrices(home)).length} models priced`));
  checks.push(
    attempt('sites lent your keys', `fix or remove ${join(home, 'key-grants.json')}`, () => {
      const sites = new KeyGrants(home).list();
      return sites.length ? sites.map((g) => `${g.site}${g.dailyCapUsd === null ? '' : ` (cap $${g.dailyCapUsd}/day)`}`).join(', ') : 'none (the extension lends them only to sites you allow in its popup)';
    }),
  );
  let config;
  try {
    config = configFromFlags(values);
    const custom = PROVIDER_IDS.filter((id) => config!.upstreams[id] !== PROVIDERS[id].baseUrl);
    checks.push({ ok: true, text: `upstreams: ${custom.length ? custom.map((id) => `${id} → ${config!.upstreams[id]}`).join(', ') : 'the providers’ own APIs'}` });
  } catch (err) {
    checks.push({ ok: false, text: `settings: ${(err as Error).message}`, fix: 'correct the flag or LEO_* variable named above' });
  }
  if (config?.databaseUrl) {
    const team = await teamDatabaseCheck(home, config.databaseUrl);
    checks.push(...team.checks);
    vault = team.vault;
  }
  if (config && vault) {
    const opened = vault;
    checks.push(...(await Promise.all(opened.list().map(({ provider }) => checkProviderKey(provider, opened.get(provider)!, config!.upstreams[provider])))));
  }
  // A team companion takes member tokens only: that it answers at all is what there is to check.
  const companion = await companionCheck(config?.port ?? DEFAULT_PORT, config?.databaseUrl ? undefined : token);
  checks.push(companion, pairingCheck(home), serviceCheck(home));
  // A checkout can build the extension; an installed package cannot, and has nothing to say about it.
  if (existsSync(resolve(import.meta.dirname, '../../node_modules/wxt'))) {
    const manifest = resolve(import.meta.dirname, '../../.output/chrome-mv3/manifest.json');
    checks.push(existsSync(manifest) ? { ok: true, text: 'the extension is built (.output/chrome-mv3)' } : { ok: 'warn', text: 'the extension is not built (npm run build)' });
  }

  for (const check of checks) {
    const mark = check.ok === true ? '✓' : check.ok === 'warn' ? '!' : '✗';
    console.log(`${mark} ${check.text}${check.ok === false ? `\n    fix: ${check.fix}` : ''}`);
  }
  const failed = checks.filter((c) => c.ok === false).length;
  const notes = checks.filter((c) => c.ok === 'warn').length;
  const tail = companion.ok === true ? [] : serviceLogTail(home);
  if (tail.length) console.log(`\nThe end of the service's log (${serviceLogFile(home)}):\n${tail.map((line) => `    ${line}`).join('\n')}`);
  console.log(failed ? `\n${failed} problem${failed === 1 ? '' : 's'} found.` : `\nNo problems${notes ? ` (${notes} note${notes === 1 ? '' : 's'} marked !)` : ''}.`);
  return failed ? 1 : 0;
}
