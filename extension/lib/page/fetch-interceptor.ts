import { recogniseCall } from '../../../shared/protocols/registry.js';
import { API_KEY_HEADERS, BROWSER_CREDENTIAL_HEADERS } from '../../../shared/protocols/credentials.js';
import { CACHE_STATUS_HEADER } from '../../../shared/companion-contract.js';
import { CALL_ENVELOPE, MAX_CALL_BODY_CHARS, asCallReply, type CallFollowUp, type PageCall } from '../call/call-messages.js';

/** The extension never learns the page's own credentials: they stay with the page's direct request. */
const CREDENTIAL_HEADERS = new Set<string>([...API_KEY_HEADERS, ...BROWSER_CREDENTIAL_HEADERS]);
/** How long the bridge may take to acknowledge a call before the page goes direct (it answers in well under a millisecond). */
const ACK_TIMEOUT_MS = 300;
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

type FetchArgs = [input: RequestInfo | URL, init?: RequestInit];

function requestUrl(input: RequestInfo | URL, base: string): URL {
  if (input instanceof Request) return new URL(input.url);
  return new URL(input instanceof URL ? input.href : String(input), base);
}

/** The body as text, when it is text we can read without disturbing the page's request. */
async function bodyText([input, init]: FetchArgs): Promise<string | undefined> {
  const body = init?.body ?? (input instanceof Request ? null : undefined);
  let text: string | undefined;
  if (typeof body === 'string') text = body;
  else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return undefined;
    }
  } else if (body instanceof Blob) text = await body.text();
  else if (body === null && input instanceof Request && !input.bodyUsed) text = await input.clone().text();
  return text !== undefined && text.length <= MAX_CALL_BODY_CHARS ? text : undefined;
}

function callHeaders([input, init]: FetchArgs): [string, string][] {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  return [...headers].filter(([name]) => !CREDENTIAL_HEADERS.has(name));
}

function withoutKeyParam(url: URL): string {
  const copy = new URL(url);
  copy.searchParams.delete('key');
  return copy.href;
}

/** The provider's own response, labelled `x-leo-cache: miss` like every answer the extension saw. */
function markedMiss(response: Response, url: URL): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  headers.set(CACHE_STATUS_HEADER, 'miss');
  const marked = new Response(NULL_BODY_STATUSES.has(response.status) ? null : response.body, { status: response.status, statusText: response.statusText, headers });
  Object.defineProperty(marked, 'url', { value: response.url || url.href });
  return marked;
}

/**
 * Wraps the page's `fetch`: LLM API calls that `shared/protocols` recognises are offered to
 * the extension, which answers them or tells the page to go ahead itself; every other call,
 * and every call the extension cannot take, runs the page's original `fetch` untouched.
 */
export function installFetchInterceptor(win: typeof globalThis & Window): void {
  const originalFetch = win.fetch;

  function fetch(this: unknown, ...args: FetchArgs): Promise<Response> {
    const original = () => Reflect.apply(originalFetch, this, args) as Promise<Response>;
    let url: URL;
    let method: string;
    try {
      url = requestUrl(args[0], win.location.href);
      method = (args[1]?.method ?? (args[0] instanceof Request ? args[0].method : 'GET')).toUpperCase();
    } catch {
      return original();
    }
    if (method !== 'POST' || !/^https?:$/.test(url.protocol) || !recogniseCall(url, method)) return original();
    return offerToExtension(win, args, url, original).catch(() => original());
  }
  Object.defineProperty(fetch, 'length', { value: 1 });
  win.fetch = fetch as typeof win.fetch;
}

async function offerToExtension(win: Window, args: FetchArgs, url: URL, original: () => Promise<Response>): Promise<Response> {
  const signal = args[1]?.signal ?? (args[0] instanceof Request ? args[0].signal : undefined);
  const body = signal?.aborted ? undefined : await bodyText(args);
  if (body === undefined) return original();
  const call: PageCall = { type: 'call', url: withoutKeyParam(url), method: 'POST', headers: callHeaders(args), body };

  const channel = new MessageChannel();
  const port = channel.port1;
  const followUp = (message: CallFollowUp) => port.postMessage(message);

  return new Promise<Response>((resolve, reject) => {
    let phase: 'waiting' | 'streaming' | 'direct' | 'done' = 'waiting';
    let stream: ReadableStreamDefaultController<Uint8Array> | undefined;
    const encoder = new TextEncoder();

    const finish = () => {
      phase = 'done';
      signal?.removeEventListener('abort', onAbort);
      port.close();
    };
    const goDirect = (report: boolean) => {
      if (phase !== 'waiting') return;
      phase = 'direct';
      signal?.removeEventListener('abort', onAbort);
      const request = original();
      if (!report) {
        resolve(request);
        return finish();
      }
      request
        .then((response) => {
          const copy = response.clone();
          resolve(markedMiss(response, url));
          return copy.text().then(
            (text) => followUp({ type: 'direct-result', status: response.status, body: text, complete: true }),
            () => followUp({ type: 'direct-result', status: response.status, body: '', complete: false }),
          );
        })
        .catch((err: unknown) => {
          reject(err);
          followUp({ type: 'direct-result', status: 599, body: '', complete: false });
        })
        .finally(finish);
    };
    function onAbort() {
      const reason = signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
      followUp({ type: 'abort' });
      if (phase === 'waiting') reject(reason);
      else if (phase === 'streaming') stream?.error(reason);
      finish();
    }

    const ackTimer = setTimeout(() => goDirect(false), ACK_TIMEOUT_MS);
    port.onmessage = (event: MessageEvent) => {
      if (event.data?.type === 'ack') return clearTimeout(ackTimer);
      const reply = asCallReply(event.data);
      if (!reply || phase === 'done' || phase === 'direct') return;
      clearTimeout(ackTimer);
      switch (reply.type) {
        case 'direct':
          return goDirect(reply.report);
        case 'fail':
          if (phase === 'waiting') return goDirect(false);
          stream?.error(new TypeError(`Network error: ${reply.message}`));
          return finish();
        case 'head': {
          if (phase !== 'waiting') return;
          phase = 'streaming';
          const body = NULL_BODY_STATUSES.has(reply.status) ? null : new ReadableStream<Uint8Array>({ start: (c) => void (stream = c) });
          const response = new Response(body, { status: reply.status, statusText: reply.statusText, headers: reply.headers });
          Object.defineProperty(response, 'url', { value: url.href });
          return resolve(response);
        }
        case 'chunk':
          return stream?.enqueue(encoder.encode(reply.text));
        case 'end':
          stream?.close();
          return finish();
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    win.postMessage({ [CALL_ENVELOPE]: call }, '*', [channel.port2]);
  });
}
