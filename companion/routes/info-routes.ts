import type { FastifyInstance } from 'fastify';
import { PRICE_TABLE } from '../../shared/pricing/price-table.js';
import type { PriceList } from '../../shared/pricing/cost.js';
import type { KeyVault } from '../store/key-vault.js';
import type { SelfHostedProvider } from '../store/self-hosted-book.js';

export const COMPANION_VERSION = '0.1.0';

/**
 * `GET /health`, `GET /v1/models` (OpenAI's list format, for SDKs and agent UIs that ask) and
 * `GET /leo/prices` (the user's price overrides, so the extension prices calls as the ledger does).
 */
export async function infoRoutes(app: FastifyInstance, { vault, prices, selfHosted }: { vault: KeyVault; prices: PriceList; selfHosted: readonly SelfHostedProvider[] }): Promise<void> {
  app.get('/leo/prices', async () => ({ overrides: Object.fromEntries(Object.entries(prices).filter(([model, price]) => price !== PRICE_TABLE[model])) }));

  app.get('/health', async (request) => {
    const { caller } = request;
    return {
      status: 'ok',
      service: 'leo-optima-companion',
      version: COMPANION_VERSION,
      providersWithKeys: vault.list().map((k) => k.provider),
      // A team companion tells a member who the token belongs to, so the extension can say so.
      ...(caller?.kind === 'member' ? { member: { name: caller.name, role: caller.role } } : {}),
    };
  });

  app.get('/v1/models', async () => {
    // The providers this companion can call: those with a key, and the user's own servers, which need none.
    const callable = new Set<string>([...vault.list().map((k) => k.provider), ...selfHosted.map((p) => p.name)]);
    return {
      object: 'list',
      data: Object.entries(prices)
        .filter(([, price]) => callable.has(price.provider))
        .map(([id, price]) => ({ id, object: 'model', created: 0, owned_by: price.provider })),
    };
  });
}
