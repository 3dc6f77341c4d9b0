import { deleteEntry } from './cache-browser.js';
import type { CallReply } from './call-messages.js';
import { runCall } from './call-runner.js';
import { database } from './database.js';
import { loadSettings } from './settings.js';

/**
 * "Refetch fresh" on a hit in the popup: forgets the cached answer that was served, then, with
 * a companion paired, asks the provider again through it and caches the new answer. Without
 * a companion the extension has no key to ask with, so the page's next identical call does it.
 * Returns what happened, in words for the popup.
 */
export async function refetchFresh(eventId: number): Promise<string> {
  const event = await database().events.get(eventId);
  if (!event?.refetch) throw new Error('Only answers served from the cache can be refetched.');
  if (event.refetch.entryId !== undefined) await deleteEntry(event.refetch.entryId);
  if (!(await loadSettings()).pairingToken) return 'Forgotten: the next identical call gets a fresh answer.';
  let outcome: CallReply | undefined;
  let status = 0;
  await runCall(event.refetch.page, event.site, {
    send: (reply) => {
      if (reply.type === 'head') status = reply.status;
      if (reply.type === 'end' || reply.type === 'fail') outcome = reply;
    },
    signal: AbortSignal.timeout(5 * 60_000),
    fresh: true,
  });
  if (outcome?.type === 'end' && status < 400) return 'A fresh answer is cached.';
  return `Forgotten, but the fresh call failed (${outcome?.type === 'fail' ? outcome.message : `HTTP ${status}`}); the next identical call tries again.`;
}
