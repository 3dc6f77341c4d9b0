import type { Browser } from 'wxt/browser';
import { fromExtensionPage } from './extension-sender.js';
import { refetchFresh } from '../call/refetch.js';

export const BACKGROUND = 'leo-optima/background';

export type BackgroundRequest = { target: typeof BACKGROUND; type: 'refetch'; eventId: number };
export type BackgroundReply = { ok: true; message: string } | { ok: false; error: string };

/** Requests from the popup and Options to the background; anything else, or from anyone else, is ignored. */
export function handleBackgroundRequest(message: unknown, sender: Browser.runtime.MessageSender, reply: (r: BackgroundReply) => void): boolean {
  const request = message as BackgroundRequest | undefined;
  if (request?.target !== BACKGROUND || !fromExtensionPage(sender)) return false;
  if (request.type !== 'refetch' || !Number.isInteger(request.eventId)) {
    reply({ ok: false, error: 'Unknown request.' });
    return false;
  }
  refetchFresh(request.eventId).then(
    (text) => reply({ ok: true, message: text }),
    (err: Error) => reply({ ok: false, error: err.message }),
  );
  return true;
}
