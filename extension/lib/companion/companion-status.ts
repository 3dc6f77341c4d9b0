import { COMPANION_HEADER, INSTALL_COMMAND } from '../../../shared/companion-contract.js';
import { browser } from 'wxt/browser';
import { updateSettings, type LeoSettings } from '../settings/settings.js';

/** `paired`: it takes our calls; `unpaired`: it runs but does not know our token; `absent`: nothing answers. */
export type CompanionStatus = 'paired' | 'unpaired' | 'absent';

/** Every companion answer carries its header, even a refusal, which proves it is there. */
export async function probeCompanion(settings: Pick<LeoSettings, 'companionUrl' | 'pairingToken'>): Promise<CompanionStatus> {
  try {
    const res = await fetch(`${settings.companionUrl}/health`, {
      headers: settings.pairingToken ? { authorization: `Bearer ${settings.pairingToken}` } : {},
      signal: AbortSignal.timeout(1500),
    });
    if (!res.headers.get(COMPANION_HEADER)) return 'absent';
    return res.ok ? 'paired' : 'unpaired';
  } catch {
    return 'absent';
  }
}

/** Trades the code `leo pair` printed for this extension's own token, and keeps it. Throws with the companion's reason. */
export async function pairWithCompanion(companionUrl: string, code: string): Promise<void> {
  await updateSettings({ companionUrl });
  let res: Response;
  try {
    res = await fetch(`${companionUrl}/leo/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.trim() }) });
  } catch {
    throw new Error(`Nothing answers at ${companionUrl}. Install and start the companion (${INSTALL_COMMAND}), then run \`leo pair\`.`);
  }
  const body = (await res.json().catch(() => ({}))) as { token?: string; error?: { message?: string } };
  if (!res.ok || typeof body.token !== 'string') throw new Error(body.error?.message ?? `The companion refused (HTTP ${res.status}).`);
  await updateSettings({ pairingToken: body.token });
}

/** What a team companion says about the token it was shown. */
interface TeamHealth {
  member?: { name: string; role: 'admin' | 'member' | 'viewer' };
  error?: { message?: string };
}

/**
 * Joins a team companion with the member token an admin handed out (`leo team add`): checks
 * that it answers and knows the token as a member's who may call, then keeps both. Resolves to
 * the member's name; throws with the reason otherwise.
 */
export async function joinTeamCompanion(companionUrl: string, memberToken: string): Promise<string> {
  const token = memberToken.trim();
  if (!/^https:\/\//.test(companionUrl) && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):/.test(companionUrl)) {
    throw new Error('A team companion is reached over https (put TLS in front of it); only one on this machine may use http://127.0.0.1.');
  }
  // Loopback is in the manifest; a team's host is asked for now, while the user's click allows it.
  if (companionUrl.startsWith('https://') && !(await browser.permissions.request({ origins: [`${companionUrl}/*`] }))) {
    throw new Error(`Without access to ${companionUrl} the extension cannot reach the team companion.`);
  }
  let res: Response;
  try {
    res = await fetch(`${companionUrl}/health`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
  } catch {
    throw new Error(`Nothing answers at ${companionUrl}.`);
  }
  const body = (await res.json().catch(() => ({}))) as TeamHealth;
  if (!res.headers.get(COMPANION_HEADER)) throw new Error(`${companionUrl} is not a LEO Optima companion.`);
  if (!res.ok) throw new Error(body.error?.message ?? `The companion refused the token (HTTP ${res.status}).`);
  if (!body.member) throw new Error('This companion is not a team companion: pair with the code `leo pair` prints instead.');
  if (body.member.role === 'viewer') throw new Error(`${body.member.name} is a viewer, who may not call the API: ask an admin for the member role.`);
  await updateSettings({ companionUrl, pairingToken: token });
  return body.member.name;
}

export async function unpair(): Promise<void> {
  await updateSettings({ pairingToken: null });
}
