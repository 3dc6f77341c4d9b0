import { browser, type Browser } from 'wxt/browser';
import { asCallFollowUp, asPageCall, type CallReply } from './call-messages.js';
import { runCall, type DirectOutcome } from './call-runner.js';

/** The page's origin as the browser reports it; the page cannot choose it. */
function senderOrigin(port: Browser.runtime.Port): string | undefined {
  const sender = port.sender;
  if (!sender?.tab || sender.id !== browser.runtime.id) return undefined;
  if (sender.origin) return sender.origin;
  try {
    return sender.url ? new URL(sender.url).origin : undefined;
  } catch {
    return undefined;
  }
}

/** One intercepted call over its own Port from the bridge: the first message is the call, later ones abort it or report the page's direct answer. */
export function handleCallPort(port: Browser.runtime.Port): void {
  const origin = senderOrigin(port);
  if (!origin) return port.disconnect();
  const abort = new AbortController();
  let started = false;
  let open = true;
  let directOutcome: ((outcome: DirectOutcome) => void) | undefined;

  const send = (reply: CallReply) => {
    if (open) port.postMessage(reply);
  };
  port.onDisconnect.addListener(() => {
    open = false;
    abort.abort();
    directOutcome?.({ status: 599, body: '', complete: false });
  });
  port.onMessage.addListener((message: unknown) => {
    if (!started) {
      const page = asPageCall(message);
      if (!page) return port.disconnect();
      started = true;
      const sink = {
        send,
        signal: abort.signal,
        fresh: false,
        tabId: port.sender?.tab?.id,
        direct: () => new Promise<DirectOutcome>((resolve) => (directOutcome = resolve)),
      };
      runCall(page, origin, sink)
        .catch(() => send({ type: 'fail', message: 'internal error' }))
        .finally(() => {
          // The call is over: release the Port, so no finished call keeps the worker awake.
          if (open) port.disconnect();
        });
      return;
    }
    const followUp = asCallFollowUp(message);
    if (followUp?.type === 'abort') abort.abort();
    else if (followUp?.type === 'direct-result') directOutcome?.(followUp);
  });
}
