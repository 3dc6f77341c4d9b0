import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isProviderId, type ProviderId } from '../../shared/protocols/providers.js';
import { readOrCreateSecret, writeSecretFile } from '../home.js';

interface SealedKey {
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

/**
 * Provider API keys, encrypted at rest with AES-256-GCM under a random master key that lives
 * in its own 0600 file. Keys are decrypted only to build an upstream request.
 */
export class KeyVault {
  private readonly file: string;
  private readonly masterKey: Buffer;
  /** The sealed keys as last read, reloaded when `leo keys` changes the file under a running companion. */
  private cache: { mtimeMs: number; sealed: Record<string, SealedKey> } | undefined;
  /** Keys already decrypted for requests, dropped whenever the file changes. */
  private readonly opened = new Map<ProviderId, string>();
  private checkedAt = 0;

  constructor(home: string) {
    this.file = join(home, 'keys.json');
    this.masterKey = Buffer.from(readOrCreateSecret(join(home, 'vault.key'), () => randomBytes(32).toString('base64')), 'base64');
    if (this.masterKey.length !== 32) throw new Error(`${join(home, 'vault.key')} is not a 256-bit key; remove it and re-add your keys.`);
  }

  add(provider: string, key: string): void {
    if (!isProviderId(provider)) throw new Error(`Unknown provider '${provider}'.`);
    const trimmed = key.trim();
    if (trimmed === '' || /\s/.test(trimmed)) throw new Error('The key is empty or contains whitespace.');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(provider));
    const data = Buffer.concat([cipher.update(trimmed, 'utf8'), cipher.final()]);
    const sealed = this.readAll();
    sealed[provider] = {
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
      addedAt: new Date().toISOString(),
    };
    this.write(sealed);
  }

  remove(provider: string): boolean {
    const sealed = this.readAll();
    if (!(provider in sealed)) return false;
    delete sealed[provider];
    this.write(sealed);
    return true;
  }

  /** The key for an upstream request; the file is looked at again at most once a second. */
  get(provider: ProviderId): string | undefined {
    if (Date.now() - this.checkedAt > 1000) {
      this.checkedAt = Date.now();
      this.readAll();
    }
    const cached = this.opened.get(provider);
    if (cached !== undefined) return cached;
    const key = this.open(provider);
    if (key !== undefined) this.opened.set(provider, key);
    return key;
  }

  private open(provider: ProviderId): string | undefined {
    const sealed = this.readAll()[provider];
    if (!sealed) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(provider));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  }

  list(): KeySummary[] {
    return Object.entries(this.readAll())
      .filter((entry): entry is [ProviderId, SealedKey] => isProviderId(entry[0]))
      .map(([provider, sealed]) => ({ provider, masked: maskKey(this.open(provider) ?? ''), addedAt: sealed.addedAt }));
  }

  private write(sealed: Record<string, SealedKey>): void {
    writeSecretFile(this.file, JSON.stringify(sealed, null, 2));
    this.cache = undefined;
    this.opened.clear();
  }

  private readAll(): Record<string, SealedKey> {
    const mtimeMs = statSync(this.file, { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined) {
      this.opened.clear();
      return {};
    }
    if (this.cache?.mtimeMs !== mtimeMs) {
      this.opened.clear();
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      this.cache = { mtimeMs, sealed: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, SealedKey>) : {} };
    }
    return { ...this.cache.sealed };
  }
}
