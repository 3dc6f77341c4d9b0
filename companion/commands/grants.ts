import type { CliValues } from '../cli-args.js';
import { resolveHome } from '../home.js';
import { KeyGrants } from '../store/key-grants.js';
import { Ledger } from '../store/ledger.js';
import { keyGrantViews } from '../routes/key-grant-routes.js';

const USAGE = 'leo grants list | add SITE [--cap USD] | revoke SITE';

/** `leo grants`: which sites a paired extension may let spend your provider keys, and what each spent today. */
export async function runGrants(values: CliValues, [action, site]: string[]): Promise<number> {
  const home = resolveHome(values.home);
  const grants = new KeyGrants(home);
  switch (action) {
    case 'list': {
      const ledger = new Ledger(home);
      try {
        const views = await keyGrantViews(grants, ledger);
        if (views.length === 0) console.log('No site may use your keys through the extension. Grant one in its popup, or: leo grants add https://site.example');
        for (const g of views) {
          const cap = g.dailyCapUsd === null ? 'no daily cap' : `daily cap $${g.dailyCapUsd}`;
          console.log(`${g.site}  spent today $${g.spentTodayUsd.toFixed(4)}  ${cap}  granted ${new Date(g.grantedAt).toISOString().slice(0, 10)}`);
        }
      } finally {
        ledger.close();
      }
      return 0;
    }
    case 'add': {
      if (!site) throw new Error(`Which site? ${USAGE}`);
      const cap = values.cap === undefined ? null : Number(values.cap);
      if (cap !== null && !(Number.isFinite(cap) && cap >= 0)) throw new Error(`--cap takes a number of dollars, got '${values.cap}'.`);
      const grant = grants.grant(site, cap);
      console.log(`${grant.site} may now use your keys through the extension${grant.dailyCapUsd === null ? '' : `, up to $${grant.dailyCapUsd} a day`}.`);
      return 0;
    }
    case 'revoke': {
      if (!site) throw new Error(`Which site? ${USAGE}`);
      console.log(grants.revoke(site) ? `${site} may no longer use your keys.` : `${site} had no grant.`);
      return 0;
    }
    default:
      throw new Error(USAGE);
  }
}
