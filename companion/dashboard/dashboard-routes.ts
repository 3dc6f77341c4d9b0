import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ResponseCache } from '../../shared/cache/response-cache.js';
import type { Ledger } from '../store/ledger.js';
import { dashboardData } from './dashboard-data.js';

/** The page `npm run build` makes: HTML with Chart.js and the dashboard script inlined. */
export const DASHBOARD_FILE = resolve(import.meta.dirname, '../../.output/dashboard/index.html');

/**
 * `GET /` the dashboard and `GET /leo/dashboard.json` its figures. Both sit behind the access
 * guard like everything else: open `http://127.0.0.1:8080/?key=<local token>` (`leo start` prints it).
 */
export function registerDashboardRoutes(app: FastifyInstance, ledger: Ledger, cache: ResponseCache | undefined): void {
  app.get('/', async (_request, reply) => {
    if (!existsSync(DASHBOARD_FILE)) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The dashboard is not built yet: run `npm run build`, then reload.');
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(readFileSync(DASHBOARD_FILE));
  });
  app.get('/leo/dashboard.json', async (_request, reply) => {
    const size = cache ? await cache.size() : null;
    return reply.header('cache-control', 'no-store').send(dashboardData(ledger, size));
  });
}
