import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './cli-process.js';

export interface PostgresServer {
  /** A database URL for a fresh database on this server. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** Debian's server binaries (the `postgresql` package .ci/run installs), newest version first. */
function serverBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error(`No PostgreSQL server under ${root}: install Debian's postgresql package (apt-get install -y postgresql), as .ci/run does.`);
  return join(root, versions[0]!, 'bin');
}

/** PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user the package creates. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  // setpriv execs in place (runuser would stay as a parent that does not pass on signals).
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', command, ...args]];
}

/**
 * Starts a real, throwaway PostgreSQL server on a loopback port, with its data directory in
 * a temporary folder (fsync off: tests need no durability).
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = serverBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'leo-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  execFileSync(...asServerUser(join(bin, 'initdb'), ['-D', data, '-U', 'leo', '-A', 'trust', '--no-sync', '-E', 'UTF8']), { stdio: 'pipe' });
  const port = await freePort();
  const [command, args] = asServerUser(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']);
  const server: ChildProcess = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const adminUrl = `postgres://leo@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  let databases = 0;
  return {
    async newDatabase() {
      const name = `leo_test_${++databases}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      return `postgres://leo@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      const exited = new Promise<void>((done) => (server.exitCode !== null ? done() : server.once('exit', () => done())));
      server.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
