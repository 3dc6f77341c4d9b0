import { deleteEntry, tightenEntry } from '../cache/cache-browser.js';
import type { CallReply } from './call-messages.js';
import { runCall } from './call-runner.js';
import { database } from '../settings/database.js';
import { loadSettings } from '../settings/settings.js';

/**
 * "Refetch fresh" on a hit in the popup. On a reworded hit, the user is saying that answer was
 * wrong for this wording: the entry stays for its own prompt, but a rewording must now be
 * closer than this one to reuse it (learned, per entry). On an exact hit, the answer is
 * forgotten. Then, for a site lent the companion's keys, the provider is asked again and the
 * new answer cached; otherwise the page's next identical call does it with its own key.
 * Returns what happened, in words for the popup.
 */
export async function refetchFresh(eventId: number): Promise<string> {
  const event = await database().events.get(eventId);
  if (!event?.refetch) throw new Error('Only answers served from the cache can be refetched.');
  const { entryId, cosine } = event.refetch;
  let learned = '';
  if (entryId !== undefined && event.reason === 'semantic-hit' && cosine !== undefined) {
    const lesson = await tightenEntry(entryId, cosine);
    if (lesson) {
      const which = lesson.neighbours === 0 ? 'that answer is' : `that answer and ${lesson.neighbours} cached for similar prompts are`;
      learned = `Learned: ${which} no longer reused for rewordings as far from their prompts (cosine below ${lesson.minCosine.toFixed(3)}). `;
    }
  } else if (entryId !== undefined) await deleteEntry(entryId);
  const settings = await loadSettings();
  if (!settings.pairingToken || !settings.keyGrants[event.site]) return `${learned}${learned ? 'The' : 'Forgotten: the'} next identical call gets a fresh answer.`;
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
  if (outcome?.type === 'end' && status < 400) return `${learned}A fresh answer is cached.`;
  return `${learned}${learned ? 'The' : 'Forgotten, but the'} fresh call failed (${outcome?.type === 'fail' ? outcome.message : `HTTP ${status}`}); the next identical call tries again.`;
}
