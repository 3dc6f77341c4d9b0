import type { CliValues } from '../cli-args.js';
import { databaseUrlFrom } from '../config.js';
import { TEAM_SCOPE, type BudgetPeriod } from '../store/postgres/team-members.js';
import { periodStart } from '../team/budget-check.js';
import { isRole, ROLES } from '../team/roles.js';
import { withStores } from './open-companion.js';
import { formatTable } from './stats.js';

const USAGE = `usage: leo team add NAME --role admin|member|viewer     (prints the member's token, once)
       leo team list
       leo team remove NAME
       leo team role NAME admin|member|viewer
       leo team budget NAME|team USD --per month|day
       leo team budget NAME|team off
  each with --database postgres://… or LEO_DATABASE_URL`;

function roleFrom(raw: string | undefined): (typeof ROLES)[number] {
  if (raw === undefined || !isRole(raw)) throw new Error(`The role must be one of ${ROLES.join(', ')}${raw === undefined ? '' : `, not '${raw}'`}.\n${USAGE}`);
  return raw;
}

const money = (usd: number) => `$${usd.toFixed(4)}`;

/** `leo team`: the members of a team companion, their roles and budgets, on the team's database. */
export async function runTeam(values: CliValues, [action, name, amount]: string[]): Promise<number> {
  if (databaseUrlFrom(values) === undefined) throw new Error(`leo team works on a team's database: pass --database postgres://… or set LEO_DATABASE_URL.\n${USAGE}`);
  return withStores(values, async ({ team, ledger }) => {
    const { members } = team!;
    switch (action) {
      case 'add': {
        if (!name) throw new Error(USAGE);
        const role = roleFrom(values.role);
        const token = await members.add(name, role);
        console.log(`Added ${name} (${role}). Their token, shown this once (only its hash is kept):\n\n  ${token}\n\nThey use it as the API key, with the team companion's URL as the base URL.`);
        return 0;
      }
      case 'list': {
        const monthStart = periodStart('month', Date.now());
        const spent = new Map((await ledger.byMember!(monthStart)).map((m) => [m.member, m]));
        const budgets = new Map((await members.budgets()).map((b) => [b.scope, b]));
        const budgetText = (scope: string) => {
          const b = budgets.get(scope);
          return b ? `${money(b.usd)}/${b.period}` : '-';
        };
        const rows = (await members.list()).map((m) => [m.name, m.role, money(spent.get(m.name)?.costUsd ?? 0), money(spent.get(m.name)?.costAvoidedUsd ?? 0), budgetText(m.name)]);
        if (rows.length === 0) console.log('No members yet. Add one with: leo team add NAME --role admin');
        else console.log(formatTable(['member', 'role', 'spent this month', 'saved this month', 'budget'], rows));
        console.log(`\nTeam budget: ${budgetText(TEAM_SCOPE)}`);
        return 0;
      }
      case 'remove': {
        if (!name) throw new Error(USAGE);
        const removed = await members.remove(name);
        console.log(removed ? `Removed ${name}; their token is refused from now on, on every companion.` : `${name} is not a member.`);
        return removed ? 0 : 1;
      }
      case 'role': {
        if (!name) throw new Error(USAGE);
        const role = roleFrom(amount);
        if (!(await members.setRole(name, role))) throw new Error(`${name} is not a member.`);
        console.log(`${name} is now a ${role}.`);
        return 0;
      }
      case 'budget': {
        if (!name || amount === undefined) throw new Error(USAGE);
        if (amount === 'off') {
          console.log((await members.removeBudget(name)) ? `Removed the budget of ${name}.` : `${name} had no budget.`);
          return 0;
        }
        const usd = Number(amount.replace(/^\$/, ''));
        if (!Number.isFinite(usd) || usd < 0) throw new Error(`The budget is an amount in USD, like 25 or 7.50; got '${amount}'.`);
        const period = (values.per ?? 'month') as BudgetPeriod;
        if (period !== 'month' && period !== 'day') throw new Error(`--per takes month or day, not '${values.per}'.`);
        await members.setBudget({ scope: name, usd, period });
        console.log(`${name === TEAM_SCOPE ? 'The team' : name} may spend ${money(usd)} per ${period} (UTC); calls past it get a 429 naming the budget.`);
        return 0;
      }
      default:
        throw new Error(USAGE);
    }
  });
}
