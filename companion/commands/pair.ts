import type { CliValues } from '../cli-args.js';
import { resolveHome } from '../home.js';
import { Pairings } from '../store/pairings.js';

export function runPair(values: CliValues): number {
  const { code, expiresAt } = new Pairings(resolveHome(values.home)).issueCode();
  console.log(`Pairing code: ${code}

Open LEO Optima's Options in the browser, paste this code under "Companion", and press Pair.
The code works once, until ${new Date(expiresAt).toLocaleTimeString()}.`);
  return 0;
}
