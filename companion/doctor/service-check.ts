import { existsSync, readFileSync } from 'node:fs';
import { loginService } from '../service/login-service.js';
import { serviceLogFile } from '../service/service-spec.js';
import type { Check } from './check.js';

/** Whether the login service is installed and running, as the platform's service manager says. */
export function serviceCheck(home: string): Check {
  let state;
  try {
    state = loginService(home).state();
  } catch (err) {
    return { ok: 'warn', text: `login service: ${(err as Error).message}` };
  }
  if (!state.installed) return { ok: 'warn', text: 'login service: not installed (leo service install starts the companion at every login)' };
  if (state.running === false) return { ok: false, text: `login service: installed, not running (${state.detail})`, fix: `read ${serviceLogFile(home)} (its end is below), then run leo service install again` };
  return { ok: state.running ? true : 'warn', text: `login service: ${state.detail}` };
}

/** The last lines the service wrote, for when the companion is not answering. */
export function serviceLogTail(home: string, lines = 10): string[] {
  const file = serviceLogFile(home);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
}
