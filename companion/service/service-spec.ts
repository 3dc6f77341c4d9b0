import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompanionConfig } from '../config.js';

/** What a login service runs: this Node, this package's `leo start`, with the settings in force when it was installed. */
export interface ServiceSpec {
  /** The Node binary that runs `leo` now: a service has no shell PATH to find one. */
  node: string;
  leo: string;
  args: string[];
  /** `LEO_*` settings of the shell that installed it (a service does not inherit that shell). */
  env: Record<string, string>;
  home: string;
  port: number;
  /** Where the service's output goes, so `leo doctor` can show it. */
  logFile: string;
}

export const LEO_SCRIPT = fileURLToPath(new URL('../bin/leo.mjs', import.meta.url));

export function serviceLogFile(home: string): string {
  return join(home, 'logs', 'companion.log');
}

/** The service that runs the companion as `config` (already checked) says, with the `--upstream` flags given; creates the log folder. */
export function serviceSpec(config: CompanionConfig, upstreamFlags: readonly string[]): ServiceSpec {
  const args = ['start', '--home', config.home, '--port', String(config.port)];
  for (const upstream of upstreamFlags) args.push('--upstream', upstream);
  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => /^LEO_/.test(entry[0]) && entry[0] !== 'LEO_HOME' && entry[0] !== 'LEO_PORT' && entry[1] !== undefined),
  );
  for (const value of [...args, ...Object.values(env), process.execPath, LEO_SCRIPT]) {
    if (/[\0-\x1f]/.test(value)) throw new Error(`A service cannot carry a value with a line break or control character: ${JSON.stringify(value)}.`);
  }
  const logFile = serviceLogFile(config.home);
  mkdirSync(join(config.home, 'logs'), { recursive: true, mode: 0o700 });
  return { node: process.execPath, leo: LEO_SCRIPT, args, env, home: config.home, port: config.port, logFile };
}
