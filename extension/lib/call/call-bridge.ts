import { browser } from 'wxt/browser';
import { ADMITTED, CALL_ENVELOPE, CALL_PORT, INLINE_BODY_CHARS, asCallFollowUp, asCallReply, asPageCall } from './call-messages.js';

type Port = ReturnType<typeof browser.runtime.connect>;

/**
 * Connecting a Port costs a round trip through the browser that a call would wait for, so once
 * a page has made a call the next call's Port is opened ahead. Chrome disconnects it when it
 * stops an idle worker, and then the next call connects afresh.
 */
class SparePort {
  private port: Port | undefined;

  /** A Port that took `first` (the spare, unless it turns out disconnected), or a fresh one. */
  send(first: unknown): Port {
    const ready = this.port;
    this.port = undefined;
    if (ready) {
      try {
        ready.postMessage(first);
        return ready;
      } catch {
        // Its worker stopped and Chrome said so before we noticed: connect afresh.
      }
    }
    const port = browser.runtime.connect({ name: CALL_PORT });
    port.postMessage(first);
    return port;
  }

  prepare(): void {
    if (this.port) return;
    try {
      const port = browser.runtime.connect({ name: CALL_PORT });
      port.onDisconnect.addListener(() => {
        if (this.port === port) this.port = undefined;
      });
      this.port = port;
    } catch {
      // The extension is going away; the next call finds out for itself.
    }
  }
}

/**
 * Relays calls from the page's interceptor to the background, one Port per call. A large body
 * is sent only once the background admits it (a fair share per site of the extension's
 * messaging); a small one comes with the request to be admitted. Only the documented messages
 * pass, each checked in both directions; if the extension goes away mid-call the page hears
 * `fail` and, before any answer, makes its request itself.
 */
export function installCallBridge(win: Window): void {
  const spare = new SparePort();
  win.addEventListener('message', (event: MessageEvent) => {
    const envelope = event.data as Record<string, unknown> | null;
    if (event.source !== win || typeof envelope !== 'object' || envelope === null || !(CALL_ENVELOPE in envelope) || event.ports.length !== 1) return;
    const pagePort = event.ports[0]!;
    const call = asPageCall(envelope[CALL_ENVELOPE]);
    if (!call) {
      pagePort.postMessage({ type: 'fail', message: 'malformed call' });
      return pagePort.close();
    }
    pagePort.postMessage({ type: 'ack' });

    let port: Port;
    try {
      const inline = call.body.length <= INLINE_BODY_CHARS;
      port = spare.send({ type: 'admit', chars: call.body.length, ...(inline ? { call } : {}) });
    } catch {
      pagePort.postMessage({ type: 'fail', message: 'the extension is unavailable' });
      return pagePort.close();
    }
    let ended = false;
    port.onMessage.addListener((message: unknown) => {
      if ((message as { type?: unknown } | null)?.type === ADMITTED.type) return port.postMessage(call);
      const reply = asCallReply(message);
      if (!reply) return;
      if (reply.type === 'end' || reply.type === 'fail' || (reply.type === 'direct' && !reply.report)) ended = true;
      pagePort.postMessage(reply);
    });
    port.onDisconnect.addListener(() => {
      if (!ended) pagePort.postMessage({ type: 'fail', message: 'the extension stopped' });
      pagePort.close();
    });
    pagePort.onmessage = (e: MessageEvent) => {
      const followUp = asCallFollowUp(e.data);
      if (!followUp) return;
      if (followUp.type === 'abort') {
        // The page gave up on the call: closing its Port aborts whatever the background is doing for it.
        ended = true;
        port.disconnect();
        return pagePort.close();
      }
      port.postMessage(followUp);
    };
    spare.prepare();
  });
}
