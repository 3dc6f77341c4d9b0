import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The companion's home: `--home`, else `LEO_HOME`, else `~/.leo-optima`. Created 0700. */
export function resolveHome(flag?: string): string {
  const home = flag ?? process.env.LEO_HOME ?? join(homedir(), '.leo-optima');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  return home;
}

/** Writes a file only its owner can read, whatever the umask. */
export function writeSecretFile(path: string, content: string | Buffer): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Reads a secret file, creating it with `make()` on first use. */
export function readOrCreateSecret(path: string, make: () => string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = make();
  writeSecretFile(path, `${value}\n`);
  return value;
}
