import { database } from './database.js';

/** Every ledger event as one JSON line each, oldest first: what the popup's figures are sums of. */
export async function exportLedger(): Promise<string> {
  const events = await database().events.orderBy('at').toArray();
  return events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : '');
}
