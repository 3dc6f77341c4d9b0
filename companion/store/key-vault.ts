import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isProviderId, type ProviderId } from '../../shared/protocols/providers.js';
import { ProtocolError } from '../../shared/protocols/errors.js';
import { readOrCreateSecret, writeSecretFile } from '../home.js';

export interface SealedKey {
  iv: string;
  tag: string;
  data: string;
  addedAt: string;
}

export interface KeySummary {
  provider: ProviderId;
  masked: string;
  addedAt: string;
}

/** Shows enough of a key to recognise it and never enough to use it. */
export function maskKey(key: string): string {
  if (key.length <= 8) return '****';
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}

/** Where the sealed keys are kept: a file in the home, or the team's database. */
export interface SealedKeyShelf {
  /** The sealed keys now; the same object until they change. */
  read(): Readonly<Record<string, SealedKey>>;
  write(provider: string, sealed: SealedKey | undefined): void | Promise<void>;
}

/** The sealed keys in `<home>/keys.json` (0600), looked at again at most once a second so `leo keys` reaches a running companion. */
export class KeyFile implements SealedKeyShelf {
  private readonly file: string;
  private cache: { mtimeMs: number | undefined; sealed: Record<string, SealedKey> } = { mtimeMs: undefined, sealed: {} };
  private checkedAt = 0;

  constructor(home: string) {
    this.file = join(home, 'keys.json');
  }

  read(): Readonly<Record<string, SealedKey>> {
    if (Date.now() - this.checkedAt < 1000) return this.cache.sealed;
    this.checkedAt = Date.now();
    const mtimeMs = statSync(this.file, { throwIfNoEntry: false })?.mtimeMs;
    if (this.cache.mtimeMs !== mtimeMs) {
      const parsed: unknown = mtimeMs === undefined ? {} : JSON.parse(readFileSync(this.file, 'utf8'));
      this.cache = { mtimeMs, sealed: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, SealedKey>) : {} };
    }
    return this.cache.sealed;
  }

  write(provider: string, sealed: SealedKey | undefined): void {
    // Start from the file as it is now: another process (leo keys) may have changed it.
    this.checkedAt = 0;
    const all = { ...this.read() };
    if (sealed) all[provider] = sealed;
    else delete all[provider];
    writeSecretFile(this.file, JSON.stringify(all, null, 2));
    // Read back on the next use, whatever the file system's mtime resolution.
    this.cache.mtimeMs = -1;
    this.checkedAt = 0;
  }
}

/** The 256-bit key the vault seals with: `LEO_VAULT_KEY` (base64), else `<home>/vault.key`, made on first use. */
export function loadMasterKey(home: string): Buffer {
  const fromEnv = process.env.LEO_VAULT_KEY;
  const source = fromEnv ? 'LEO_VAULT_KEY' : join(home, 'vault.key');
  const key = Buffer.from(fromEnv || readOrCreateSecret(join(home, 'vault.key'), () => randomBytes(32).toString('base64')), 'base64');
  if (key.length !== 32) throw new Error(`${source} is not a 256-bit key (32 bytes, base64).`);
  return key;
}

/**
 * Provider API keys, encrypted at rest with AES-256-GCM under a random master key kept apart
 * from them. Keys are decrypted only to build an upstream request.
 */
export class KeyVault {
  /** Keys already decrypted for requests, dropped whenever the sealed keys change. */
  private readonly opened = new Map<ProviderId, string>();
  private openedFrom: Readonly<Record<string, SealedKey>> | undefined;

  constructor(
    private readonly masterKey: Buffer,
    private readonly shelf: SealedKeyShelf,
  ) {}

  /** The vault of a home: its key file under its master key. */
  static ofHome(home: string): KeyVault {
    return new KeyVault(loadMasterKey(home), new KeyFile(home));
  }

  add(provider: string, key: string): void | Promise<void> {
    if (!isProviderId(provider)) throw new Error(`Unknown provider '${provider}'.`);
    const trimmed = key.trim();
    if (trimmed === '' || /\s/.test(trimmed)) throw new Error('The key is empty or contains whitespace.');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(provider));
    const data = Buffer.concat([cipher.update(trimmed, 'utf8'), cipher.final()]);
    return this.shelf.write(provider, {
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
      addedAt: new Date().toISOString(),
    });
  }

  /** Resolves to whether there was a key to remove. */
  async remove(provider: string): Promise<boolean> {
    if (!(provider in this.shelf.read())) return false;
    await this.shelf.write(provider, undefined);
    return true;
  }

  /** The key for an upstream request. */
  get(provider: ProviderId): string | undefined {
    const sealed = this.shelf.read();
    if (sealed !== this.openedFrom) {
      this.opened.clear();
      this.openedFrom = sealed;
    }
    const cached = this.opened.get(provider);
    if (cached !== undefined) return cached;
    const key = this.open(provider, sealed[provider]);
    if (key !== undefined) this.opened.set(provider, key);
    return key;
  }

  list(): KeySummary[] {
    return Object.entries(this.shelf.read())
      .filter((entry): entry is [ProviderId, SealedKey] => isProviderId(entry[0]))
      .map(([provider, sealed]) => ({ provider, masked: maskKey(this.open(provider, sealed) ?? ''), addedAt: sealed.addedAt }));
  }

  private open(provider: ProviderId, sealed: SealedKey | undefined): string | undefined {
    if (!sealed) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(provider));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new ProtocolError(500, 'server', `The ${provider} key does not open with this companion's vault key (it was sealed with another, or altered): give this companion the vault key it was added with (LEO_VAULT_KEY, or vault.key in its home), or add the key again with leo keys add ${provider}.`);
    }
  }
}
