import type { FastifyRequest } from 'fastify';
import { ProtocolError } from '../../shared/protocols/errors.js';
import type { GrantBook } from '../store/key-grants.js';
import type { LedgerStore } from '../store/ledger-store.js';

/** Whose grants a call answers to: the home's, or on a team companion the calling member's. */
export type GrantsOf = (request: FastifyRequest) => GrantBook;

/** The team member whose token made the call; undefined outside team mode. */
export function memberOf(request: FastifyRequest): string | undefined {
  return request.caller?.kind === 'member' ? request.caller.name : undefined;
}

/** Local midnight: a daily cap counts from there. */
export function startOfDay(now: number): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/**
 * A paired extension calls on behalf of a page; the pairing token alone does not let that
 * page spend the vault's keys. The site must hold a grant the user gave, and be under its
 * daily cap. (The user's own clients, with the local token, and team members need neither.) A refusal carries
 * the companion's error header, so the extension sends the page's own request instead.
 */
export async function checkKeyLending(request: FastifyRequest, grantsOf: GrantsOf, ledger: LedgerStore, now = Date.now()): Promise<void> {
  const { caller } = request;
  if (caller?.kind === 'local') return;
  // A member's own scripts send no Origin and need no grant; their extension does, and lends the team's keys only to the sites that member granted.
  if (caller?.kind === 'member' && request.headers.origin === undefined) return;
  const site = request.headers['x-leo-site'];
  const grant = typeof site === 'string' ? await grantsOf(request).get(site) : undefined;
  if (!grant) {
    throw new ProtocolError(403, 'permission', `${typeof site === 'string' ? site : 'This site'} may not use your provider keys: grant it in the LEO Optima popup or Options.`);
  }
  if (grant.dailyCapUsd === null) return;
  const spent = (await ledger.spentBySite(startOfDay(now), memberOf(request))).get(grant.site) ?? 0;
  if (spent >= grant.dailyCapUsd) {
    throw new ProtocolError(429, 'rate_limit', `${grant.site} has spent $${spent.toFixed(4)} on your keys today, its daily cap is $${grant.dailyCapUsd}.`);
  }
}
