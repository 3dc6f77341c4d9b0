import type { CliValues } from '../cli-args.js';
import { resolveHome } from '../home.js';
import { loadLocalToken } from '../store/local-token.js';

export function runToken(values: CliValues): number {
  console.log(loadLocalToken(resolveHome(values.home)));
  return 0;
}
