import { checkedGrant, type GrantBook, type KeyGrant } from '../key-grants.js';
import type { TeamDatabase } from './team-database.js';

/** The sites one team member lets their extension spend the team's keys for: each member grants their own. */
export class PgKeyGrants implements GrantBook {
  constructor(
    private readonly db: TeamDatabase,
    private readonly member: string,
  ) {}

  async list(): Promise<KeyGrant[]> {
    const { rows } = await this.db.query<KeyGrant>('SELECT site, granted_at AS "grantedAt", daily_cap_usd AS "dailyCapUsd" FROM key_grants WHERE member = $1 ORDER BY granted_at', [this.member]);
    return rows;
  }

  async get(site: string): Promise<KeyGrant | undefined> {
    const { rows } = await this.db.query<KeyGrant>('SELECT site, granted_at AS "grantedAt", daily_cap_usd AS "dailyCapUsd" FROM key_grants WHERE member = $1 AND site = $2', [this.member, site]);
    return rows[0];
  }

  async grant(site: string, dailyCapUsd: number | null, now = Date.now()): Promise<KeyGrant> {
    const checked = checkedGrant(site, dailyCapUsd);
    const { rows } = await this.db.query<KeyGrant>(
      `INSERT INTO key_grants (member, site, daily_cap_usd, granted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (member, site) DO UPDATE SET daily_cap_usd = excluded.daily_cap_usd
       RETURNING site, granted_at AS "grantedAt", daily_cap_usd AS "dailyCapUsd"`,
      [this.member, checked.site, checked.dailyCapUsd, now],
    );
    return rows[0]!;
  }

  async revoke(site: string): Promise<boolean> {
    return ((await this.db.query('DELETE FROM key_grants WHERE member = $1 AND site = $2', [this.member, site])).rowCount ?? 0) > 0;
  }
}
