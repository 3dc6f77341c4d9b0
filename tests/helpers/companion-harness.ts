import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PROVIDER_IDS, type ProviderId } from '../../shared/protocols/providers.js';
import { configFrom, type CompanionConfig } from '../../companion/config.js';
import { buildCompanion } from '../../companion/server.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../companion/simulator/server.js';
import { KeyVault } from '../../companion/store/key-vault.js';
import { Ledger } from '../../companion/store/ledger.js';
import { loadLocalToken } from '../../companion/store/local-token.js';
import { loadPrices } from '../../companion/store/price-book.js';
import { openResponseCache } from '../../companion/cache/open-cache.js';
import type { ResponseCache } from '../../shared/cache/response-cache.js';
import { openRouter } from '../../companion/routing/open-router.js';

export interface Harness {
  url: string;
  token: string;
  home: string;
  app: FastifyInstance;
  ledger: Ledger;
  vault: KeyVault;
  simulator: Simulator;
  cache: ResponseCache | undefined;
  /** Stops the companion but keeps its home, for a restart on the same files. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export const PROVIDER_KEY = 'sk-provider-secret-123456';

export interface HarnessOptions {
  simulator?: SimulatorOptions;
  config?: Partial<CompanionConfig>;
  keys?: ProviderId[];
  /** An existing home (and its simulator) to restart on; a fresh one otherwise. */
  restartOf?: Harness;
  /** Addresses that differ from the simulator's ('' for a provider with none set). */
  upstreams?: Partial<Record<ProviderId, string>>;
  /** Price overrides written to the home's prices.json before the companion starts. */
  prices?: Record<string, object>;
}

/** A companion on a free loopback port, in a fresh home, with every provider pointed at one simulator. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const home = options.restartOf?.home ?? mkdtempSync(join(tmpdir(), 'leo-home-'));
  const simulator = options.restartOf?.simulator ?? (await startSimulator(options.simulator));
  if (options.prices) writeFileSync(join(home, 'prices.json'), JSON.stringify(options.prices));
  const vault = new KeyVault(home);
  for (const provider of options.keys ?? PROVIDER_IDS) vault.add(provider, PROVIDER_KEY);
  const base = configFrom({ home, port: 0 });
  const upstreams = { ...(Object.fromEntries(PROVIDER_IDS.map((id) => [id, simulator.url])) as Record<ProviderId, string>), ...options.upstreams };
  const config: CompanionConfig = { ...base, upstreams, ...options.config };
  const ledger = new Ledger(home);
  const token = loadLocalToken(home);
  const cache = openResponseCache(config, token);
  const router = openRouter(config, cache, ledger);
  const app = buildCompanion({ config, vault, ledger, prices: loadPrices(home), localToken: token, cache, router });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
    ledger.close();
    cache?.close();
  };
  return {
    url,
    token,
    home,
    app,
    ledger,
    vault,
    simulator,
    cache,
    stop,
    async close() {
      await stop();
      await simulator.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
