import { randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreateSecret } from '../home.js';

/** The token every local client presents; made at first start, kept 0600 in the home. */
export function loadLocalToken(home: string): string {
  return readOrCreateSecret(join(home, 'token'), () => `leo-${randomBytes(24).toString('base64url')}`);
}

export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
