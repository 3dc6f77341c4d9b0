import Fastify, { type FastifyInstance } from 'fastify';
import { ProtocolError } from '../shared/protocols/errors.js';
import { registerAccessGuard } from './plugins/access-guard.js';
import { Pairings } from './store/pairings.js';
import { asProtocolError, errorAdapterFor } from './plugins/error-replies.js';
import type { ProxyDeps } from './proxy/proxy-deps.js';
import { infoRoutes } from './routes/info-routes.js';
import { keyGrantRoutes } from './routes/key-grant-routes.js';
import { pairingRoutes } from './routes/pairing-routes.js';
import { proxyRoutes } from './routes/proxy-routes.js';
import { KeyGrants } from './store/key-grants.js';
import { REDACTED_LOGGER } from './plugins/log-redaction.js';
import { DashboardLinks } from './store/dashboard-links.js';
import { dashboardRoutes } from './dashboard/dashboard-routes.js';
import { COMPANION_ERROR_HEADER, COMPANION_HEADER } from '../shared/companion-contract.js';
import { RateLimiter } from './team/rate-limiter.js';
import { PgKeyGrants } from './store/postgres/pg-key-grants.js';
import type { GrantsOf } from './proxy/key-lending.js';
import { teamRoutes } from './routes/team-routes.js';

export interface CompanionDeps extends ProxyDeps {
  localToken: string;
  /** Log requests (never bodies or credentials); off unless asked for. */
  log?: boolean;
}

/** The companion's HTTP app; `listen` is left to the caller so tests can pick a port. */
export function buildCompanion(deps: CompanionDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.log ? REDACTED_LOGGER : false,
    bodyLimit: deps.config.bodyLimit,
    // Long generations stream for minutes; the upstream timeouts bound them instead.
    requestTimeout: 0,
    return503OnClosing: true,
    // A stopping companion drops its connections rather than wait on idle keep-alives.
    forceCloseConnections: true,
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header(COMPANION_HEADER, '1');
  });
  const pairings = new Pairings(deps.config.home);
  const dashboardLinks = new DashboardLinks(deps.config.home);
  const teamAccess = deps.team && { members: deps.team.members, publicHosts: deps.config.publicHosts, limiter: new RateLimiter(deps.config.memberCallsPerMinute) };
  registerAccessGuard(app, deps.localToken, pairings, dashboardLinks, teamAccess);

  app.setErrorHandler((err, request, reply) => {
    const error = asProtocolError(err);
    if (error.status >= 500 && !(err instanceof ProtocolError)) request.log.error({ err }, 'unhandled error');
    const retryAfter = (err as { retryAfter?: unknown }).retryAfter;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    reply.code(error.status).header(COMPANION_ERROR_HEADER, error.kind).send(errorAdapterFor(request.url).renderError(error));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ProtocolError(404, 'not_found', `The companion has no endpoint ${request.method} ${request.url.split('?')[0]}.`);
    reply.code(404).header(COMPANION_ERROR_HEADER, error.kind).send(errorAdapterFor(request.url).renderError(error));
  });

  // Each plugin parses its own bodies: raw bytes for the proxy, JSON (with schemas) for the rest.
  const homeGrants = new KeyGrants(deps.config.home);
  const grantsOf: GrantsOf = (request) => (deps.team && request.caller?.kind === 'member' ? new PgKeyGrants(deps.team.db, request.caller.name) : homeGrants);
  app.register(infoRoutes, { vault: deps.vault, prices: deps.prices, selfHosted: deps.config.selfHosted });
  app.register(pairingRoutes, { pairings });
  app.register(keyGrantRoutes, { grantsOf, ledger: deps.ledger });
  app.register(dashboardRoutes, { ledger: deps.ledger, cache: deps.cache, links: dashboardLinks, consensusPanel: deps.config.consensus.panel });
  if (deps.team) app.register(teamRoutes, { members: deps.team.members, ledger: deps.ledger });
  app.register(proxyRoutes, { deps, grantsOf });
  return app;
}
