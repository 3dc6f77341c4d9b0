import { Pairings } from '../store/pairings.js';
import type { Check } from './check.js';

export function pairingCheck(home: string): Check {
  const paired = new Pairings(home).paired();
  if (!paired.length) return { ok: 'warn', text: "no browser extension is paired (run leo pair and paste the code in the extension's Options)" };
  const list = paired.map((p) => `${p.origin} since ${new Date(p.pairedAt).toISOString().slice(0, 10)}`).join(', ');
  return { ok: true, text: `the browser extension is paired (${list})` };
}
