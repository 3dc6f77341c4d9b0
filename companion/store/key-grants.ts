import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeSecretFile } from '../home.js';

/** One site the user lets spend the vault's keys through a paired extension. */
export interface KeyGrant {
  site: string;
  grantedAt: number;
  /** Past this many dollars spent today on the vault's keys, the site's calls go out with its own key again; null: no cap. */
  dailyCapUsd: number | null;
}

/** A page origin: what the extension names as the site of a call. */
const SITE = /^https?:\/\/[^\s/?#]{1,253}$/;

export class KeyGrantError extends Error {}

/** Checks a site and a cap as a user or an extension gave them; throws a KeyGrantError saying what is wrong. */
export function checkedGrant(site: unknown, dailyCapUsd: unknown): Pick<KeyGrant, 'site' | 'dailyCapUsd'> {
  if (typeof site !== 'string' || !SITE.test(site)) throw new KeyGrantError(`'${String(site)}' is not a site: give its origin, like https://playground.example.`);
  let origin: string;
  try {
    origin = new URL(site).origin;
  } catch {
    throw new KeyGrantError(`'${site}' is not a site address.`);
  }
  if (origin !== site) throw new KeyGrantError(`Give the site as its origin: ${origin}`);
  if (dailyCapUsd !== null && dailyCapUsd !== undefined && !(typeof dailyCapUsd === 'number' && Number.isFinite(dailyCapUsd) && dailyCapUsd >= 0)) {
    throw new KeyGrantError('The daily cap is a number of dollars, 0 or more (or none).');
  }
  return { site, dailyCapUsd: (dailyCapUsd as number | null | undefined) ?? null };
}

type Maybe<T> = T | Promise<T>;

/** The sites one user lets spend the vault's keys: a file in the home, or a team member's rows in the team's database. */
export interface GrantBook {
  list(): Maybe<KeyGrant[]>;
  get(site: string): Maybe<KeyGrant | undefined>;
  /** Grants a site, or changes its cap; the first grant's date is kept. */
  grant(site: string, dailyCapUsd: number | null): Maybe<KeyGrant>;
  /** True when the site had a grant. */
  revoke(site: string): Maybe<boolean>;
}

/**
 * The sites whose calls, forwarded by a paired extension, may use the vault's keys. Kept in
 * `key-grants.json` in the home and read again whenever it changed, so `leo grants revoke`
 * in another process counts at once. Callers with the local token (the user's own scripts)
 * need no grant.
 */
export class KeyGrants implements GrantBook {
  private readonly file: string;
  private loaded: { mtimeMs: number; grants: KeyGrant[] } | undefined;

  constructor(home: string) {
    this.file = join(home, 'key-grants.json');
  }

  list(): KeyGrant[] {
    if (!existsSync(this.file)) return [];
    const { mtimeMs } = statSync(this.file);
    if (this.loaded?.mtimeMs !== mtimeMs) this.loaded = { mtimeMs, grants: JSON.parse(readFileSync(this.file, 'utf8')) as KeyGrant[] };
    return this.loaded.grants;
  }

  get(site: string): KeyGrant | undefined {
    return this.list().find((g) => g.site === site);
  }

  /** Grants a site, or changes its cap; the first grant's date is kept. */
  grant(site: string, dailyCapUsd: number | null, now = Date.now()): KeyGrant {
    const checked = checkedGrant(site, dailyCapUsd);
    const grant: KeyGrant = { ...checked, grantedAt: this.get(site)?.grantedAt ?? now };
    this.save([...this.list().filter((g) => g.site !== site), grant]);
    return grant;
  }

  /** True when the site had a grant. */
  revoke(site: string): boolean {
    const kept = this.list().filter((g) => g.site !== site);
    if (kept.length === this.list().length) return false;
    if (kept.length === 0) {
      rmSync(this.file, { force: true });
      this.loaded = undefined;
    } else this.save(kept);
    return true;
  }

  private save(grants: KeyGrant[]): void {
    writeSecretFile(this.file, JSON.stringify(grants, null, 2));
    this.loaded = undefined;
  }
}
