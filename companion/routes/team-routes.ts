import type { FastifyInstance } from 'fastify';
import { ProtocolError } from '../../shared/protocols/errors.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { TeamMembers } from '../store/postgres/team-members.js';
import { periodStart } from '../team/budget-check.js';
import { ROLES } from '../team/roles.js';

const memberBody = {
  type: 'object',
  required: ['name', 'role'],
  additionalProperties: false,
  properties: { name: { type: 'string', maxLength: 64 }, role: { type: 'string', enum: [...ROLES] } },
} as const;

const budgetBody = {
  type: 'object',
  required: ['scope', 'usd', 'period'],
  additionalProperties: false,
  properties: { scope: { type: 'string', maxLength: 64 }, usd: { type: 'number', minimum: 0 }, period: { type: 'string', enum: ['day', 'month'] } },
} as const;

/** What a refused change says: the store's own words, as a 400. */
const asBadRequest = (err: unknown) => new ProtocolError(400, 'invalid_request', (err as Error).message);

/**
 * A team companion's admin routes (the access guard lets admins alone through):
 * `GET /leo/team` members, budgets and this month's spend; `POST /leo/team/members {name, role}`
 * (answers the new member's token, once); `DELETE /leo/team/members?name=`;
 * `PUT /leo/team/budgets {scope, usd, period}`. The same as `leo team` on the database.
 */
export async function teamRoutes(app: FastifyInstance, { members, ledger }: { members: TeamMembers; ledger: LedgerStore }): Promise<void> {
  app.get('/leo/team', async () => {
    const spent = await ledger.byMember!(periodStart('month', Date.now()));
    return { members: await members.list(), budgets: await members.budgets(), spentThisMonth: spent.map(({ member, costUsd, costAvoidedUsd }) => ({ member, costUsd, costAvoidedUsd })) };
  });
  app.post<{ Body: { name: string; role: (typeof ROLES)[number] } }>('/leo/team/members', { schema: { body: memberBody } }, async (request, reply) => {
    try {
      const token = await members.add(request.body.name, request.body.role);
      return reply.code(201).header('cache-control', 'no-store').send({ name: request.body.name, role: request.body.role, token });
    } catch (err) {
      throw asBadRequest(err);
    }
  });
  app.delete<{ Querystring: { name: string } }>(
    '/leo/team/members',
    { schema: { querystring: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 64 } } } } },
    async (request) => ({ removed: await members.remove(request.query.name) }),
  );
  app.put<{ Body: { scope: string; usd: number; period: 'day' | 'month' } }>('/leo/team/budgets', { schema: { body: budgetBody } }, async (request) => {
    try {
      await members.setBudget(request.body);
      return { budget: request.body };
    } catch (err) {
      throw asBadRequest(err);
    }
  });
}
