import { COMPANION_HEADER } from '../../shared/companion-contract.js';

export type CompanionStatus = 'running' | 'absent';

export const COMPANION_URL = 'http://127.0.0.1:8080';

/** The companion answers every unauthenticated call with its own 401, which proves it is there. */
export async function probeCompanion(baseUrl = COMPANION_URL): Promise<CompanionStatus> {
  try {
    const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1500) });
    return res.headers.get(COMPANION_HEADER) ? 'running' : 'absent';
  } catch {
    return 'absent';
  }
}
