import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProtocolError } from '../../shared/protocols/errors.js';
import { tokensEqual } from '../store/local-token.js';

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
  for (const name of ['x-api-key', 'x-goog-api-key'] as const) {
    const value = request.headers[name];
    if (typeof value === 'string') return value.trim();
  }
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.key === 'string' ? query.key : undefined;
}

/**
 * Refuses every request that does not name a loopback host (DNS rebinding) or does not
 * carry the local token. Nothing else of the companion runs before these checks pass.
 */
export function registerAccessGuard(app: FastifyInstance, localToken: string): void {
  app.addHook('onRequest', async (request) => {
    const host = hostName(request.headers.host).toLowerCase();
    if (!LOOPBACK_HOSTS.has(host)) {
      throw new ProtocolError(403, 'permission', `The companion only answers requests addressed to 127.0.0.1, localhost or [::1], not '${host}'.`);
    }
    const token = presentedToken(request);
    if (token === undefined || token === '') {
      throw new ProtocolError(401, 'authentication', 'Missing credentials: send the local token (leo token) as Authorization: Bearer or x-api-key.');
    }
    if (!tokensEqual(token, localToken)) {
      throw new ProtocolError(401, 'authentication', 'Invalid credentials: this is not the local token of this companion (leo token prints it).');
    }
  });
}
