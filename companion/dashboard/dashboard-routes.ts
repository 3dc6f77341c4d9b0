import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ResponseCache } from '../../shared/cache/response-cache.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { dashboardData } from './dashboard-data.js';
import { DASHBOARD_COOKIE, DASHBOARD_OPEN_ROUTE } from '../plugins/access-guard.js';
import type { DashboardLinks } from '../store/dashboard-links.js';

/** The page `npm run build` makes: HTML with Chart.js and the dashboard script inlined. */
export const DASHBOARD_FILE = resolve(import.meta.dirname, '../../.output/dashboard/index.html');

/** The session cookie: this companion's pages only, never sent by another site's requests, never read by scripts. */
const sessionCookie = (session: string) => `${DASHBOARD_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict; Max-Age=604800`;

/**
 * `GET /` the dashboard and `GET /leo/dashboard.json` its figures, behind the access guard.
 * `leo start` and `leo dashboard` print a one-time link (`/leo/dashboard/open?code=`) that
 * trades its code for a session cookie; `/?key=<local token>` still works and also moves to
 * the cookie, so the token leaves the address bar at once.
 */
export async function dashboardRoutes(app: FastifyInstance, { ledger, cache, links, consensusPanel }: { ledger: LedgerStore; cache: ResponseCache | undefined; links: DashboardLinks; consensusPanel: string[] }): Promise<void> {
  app.get<{ Querystring: { code?: string } }>(DASHBOARD_OPEN_ROUTE, async (request, reply) => {
    const session = typeof request.query.code === 'string' ? links.redeem(request.query.code) : undefined;
    if (!session) {
      return reply.code(403).type('text/plain; charset=utf-8').send('This dashboard link was used already or has expired. Run `leo dashboard` for a new one.');
    }
    return reply.header('set-cookie', sessionCookie(session)).header('cache-control', 'no-store').redirect('/', 303);
  });
  app.get<{ Querystring: { key?: string } }>('/', async (request, reply) => {
    // A token in the address (`/?key=`) moves to a session cookie at once, and leaves the address bar.
    const { caller } = request;
    if (request.query.key !== undefined && (caller?.kind === 'local' || caller?.kind === 'member')) {
      const session = links.openSession(Date.now(), caller.kind === 'member' ? caller.name : undefined);
      return reply.header('set-cookie', sessionCookie(session)).header('cache-control', 'no-store').redirect('/', 303);
    }
    if (!existsSync(DASHBOARD_FILE)) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The dashboard is not built yet: run `npm run build`, then reload.');
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(readFileSync(DASHBOARD_FILE));
  });
  app.get<{ Querystring: { member?: string } }>('/leo/dashboard.json', async (request, reply) => {
    const size = cache ? await cache.size() : null;
    // A member sees the team's figures and their own calls; viewers and admins may pick anyone's.
    const { caller } = request;
    const member = caller?.kind === 'member' && caller.role === 'member' ? caller.name : request.query.member || undefined;
    return reply.header('cache-control', 'no-store').send(await dashboardData(ledger, size, { consensusPanel, ...(member === undefined ? {} : { member }) }));
  });
}
