import type { FastifyInstance } from 'fastify';
import { ProtocolError } from '../../shared/protocols/errors.js';
import { PAIR_ROUTE } from '../plugins/access-guard.js';
import { PairingError, type Pairings } from '../store/pairings.js';

const pairBody = { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 64 } } } as const;

/** `POST /leo/pair {code}`: trades the code `leo pair` printed for the extension's pairing token. */
export async function pairingRoutes(app: FastifyInstance, { pairings }: { pairings: Pairings }): Promise<void> {
  app.post<{ Body: { code: string } }>(PAIR_ROUTE, { schema: { body: pairBody }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) throw new ProtocolError(400, 'invalid_request', 'Send {"code": "XXXX-XXXX"}, the code `leo pair` printed.');
    try {
      return reply.code(201).send({ token: pairings.redeem(request.body.code, request.headers.origin ?? '') });
    } catch (err) {
      if (err instanceof PairingError) throw new ProtocolError(403, 'permission', err.message);
      throw err;
    }
  });
}
