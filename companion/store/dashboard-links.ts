import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeSecretFile } from '../home.js';
import { tokensEqual } from './local-token.js';

const LINK_LIFETIME_MS = 10 * 60_000;
const SESSION_LIFETIME_MS = 7 * 24 * 3_600_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Opening the dashboard without the token in any URL: `leo start` and `leo dashboard` print a
 * link with a one-time code (its hash waits in the home, so a running companion honours a
 * code another process issued); opening it trades the code for a session cookie. Sessions
 * live in the companion's memory: after a restart, `leo dashboard` prints a new link.
 */
export class DashboardLinks {
  private readonly codeFile: string;
  /** Per session hash: when it ends, and the team member it belongs to (none: the home's owner). */
  private readonly sessions = new Map<string, { expiresAt: number; member?: string }>();

  constructor(home: string) {
    this.codeFile = join(home, 'dashboard-code.json');
  }

  /** A new one-time code, replacing any earlier one. */
  issueCode(now = Date.now()): string {
    const code = randomBytes(24).toString('base64url');
    writeSecretFile(this.codeFile, JSON.stringify({ codeHash: sha256(code), expiresAt: now + LINK_LIFETIME_MS }));
    return code;
  }

  /** Trades a valid code for a session id; undefined for any other string. The code works once. */
  redeem(code: string, now = Date.now()): string | undefined {
    if (!existsSync(this.codeFile)) return undefined;
    let pending: { codeHash: string; expiresAt: number };
    try {
      pending = JSON.parse(readFileSync(this.codeFile, 'utf8')) as typeof pending;
    } catch {
      return undefined;
    }
    if (pending.expiresAt <= now || !tokensEqual(sha256(code), pending.codeHash)) return undefined;
    rmSync(this.codeFile, { force: true });
    return this.openSession(now);
  }

  /** A session for a caller that proved itself another way: the local token, or a team member's token (`member`). */
  openSession(now = Date.now(), member?: string): string {
    const session = randomBytes(24).toString('base64url');
    this.sessions.set(sha256(session), { expiresAt: now + SESSION_LIFETIME_MS, ...(member !== undefined ? { member } : {}) });
    return session;
  }

  /** Whose live session this is: `{}` for the home's owner, `{ member }` for a team member; undefined for none. */
  sessionHolder(session: string, now = Date.now()): { member?: string } | undefined {
    const held = this.sessions.get(sha256(session));
    if (held === undefined || held.expiresAt <= now) return undefined;
    return held.member === undefined ? {} : { member: held.member };
  }
}
