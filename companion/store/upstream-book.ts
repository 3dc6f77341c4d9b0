import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProviderId, type ProviderId } from '../../shared/protocols/providers.js';
import { writeSecretFile } from '../home.js';

/**
 * The provider addresses the user set with `leo providers add` (`upstreams.json` in the home):
 * an Azure resource, a gateway of their own. Flags and LEO_UPSTREAM_* still win over it.
 */
export class UpstreamBook {
  private readonly file: string;

  constructor(home: string) {
    this.file = join(home, 'upstreams.json');
  }

  list(): Partial<Record<ProviderId, string>> {
    if (!existsSync(this.file)) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new Error(`${this.file} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${this.file} must hold an object of provider → URL.`);
    for (const [provider, url] of Object.entries(parsed)) {
      if (!isProviderId(provider) || typeof url !== 'string') throw new Error(`${this.file}: '${provider}' is not a known provider with a URL.`);
    }
    return parsed as Partial<Record<ProviderId, string>>;
  }

  set(provider: ProviderId, url: string): void {
    writeSecretFile(this.file, `${JSON.stringify({ ...this.list(), [provider]: url }, null, 2)}\n`);
  }

  remove(provider: ProviderId): boolean {
    const { [provider]: removed, ...rest } = this.list();
    if (removed === undefined) return false;
    writeSecretFile(this.file, `${JSON.stringify(rest, null, 2)}\n`);
    return true;
  }
}
