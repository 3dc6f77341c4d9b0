import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PROVIDER_IDS, type ProviderId } from '../../shared/protocols/providers.js';
import { configFrom, type CompanionConfig } from '../../companion/config.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../companion/simulator/server.js';
import { KeyVault } from '../../companion/store/key-vault.js';
import type { Ledger } from '../../companion/store/ledger.js';
import { loadLocalToken } from '../../companion/store/local-token.js';
import { loadPrices } from '../../companion/store/price-book.js';
import type { ResponseCache } from '../../shared/cache/response-cache.js';
import { openStores, type CompanionStores } from '../../companion/store/open-stores.js';
import { openCompanionApp } from '../../companion/open-app.js';

export interface Harness {
  url: string;
  token: string;
  home: string;
  app: FastifyInstance;
  ledger: Ledger;
  vault: KeyVault;
  simulator: Simulator;
  cache: ResponseCache | undefined;
  /** Rows of the ledger's SQLite for `sql`, once the events it still queues are written. */
  ledgerRows<Row = Record<string, unknown>>(sql: string): Row[];
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
  /** Other files of the home (routing.json, self-hosted.json, …), as JSON, written before the companion starts. */
  homeFiles?: Record<string, unknown>;
}

/** A companion on a free loopback port, in a fresh home, with every provider pointed at one simulator. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const home = options.restartOf?.home ?? mkdtempSync(join(tmpdir(), 'leo-home-'));
  const simulator = options.restartOf?.simulator ?? (await startSimulator(options.simulator));
  if (options.prices) writeFileSync(join(home, 'prices.json'), JSON.stringify(options.prices));
  for (const [name, content] of Object.entries(options.homeFiles ?? {})) writeFileSync(join(home, name), JSON.stringify(content));
  const stores = await openStores(home, undefined);
  const { vault } = stores;
  for (const provider of options.keys ?? PROVIDER_IDS) vault.add(provider, PROVIDER_KEY);
  const { url, app, cache, stop } = await launchCompanion(home, stores, simulator, options);
  return {
    url,
    token: loadLocalToken(home),
    home,
    app,
    // The home's stores: SQLite, which these tests also read directly.
    ledger: stores.ledger as Ledger,
    vault,
    simulator,
    cache,
    ledgerRows<Row>(sql: string) {
      const ledger = stores.ledger as Ledger;
      ledger.flush();
      return ledger.db.prepare(sql).all() as Row[];
    },
    stop,
    async close() {
      await stop();
      await simulator.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Starts the companion's app on these stores, every provider pointed at the simulator; stopping closes the stores. */
async function launchCompanion(home: string, stores: CompanionStores, simulator: Simulator, options: HarnessOptions) {
  const base = configFrom({ home, port: 0 });
  const upstreams = { ...(Object.fromEntries(PROVIDER_IDS.map((id) => [id, simulator.url])) as Record<ProviderId, string>), ...options.upstreams };
  const config: CompanionConfig = { ...base, upstreams, ...options.config };
  const { app, cache } = await openCompanionApp({ ...stores, config, localToken: loadLocalToken(home), prices: loadPrices(home, config.selfHosted) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
    cache?.close();
    await stores.close();
  };
  return { url, app, cache, stop };
}

export interface TeamCompanion {
  url: string;
  home: string;
  stores: CompanionStores;
  cache: ResponseCache | undefined;
  close(): Promise<void>;
}

/** A team companion on the database: its own home (and so its own local token), the team's stores. */
export async function startTeamCompanion(databaseUrl: string, simulator: Simulator, options: HarnessOptions = {}): Promise<TeamCompanion> {
  const home = mkdtempSync(join(tmpdir(), 'leo-team-home-'));
  const stores = await openStores(home, databaseUrl);
  const { url, cache, stop } = await launchCompanion(home, stores, simulator, { ...options, config: { databaseUrl, ...options.config } });
  return {
    url,
    home,
    stores,
    cache,
    async close() {
      await stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
