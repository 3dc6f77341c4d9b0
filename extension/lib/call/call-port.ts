import { browser, type Browser } from 'wxt/browser';
import { ADMITTED, asAdmissionRequest, asCallFollowUp, asPageCall, type CallReply, type PageCall } from './call-messages.js';
import { runCall, type DirectOutcome } from './call-runner.js';
import { CallAdmission } from './call-admission.js';
import { currentSettings } from '../settings/settings.js';

const admission = new CallAdmission();

/**
 * The page's origin as the browser reports it; the page cannot choose it. A sandboxed frame's
 * origin is opaque (`null`): every such frame would share one namespace, so its calls are
 * left to the page.
 */
function senderOrigin(port: Browser.runtime.Port): string | undefined {
  const sender = port.sender;
  if (!sender?.tab || sender.id !== browser.runtime.id) return undefined;
  let origin = sender.origin;
  try {
    origin ??= sender.url ? new URL(sender.url).origin : undefined;
  } catch {
    return undefined;
  }
  return origin && /^https?:\/\//.test(origin) ? origin : undefined;
}

/** A site that relies on the companion's keys waits for its turn; any other goes direct when its share is used up. */
async function admit(origin: string, chars: number, signal: AbortSignal): Promise<(() => void) | undefined> {
  const settings = await currentSettings().catch(() => undefined);
  if (!settings) return undefined;
  return admission.admit(origin, chars, signal, Boolean(settings.keyGrants[origin]));
}

/**
 * One intercepted call over its own Port from the bridge: first the page asks to send a body
 * of some size (admitted within its site's fair share, else it goes direct), then the call
 * (a small one came with the asking), then messages that abort it or report the page's
 * direct answer.
 */
export function handleCallPort(port: Browser.runtime.Port): void {
  const origin = senderOrigin(port);
  if (!origin) return port.disconnect();
  const abort = new AbortController();
  let phase: 'admitting' | 'waiting-call' | 'started' = 'admitting';
  let release: (() => void) | undefined;
  let admittedChars = 0;
  let open = true;
  let directOutcome: ((outcome: DirectOutcome) => void) | undefined;

  const send = (reply: CallReply) => {
    if (open) port.postMessage(reply);
  };
  port.onDisconnect.addListener(() => {
    open = false;
    abort.abort();
    release?.();
    directOutcome?.({ status: 599, body: '', complete: false });
  });
  const start = (page: PageCall) => {
    phase = 'started';
    const sink = {
      send,
      signal: abort.signal,
      fresh: false,
      tabId: port.sender?.tab?.id,
      direct: () => new Promise<DirectOutcome>((resolve) => (directOutcome = resolve)),
      bodyRead: release,
    };
    runCall(page, origin, sink)
      .catch(() => send({ type: 'fail', message: 'internal error' }))
      .finally(() => {
        release?.();
        // The call is over: release the Port, so no finished call keeps the worker awake.
        if (open) port.disconnect();
      });
  };
  port.onMessage.addListener((message: unknown) => {
    if (phase === 'admitting') {
      const asked = asAdmissionRequest(message);
      if (!asked) return port.disconnect();
      phase = 'waiting-call';
      admittedChars = asked.chars;
      void admit(origin, asked.chars, abort.signal).then((admitted) => {
        release = admitted;
        if (!open) return release?.();
        if (!admitted) {
          send({ type: 'direct', report: false });
          return port.disconnect();
        }
        if (asked.call) start(asked.call);
        else port.postMessage(ADMITTED);
      });
      return;
    }
    if (phase === 'waiting-call') {
      const page = asPageCall(message);
      if (!page || !release || page.body.length !== admittedChars) {
        // Chrome tells only the other end of a Port about a disconnect: release the share here.
        release?.();
        return port.disconnect();
      }
      return start(page);
    }
    const followUp = asCallFollowUp(message);
    if (followUp?.type === 'abort') abort.abort();
    else if (followUp?.type === 'direct-result') directOutcome?.(followUp);
  });
}
