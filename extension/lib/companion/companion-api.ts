import type { LeoSettings } from '../settings/settings.js';

/** One call to the paired companion's own API (`/leo/...`); throws an Error that says what went wrong. */
export async function askCompanion(settings: LeoSettings, path: string, init: RequestInit = {}): Promise<unknown> {
  if (!settings.pairingToken) throw new Error('Pair the extension with the companion first (Options): the keys are the companion’s.');
  let res: Response;
  try {
    res = await fetch(`${settings.companionUrl}${path}`, { ...init, headers: { authorization: `Bearer ${settings.pairingToken}`, ...init.headers }, signal: AbortSignal.timeout(3000) });
  } catch {
    throw new Error(`The companion does not answer at ${settings.companionUrl}.`);
  }
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `The companion refused (HTTP ${res.status}).`);
  return body;
}

