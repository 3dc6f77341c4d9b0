import Fastify, { type FastifyInstance } from 'fastify';
import { matchEndpoint } from '../shared/protocols/registry.js';
import { ProtocolError } from '../shared/protocols/errors.js';
import { PAIR_ROUTE, registerAccessGuard } from './plugins/access-guard.js';
import { PairingError, Pairings } from './store/pairings.js';
import { asProtocolError, errorAdapterFor } from './plugins/error-replies.js';
import { forwardCall, type ProxyDeps } from './proxy/forward-call.js';
import { registerInfoRoutes } from './routes/info-routes.js';
import { keyGrantRoutes } from './routes/key-grant-routes.js';
import { KeyGrants } from './store/key-grants.js';
import { checkKeyLending } from './proxy/key-lending.js';
import { REDACTED_LOGGER } from './plugins/log-redaction.js';
import { DashboardLinks } from './store/dashboard-links.js';
import { registerDashboardRoutes } from './dashboard/dashboard-routes.js';
import { COMPANION_ERROR_HEADER, COMPANION_HEADER } from '../shared/companion-contract.js';

const ENDPOINTS = 'POST /v1/chat/completions, /v1/responses, /v1/messages, /v1beta/models/MODEL:generateContent and :streamGenerateContent?alt=sse';

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

  // Bodies stay raw bytes: the provider gets exactly what the caller sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onSend', async (_request, reply) => {
    reply.header(COMPANION_HEADER, '1');
  });
  const pairings = new Pairings(deps.config.home);
  const dashboardLinks = new DashboardLinks(deps.config.home);
  registerAccessGuard(app, deps.localToken, pairings, dashboardLinks);

  app.setErrorHandler((err, request, reply) => {
    const error = asProtocolError(err);
    if (error.status >= 500 && !(err instanceof ProtocolError)) request.log.error({ err }, 'unhandled error');
    reply.code(error.status).header(COMPANION_ERROR_HEADER, error.kind).send(errorAdapterFor(request.url).renderError(error));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ProtocolError(404, 'not_found', `The companion has no endpoint ${request.method} ${request.url.split('?')[0]}.`);
    reply.code(404).header(COMPANION_ERROR_HEADER, error.kind).send(errorAdapterFor(request.url).renderError(error));
  });

  const grants = new KeyGrants(deps.config.home);
  registerInfoRoutes(app, deps.vault);
  app.register(keyGrantRoutes, { grants, ledger: deps.ledger });
  registerDashboardRoutes(app, deps.ledger, deps.cache, dashboardLinks);
  app.post(PAIR_ROUTE, async (request, reply) => {
    let code: unknown;
    try {
      code = (JSON.parse((request.body as Buffer | undefined)?.toString('utf8') ?? '') as { code?: unknown }).code;
    } catch {
      code = undefined;
    }
    if (typeof code !== 'string') throw new ProtocolError(400, 'invalid_request', 'Send {"code": "XXXX-XXXX"}, the code `leo pair` printed.');
    try {
      return reply.code(201).send({ token: pairings.redeem(code, request.headers.origin ?? '') });
    } catch (err) {
      if (err instanceof PairingError) throw new ProtocolError(403, 'permission', err.message);
      throw err;
    }
  });
  app.post('/*', async (request, reply) => {
    // Matched on the path as it arrived: dot segments that URL parsing would resolve are refused.
    const call = matchEndpoint(new URL(request.url, 'http://127.0.0.1'), 'POST', request.url.split('?')[0]);
    if (!call) throw new ProtocolError(404, 'not_found', `The companion has no endpoint POST ${request.url.split('?')[0]}; it serves ${ENDPOINTS}.`);
    if ('refusal' in call) throw new ProtocolError(400, 'invalid_request', `Refused POST ${request.url.split('?')[0]}: ${call.refusal}.`);
    checkKeyLending(request, grants, deps.ledger);
    return forwardCall(deps, call, request, reply);
  });
  return app;
}
