import { COMPANION_HEADER, INSTALL_COMMAND } from '../../../shared/companion-contract.js';
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

export async function unpair(): Promise<void> {
  await updateSettings({ pairingToken: null });
}
