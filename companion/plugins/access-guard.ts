import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_KEY_HEADERS } from '../../shared/protocols/credentials.js';
import { CONSENSUS_HEADER, CONSENSUS_NO_QUORUM_HEADER, PROMPT_CACHE_HEADER } from '../../shared/companion-contract.js';
import { ProtocolError } from '../../shared/protocols/errors.js';
import { tokensEqual } from '../store/local-token.js';
import type { Pairings } from '../store/pairings.js';
import type { DashboardLinks } from '../store/dashboard-links.js';
import type { TeamMembers } from '../store/postgres/team-members.js';
import { ROLE_POWERS, roleAtLeast, type Role } from '../team/roles.js';
import type { RateLimiter } from '../team/rate-limiter.js';

/** What a team companion checks beyond one person's: member tokens, roles, its public names and each token's rate. */
export interface TeamAccess {
  members: TeamMembers;
  publicHosts: readonly string[];
  limiter: RateLimiter;
}

/**
 * Who is calling: the user's own client with the local token, a paired extension on behalf
 * of a page, or the dashboard page with its session cookie (which opens the dashboard alone).
 */
export type Caller = { kind: 'local' } | { kind: 'extension'; origin: string } | { kind: 'dashboard' } | { kind: 'member'; name: string; role: Role };

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}

/** The one route a caller without a token may use: an extension trading a `leo pair` code for its token. */
export const PAIR_ROUTE = '/leo/pair';
/** Where a `leo dashboard` link leads: its one-time code is checked by the route itself. */
export const DASHBOARD_OPEN_ROUTE = '/leo/dashboard/open';
/** What the dashboard's session cookie opens, and nothing else. */
export const DASHBOARD_PATHS = new Set(['/', '/leo/dashboard.json']);
export const DASHBOARD_COOKIE = 'leo_dashboard';

function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The Host header's name without its port; a page on a rebound domain sends its own name here. */
function hostName(host: string | undefined): string {
  if (!host) return '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
}

/** The credential a client presents, in whichever header its SDK uses. */
function presentedToken(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  for (const name of API_KEY_HEADERS.filter((h) => h !== 'authorization')) {
    const value = request.headers[name];
    if (typeof value === 'string') return value.trim();
  }
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.key === 'string' ? query.key : undefined;
}

const CORS_HEADERS = {
  'access-control-allow-methods': 'GET, POST, PUT, DELETE',
  'access-control-allow-headers': [...API_KEY_HEADERS, 'content-type', 'anthropic-version', 'x-leo-site', 'x-leo-provider', 'x-leo-namespace', 'x-leo-cache-mode', 'x-leo-route-mode', PROMPT_CACHE_HEADER, CONSENSUS_HEADER, CONSENSUS_NO_QUORUM_HEADER, 'cache-control'].join(', '),
  'access-control-expose-headers': 'x-leo-cache, x-leo-route, x-leo-companion, x-leo-consensus, retry-after',
  'access-control-max-age': '600',
};

/** Browser extensions' origins: a team companion opens CORS to them, since members' extensions call it with member tokens. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[a-z0-9-]+$/;

/** The role a team caller needs: admin for the team's own routes, member to call the API (every POST), viewer for the rest. */
function roleNeeded(method: string, path: string): Role {
  if (path.startsWith('/leo/team')) return 'admin';
  return method === 'GET' || method === 'HEAD' ? 'viewer' : 'member';
}

/** A team companion's answer to a token: its member, refused when the role falls short or the token calls too fast. */
async function teamCaller(team: TeamAccess, token: string, request: FastifyRequest, path: string): Promise<Caller> {
  const member = await team.members.byToken(token);
  if (!member) throw new ProtocolError(401, 'authentication', 'Invalid credentials: this team companion takes member tokens (an admin makes one with leo team add NAME).');
  const needed = roleNeeded(request.method, path);
  if (!roleAtLeast(member.role, needed)) {
    throw new ProtocolError(403, 'permission', `This needs the ${needed} role (a ${needed} ${ROLE_POWERS[needed]}); ${member.name} is a ${member.role}. An admin can change it with: leo team role ${member.name} ${needed}`);
  }
  const retryAfter = team.limiter.take(member.name);
  if (retryAfter !== undefined) {
    throw Object.assign(new ProtocolError(429, 'rate_limit', `${member.name} is calling faster than this companion allows per member token; retry in ${retryAfter} s.`), { retryAfter });
  }
  return { kind: 'member', name: member.name, role: member.role };
}

/**
 * Refuses every request that does not name a host the companion answers to (loopback, or a
 * team companion's public names: DNS rebinding) or does not carry a token it knows: the local
 * token or a paired extension's token, or on a team companion a member's token, which is
 * required on every call. A pairing token is only good from its own extension's origin, and
 * CORS opens for paired origins alone (on a team companion, for extensions). Nothing else of
 * the companion runs before these checks pass.
 */
export function registerAccessGuard(app: FastifyInstance, localToken: string, pairings: Pairings, dashboard: DashboardLinks, team?: TeamAccess): void {
  app.decorateRequest<Caller | null>('caller', null);
  const hosts = new Set([...LOOPBACK_HOSTS, ...(team?.publicHosts ?? [])]);
  app.addHook('onRequest', async (request, reply) => {
    const host = hostName(request.headers.host).toLowerCase();
    if (!hosts.has(host)) {
      throw new ProtocolError(403, 'permission', `The companion only answers requests addressed to ${[...hosts].join(', ')}, not '${host}'.`);
    }
    const origin = request.headers.origin;
    if (origin !== undefined && (team ? EXTENSION_ORIGIN.test(origin) : pairings.isPaired(origin))) {
      reply.header('access-control-allow-origin', origin).header('vary', 'origin');
      if (request.method === 'OPTIONS') return reply.code(204).headers(CORS_HEADERS).send();
    }
    if (request.method === 'POST' && request.url === PAIR_ROUTE && !team) return;
    const path = request.url.split('?')[0]!;
    if (request.method === 'GET' && path === DASHBOARD_OPEN_ROUTE) return;
    const session = cookie(request, DASHBOARD_COOKIE);
    const holder = request.method === 'GET' && DASHBOARD_PATHS.has(path) && session !== undefined ? dashboard.sessionHolder(session) : undefined;
    if (holder?.member === undefined && holder !== undefined) {
      request.caller = { kind: 'dashboard' };
      return;
    }
    // A member's session is only as good as their membership now: a removal or a new role counts at once.
    const member = holder?.member !== undefined && team ? await team.members.byName(holder.member) : undefined;
    if (member) {
      request.caller = { kind: 'member', name: member.name, role: member.role };
      return;
    }
    const token = presentedToken(request);
    if (token === undefined || token === '') {
      const hint = DASHBOARD_PATHS.has(path) ? ' For the dashboard, open the link `leo dashboard` prints.' : '';
      throw new ProtocolError(401, 'authentication', `Missing credentials: send the local token (leo token) as Authorization: Bearer or x-api-key.${hint}`);
    }
    if (team) {
      request.caller = await teamCaller(team, token, request, path);
      return;
    }
    if (tokensEqual(token, localToken)) {
      request.caller = { kind: 'local' };
      return;
    }
    const pairedOrigin = pairings.originOf(token);
    if (pairedOrigin === undefined) {
      throw new ProtocolError(401, 'authentication', 'Invalid credentials: this is neither the local token of this companion (leo token prints it) nor a paired extension\'s token.');
    }
    if (origin !== undefined && origin !== pairedOrigin) {
      throw new ProtocolError(403, 'permission', 'This pairing token belongs to another extension.');
    }
    request.caller = { kind: 'extension', origin: pairedOrigin };
  });
}
