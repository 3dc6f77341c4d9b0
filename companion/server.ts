import Fastify, { type FastifyInstance } from 'fastify';
import { recogniseCall } from '../shared/protocols/registry.js';
import { ProtocolError } from '../shared/protocols/errors.js';
import { registerAccessGuard } from './plugins/access-guard.js';
import { asProtocolError, errorAdapterFor } from './plugins/error-replies.js';
import { forwardCall, type ProxyDeps } from './proxy/forward-call.js';
import { registerInfoRoutes } from './routes/info-routes.js';
import { COMPANION_HEADER } from '../shared/companion-contract.js';

export interface CompanionDeps extends ProxyDeps {
  localToken: string;
  /** Log requests (never bodies or credentials); off unless asked for. */
  log?: boolean;
}

/** The companion's HTTP app; `listen` is left to the caller so tests can pick a port. */
export function buildCompanion(deps: CompanionDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.log ? { redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers["x-goog-api-key"]'] } : false,
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
  registerAccessGuard(app, deps.localToken);

  app.setErrorHandler((err, request, reply) => {
    const error = asProtocolError(err);
    if (error.status >= 500 && !(err instanceof ProtocolError)) request.log.error({ err }, 'unhandled error');
    reply.code(error.status).send(errorAdapterFor(request.url).renderError(error));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ProtocolError(404, 'not_found', `The companion has no endpoint ${request.method} ${request.url.split('?')[0]}.`);
    reply.code(404).send(errorAdapterFor(request.url).renderError(error));
  });

  registerInfoRoutes(app, deps.vault);
  app.post('/*', async (request, reply) => {
    const call = recogniseCall(new URL(request.url, 'http://127.0.0.1'), 'POST');
    if (!call) throw new ProtocolError(404, 'not_found', `The companion has no endpoint POST ${request.url.split('?')[0]}.`);
    return forwardCall(deps, call, request, reply);
  });
  return app;
}
