import { ProtocolError } from '../../shared/protocols/errors.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { TEAM_SCOPE, type Budget, type BudgetPeriod, type TeamMembers } from '../store/postgres/team-members.js';

/** Where a budget's period began: midnight UTC today, or the first of this month (UTC). */
export function periodStart(period: BudgetPeriod, now: number): number {
  const d = new Date(now);
  return period === 'day' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;

/**
 * Refuses a call that would start after the member's budget or the team's is spent, with a
 * 429 naming the budget, its limit and what was spent. Calls already under way finish.
 */
export async function checkBudgets(members: TeamMembers, ledger: LedgerStore, member: string, now = Date.now()): Promise<void> {
  for (const budget of await members.budgetsFor(member)) {
    const forTeam = budget.scope === TEAM_SCOPE;
    const spent = await ledger.spentSince!(periodStart(budget.period, now), forTeam ? undefined : member);
    if (spent >= budget.usd) throw budgetSpent(budget, spent);
  }
}

function budgetSpent(budget: Budget, spent: number): ProtocolError {
  const whose = budget.scope === TEAM_SCOPE ? "The team's" : `${budget.scope}'s`;
  const period = budget.period === 'day' ? 'daily' : 'monthly';
  return new ProtocolError(429, 'rate_limit', `${whose} ${period} budget of ${usd(budget.usd)} is spent (${usd(spent)} so far this ${budget.period}, UTC). An admin can raise it with: leo team budget ${budget.scope} USD --per ${budget.period}`);
}
