import { createHash, randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeSecretFile } from '../home.js';
import { tokensEqual } from './local-token.js';

/** A browser extension's origin: the only kind of caller that may pair. */
export const EXTENSION_ORIGIN = /^(chrome|moz)-extension:\/\/[a-z0-9-]{1,64}$/;

/** Letters and digits nobody misreads, for a code typed by hand. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LIFETIME_MS = 10 * 60_000;
/** Wrong codes tolerated before the pending code is withdrawn: guessing 40 bits in 5 tries does not work. */
const MAX_ATTEMPTS = 5;

interface PendingCode {
  codeHash: string;
  expiresAt: number;
  attempts: number;
}

interface Pairing {
  origin: string;
  tokenHash: string;
  pairedAt: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export class PairingError extends Error {}

/**
 * Which extensions may call the companion, each with its own token. `leo pair` writes a
 * one-time code (hashed) to the home; the extension trades it for a token bound to its
 * origin. Only hashes are kept on disk, in files only the owner can read.
 */
export class Pairings {
  private readonly codeFile: string;
  private readonly pairingsFile: string;
  private loaded: { mtimeMs: number; pairings: Pairing[] } | undefined;

  constructor(home: string) {
    this.codeFile = join(home, 'pair-code.json');
    this.pairingsFile = join(home, 'pairings.json');
  }

  /** A new code for `leo pair`, replacing any earlier one. */
  issueCode(now = Date.now()): { code: string; expiresAt: number } {
    const raw = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    const pending: PendingCode = { codeHash: sha256(raw), expiresAt: now + CODE_LIFETIME_MS, attempts: 0 };
    writeSecretFile(this.codeFile, JSON.stringify(pending));
    return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, expiresAt: pending.expiresAt };
  }

  /** Trades a valid code for a new token bound to `origin`; the code works once. */
  redeem(code: string, origin: string, now = Date.now()): string {
    if (!EXTENSION_ORIGIN.test(origin)) throw new PairingError('Only a browser extension can pair; this request came from another origin.');
    const pending = this.pendingCode();
    if (!pending || pending.expiresAt <= now) throw new PairingError('No pairing code is waiting: run `leo pair` and enter the code it prints within 10 minutes.');
    if (!tokensEqual(sha256(normaliseCode(code)), pending.codeHash)) {
      pending.attempts += 1;
      if (pending.attempts >= MAX_ATTEMPTS) rmSync(this.codeFile, { force: true });
      else writeSecretFile(this.codeFile, JSON.stringify(pending));
      throw new PairingError(pending.attempts >= MAX_ATTEMPTS ? 'Wrong code too many times; run `leo pair` again for a new one.' : 'That is not the code `leo pair` printed.');
    }
    rmSync(this.codeFile, { force: true });
    const token = `leo-pair-${randomBytes(24).toString('base64url')}`;
    const others = this.all().filter((p) => p.origin !== origin);
    writeSecretFile(this.pairingsFile, JSON.stringify([...others, { origin, tokenHash: sha256(token), pairedAt: now }], null, 2));
    return token;
  }

  /** The extension origin a pairing token belongs to, or undefined for any other string. */
  originOf(token: string): string | undefined {
    const hash = sha256(token);
    return this.all().find((p) => tokensEqual(p.tokenHash, hash))?.origin;
  }

  isPaired(origin: string): boolean {
    return this.all().some((p) => p.origin === origin);
  }

  private pendingCode(): PendingCode | undefined {
    if (!existsSync(this.codeFile)) return undefined;
    try {
      return JSON.parse(readFileSync(this.codeFile, 'utf8')) as PendingCode;
    } catch {
      return undefined;
    }
  }

  /** The extensions paired with this home, oldest first. */
  paired(): { origin: string; pairedAt: number }[] {
    return this.all().map(({ origin, pairedAt }) => ({ origin, pairedAt }));
  }

  /** Re-read whenever the file changed, so a pairing made by another process counts at once. */
  private all(): Pairing[] {
    if (!existsSync(this.pairingsFile)) return [];
    const { mtimeMs } = statSync(this.pairingsFile);
    if (this.loaded?.mtimeMs !== mtimeMs) {
      this.loaded = { mtimeMs, pairings: JSON.parse(readFileSync(this.pairingsFile, 'utf8')) as Pairing[] };
    }
    return this.loaded.pairings;
  }
}
