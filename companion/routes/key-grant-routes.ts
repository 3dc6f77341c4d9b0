import type { FastifyInstance } from 'fastify';
import { ProtocolError } from '../../shared/protocols/errors.js';
import { KeyGrantError, type GrantBook, type KeyGrant } from '../store/key-grants.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { memberOf, startOfDay, type GrantsOf } from '../proxy/key-lending.js';

/** A grant as the popup, Options and `leo grants` show it. */
export interface KeyGrantView extends KeyGrant {
  spentTodayUsd: number;
}

export async function keyGrantViews(grants: GrantBook, ledger: LedgerStore, member?: string, now = Date.now()): Promise<KeyGrantView[]> {
  const spent = await ledger.spentBySite(startOfDay(now), member);
  return (await grants.list()).map((g) => ({ ...g, spentTodayUsd: spent.get(g.site) ?? 0 }));
}

const siteBody = {
  type: 'object',
  required: ['site'],
  additionalProperties: false,
  properties: { site: { type: 'string', maxLength: 300 }, dailyCapUsd: { type: ['number', 'null'], minimum: 0 } },
} as const;

/**
 * `GET /leo/key-grants`, `PUT /leo/key-grants {site, dailyCapUsd}` and
 * `DELETE /leo/key-grants?site=`: which sites a paired extension may let spend the vault's
 * keys, and what each spent today. Behind the access guard like every route.
 */
export async function keyGrantRoutes(app: FastifyInstance, { grantsOf, ledger }: { grantsOf: GrantsOf; ledger: LedgerStore }): Promise<void> {
  const refused = (err: unknown) => (err instanceof KeyGrantError ? new ProtocolError(400, 'invalid_request', err.message) : err);

  app.get('/leo/key-grants', async (request) => ({ grants: await keyGrantViews(grantsOf(request), ledger, memberOf(request)) }));
  app.put<{ Body: { site: string; dailyCapUsd?: number | null } }>('/leo/key-grants', { schema: { body: siteBody } }, async (request) => {
    try {
      return { grant: await grantsOf(request).grant(request.body.site, request.body.dailyCapUsd ?? null) };
    } catch (err) {
      throw refused(err);
    }
  });
  app.delete<{ Querystring: { site: string } }>(
    '/leo/key-grants',
    { schema: { querystring: { type: 'object', required: ['site'], properties: { site: { type: 'string', maxLength: 300 } } } } },
    async (request) => ({ revoked: await grantsOf(request).revoke(request.query.site) }),
  );
}
