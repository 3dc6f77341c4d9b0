import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../team/roles.js';
import type { TeamDatabase } from './team-database.js';

export interface Member {
  name: string;
  role: Role;
  createdAt: number;
}

export type BudgetPeriod = 'day' | 'month';

/** A spending limit on one member, or on the whole team (scope `team`). */
export interface Budget {
  scope: string;
  usd: number;
  period: BudgetPeriod;
}

/** The budget scope that means everyone; no member may take the name. */
export const TEAM_SCOPE = 'team';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function checkMemberName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/.test(name)) throw new Error(`'${name}' is not a member name: letters, digits and . _ @ - (up to 64), starting with a letter or digit.`);
  if (name === TEAM_SCOPE) throw new Error(`'${TEAM_SCOPE}' names the whole team's budget; pick another member name.`);
  return name;
}

/**
 * The team's members, their roles and budgets. A member's token is shown once, when made;
 * only its hash is kept, and every call looks it up afresh, so a removal holds at once on
 * every companion.
 */
export class TeamMembers {
  constructor(private readonly db: TeamDatabase) {}

  /** Adds a member and returns the token to hand them. */
  async add(name: string, role: Role, now = Date.now()): Promise<string> {
    checkMemberName(name);
    const token = `leo_member_${randomBytes(24).toString('base64url')}`;
    const { rowCount } = await this.db.query('INSERT INTO members (name, role, token_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING', [name, role, hashOf(token), now]);
    if (!rowCount) throw new Error(`${name} is already a member; leo team remove ${name} first to give them a new token.`);
    return token;
  }

  async list(): Promise<Member[]> {
    const { rows } = await this.db.query<Member>('SELECT name, role, created_at AS "createdAt" FROM members ORDER BY name');
    return rows;
  }

  async remove(name: string): Promise<boolean> {
    return this.db.transaction(async (client) => {
      await client.query('DELETE FROM budgets WHERE scope = $1', [name]);
      return ((await client.query('DELETE FROM members WHERE name = $1', [name])).rowCount ?? 0) > 0;
    });
  }

  async setRole(name: string, role: Role): Promise<boolean> {
    return ((await this.db.query('UPDATE members SET role = $2 WHERE name = $1', [name, role])).rowCount ?? 0) > 0;
  }

  async byToken(token: string): Promise<Member | undefined> {
    const { rows } = await this.db.query<Member>('SELECT name, role, created_at AS "createdAt" FROM members WHERE token_hash = $1', [hashOf(token)]);
    return rows[0];
  }

  async byName(name: string): Promise<Member | undefined> {
    const { rows } = await this.db.query<Member>('SELECT name, role, created_at AS "createdAt" FROM members WHERE name = $1', [name]);
    return rows[0];
  }

  async setBudget(budget: Budget): Promise<void> {
    if (budget.scope !== TEAM_SCOPE && !(await this.exists(budget.scope))) throw new Error(`${budget.scope} is not a member (leo team list shows them); use '${TEAM_SCOPE}' for the whole team.`);
    await this.db.query('INSERT INTO budgets (scope, usd, period) VALUES ($1, $2, $3) ON CONFLICT (scope) DO UPDATE SET usd = excluded.usd, period = excluded.period', [budget.scope, budget.usd, budget.period]);
  }

  async removeBudget(scope: string): Promise<boolean> {
    return ((await this.db.query('DELETE FROM budgets WHERE scope = $1', [scope])).rowCount ?? 0) > 0;
  }

  async budgets(): Promise<Budget[]> {
    return (await this.db.query<Budget>('SELECT scope, usd, period FROM budgets ORDER BY scope')).rows;
  }

  /** The budgets a member's call answers to: their own and the team's. */
  async budgetsFor(name: string): Promise<Budget[]> {
    return (await this.db.query<Budget>('SELECT scope, usd, period FROM budgets WHERE scope = $1 OR scope = $2', [name, TEAM_SCOPE])).rows;
  }

  private async exists(name: string): Promise<boolean> {
    return ((await this.db.query('SELECT 1 FROM members WHERE name = $1', [name])).rowCount ?? 0) > 0;
  }
}
