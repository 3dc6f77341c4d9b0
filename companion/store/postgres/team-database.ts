import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { UPGRADE_COMMAND } from '../../../shared/companion-contract.js';
import { NewerSchemaError } from '../sqlite-file.js';
import { TEAM_MIGRATIONS } from './team-migrations.js';

/** Counts, sums and millisecond times come back as numbers, not the strings pg gives for int8 and numeric. */
const NUMBER_OIDS = new Set([20, 1700]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMBER_OIDS.has(oid) && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A database URL as it may be shown: without its password. */
export function safeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return 'the database URL';
  }
}

export type ChangeHandler = (payload: string, fromThisCompanion: boolean) => void;

/** Serialises migrations between companions that start together. */
const MIGRATION_LOCK = 7_364_101;

/**
 * The team's PostgreSQL database: a connection pool, versioned migrations run at start, and
 * one listening connection that follows the other companions' changes (LISTEN/NOTIFY). The
 * listener reconnects by itself; after a gap it tells every handler to catch up.
 */
export class TeamDatabase {
  /** Names this companion's notifications, so it can skip its own. */
  readonly instance = randomUUID();
  private listener: pg.Client | undefined;
  private readonly handlers = new Map<string, Set<ChangeHandler>>();
  private readonly gapHandlers = new Set<() => void>();
  private closed = false;

  private constructor(
    readonly pool: pg.Pool,
    readonly url: string,
  ) {}

  /** Connects, brings the schema to this version, and starts listening; throws a clear error when it cannot. */
  static async open(url: string): Promise<TeamDatabase> {
    const pool = new pg.Pool({ connectionString: url, types, max: 8, connectionTimeoutMillis: 10_000 });
    // An idle client that loses its server must not crash the companion; the next query reconnects.
    pool.on('error', () => undefined);
    const db = new TeamDatabase(pool, url);
    try {
      await db.migrate();
      await db.listen();
    } catch (err) {
      await pool.end().catch(() => undefined);
      if (err instanceof NewerSchemaError) throw err;
      throw new Error(`Cannot use the team database ${safeDatabaseUrl(url)}: ${(err as Error).message}`);
    }
    return db;
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values);
  }

  /** Runs `work` in one transaction on one connection. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Tells every companion on this database (this one too) about a change. */
  async notify(channel: string, payload: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify({ from: this.instance, payload })]);
  }

  onChange(channel: string, handler: ChangeHandler): void {
    if (!this.handlers.has(channel)) {
      this.handlers.set(channel, new Set());
      this.listener?.query(`LISTEN ${channel}`).catch(() => this.reconnectSoon());
    }
    this.handlers.get(channel)!.add(handler);
  }

  /** Called after the listening connection was lost and came back: what was missed must be read again. */
  onGap(handler: () => void): void {
    this.gapHandlers.add(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS leo_schema (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM leo_schema');
      const version = rows[0]?.version ?? 0;
      if (version > TEAM_MIGRATIONS.length) {
        throw new NewerSchemaError(
          `The team database ${safeDatabaseUrl(this.url)} was set up by a newer LEO Optima (schema ${version}; this one reads up to ${TEAM_MIGRATIONS.length}). Nothing was changed: upgrade this companion (${UPGRADE_COMMAND}).`,
        );
      }
      for (let v = version; v < TEAM_MIGRATIONS.length; v++) await client.query(TEAM_MIGRATIONS[v]!);
      if (rows.length === 0) await client.query('INSERT INTO leo_schema (version) VALUES ($1)', [TEAM_MIGRATIONS.length]);
      else await client.query('UPDATE leo_schema SET version = $1', [TEAM_MIGRATIONS.length]);
    });
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, types });
    client.on('error', () => this.reconnectSoon());
    client.on('end', () => this.reconnectSoon());
    client.on('notification', ({ channel, payload }) => {
      let notice: { from?: unknown; payload?: unknown };
      try {
        notice = JSON.parse(payload ?? '') as typeof notice;
      } catch {
        // Not one of ours (anyone on the database may NOTIFY): read everything again rather than trust it.
        for (const handler of this.gapHandlers) handler();
        return;
      }
      if (typeof notice.payload !== 'string') return;
      for (const handler of this.handlers.get(channel) ?? []) handler(notice.payload, notice.from === this.instance);
    });
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    this.listener = client;
  }

  private reconnecting = false;

  private reconnectSoon(): void {
    if (this.closed || this.reconnecting) return;
    this.reconnecting = true;
    const old = this.listener;
    this.listener = undefined;
    old?.removeAllListeners();
    old?.end().catch(() => undefined);
    const attempt = () => {
      if (this.closed) return;
      this.listen()
        .then(() => {
          this.reconnecting = false;
          for (const handler of this.gapHandlers) handler();
        })
        .catch(() => setTimeout(attempt, 1000));
    };
    setTimeout(attempt, 200);
  }
}
