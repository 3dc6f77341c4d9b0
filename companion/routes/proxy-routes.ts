import type { FastifyInstance } from 'fastify';
import { matchEndpoint } from '../../shared/protocols/registry.js';
import { ProtocolError } from '../../shared/protocols/errors.js';
import { forwardCall } from '../proxy/forward-call.js';
import type { ProxyDeps } from '../proxy/proxy-deps.js';
import { checkKeyLending, type GrantsOf } from '../proxy/key-lending.js';

const ENDPOINTS = 'POST /v1/chat/completions, /v1/responses, /v1/messages, /v1beta/models/MODEL:generateContent and :streamGenerateContent?alt=sse';

/** Every provider endpoint the companion proxies, as one catch-all POST route. */
export async function proxyRoutes(app: FastifyInstance, { deps, grantsOf }: { deps: ProxyDeps; grantsOf: GrantsOf }): Promise<void> {
  // Bodies stay raw bytes here, whatever their content type: the provider gets exactly what the caller sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post('/*', async (request, reply) => {
    // Matched on the path as it arrived: dot segments that URL parsing would resolve are refused.
    const call = matchEndpoint(new URL(request.url, 'http://127.0.0.1'), 'POST', request.url.split('?')[0]);
    if (!call) throw new ProtocolError(404, 'not_found', `The companion has no endpoint POST ${request.url.split('?')[0]}; it serves ${ENDPOINTS}.`);
    if ('refusal' in call) throw new ProtocolError(400, 'invalid_request', `Refused POST ${request.url.split('?')[0]}: ${call.refusal}.`);
    await checkKeyLending(request, grantsOf, deps.ledger);
    return forwardCall(deps, call, request, reply);
  });
}
