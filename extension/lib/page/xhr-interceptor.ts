import { recogniseCall } from '../../../shared/protocols/registry.js';

interface PendingXhr {
  method: string;
  url: URL;
  headers: Headers;
}

const pending = new WeakMap<XMLHttpRequest, PendingXhr>();

/** Gives an XHR the state a real one would have, as own properties over the prototype's getters. */
function setState(xhr: XMLHttpRequest, state: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(state)) Object.defineProperty(xhr, name, { value, configurable: true, writable: false });
}

function fire(xhr: XMLHttpRequest, type: string, loaded = 0, total = 0): void {
  xhr.dispatchEvent(type === 'readystatechange' ? new Event(type) : new ProgressEvent(type, { loaded, total, lengthComputable: total > 0 }));
}

/**
 * Wraps XMLHttpRequest for the same LLM API calls `fetch` covers: a recognised POST is run
 * through the (wrapped) `fetch`, and the XHR plays its response back — status, headers,
 * `responseText` growing chunk by chunk with `progress` events, then `load`. Every other
 * request, and any response type but text or JSON, stays with the browser's own XHR.
 */
export function installXhrInterceptor(win: typeof globalThis & Window): void {
  const proto = win.XMLHttpRequest.prototype;
  const { open, setRequestHeader, send } = proto;

  proto.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    pending.delete(this);
    try {
      const parsed = new URL(String(url), win.location.href);
      if (method.toUpperCase() === 'POST' && recogniseCall(parsed, 'POST') && rest[0] !== false) pending.set(this, { method: 'POST', url: parsed, headers: new Headers() });
    } catch {
      // Not a URL we know how to read: the browser's XHR reports it.
    }
    return Reflect.apply(open, this, [method, url, ...rest]);
  } as typeof proto.open;

  proto.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
    pending.get(this)?.headers.append(name, value);
    return Reflect.apply(setRequestHeader, this, [name, value]);
  };

  proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const call = pending.get(this);
    const textual = typeof body === 'string' || body instanceof Blob || ArrayBuffer.isView(body) || body instanceof ArrayBuffer;
    if (!call || !textual || (this.responseType !== '' && this.responseType !== 'text' && this.responseType !== 'json')) {
      return Reflect.apply(send, this, [body]);
    }
    pending.delete(this);
    void playBack(win, this, call, body as BodyInit);
  };
}

async function playBack(win: Window, xhr: XMLHttpRequest, call: PendingXhr, body: BodyInit): Promise<void> {
  const controller = new AbortController();
  let finished = false;
  Object.defineProperty(xhr, 'abort', {
    configurable: true,
    value: () => {
      if (finished) return;
      finished = true;
      controller.abort();
      setState(xhr, { readyState: 4, status: 0, statusText: '' });
      fire(xhr, 'readystatechange');
      fire(xhr, 'abort');
      fire(xhr, 'loadend');
    },
  });
  fire(xhr, 'loadstart');
  try {
    const response = await win.fetch(call.url, { method: 'POST', headers: call.headers, body, signal: controller.signal, credentials: xhr.withCredentials ? 'include' : 'same-origin' });
    const headerText = [...response.headers].map(([n, v]) => `${n}: ${v}`).join('\r\n');
    Object.defineProperty(xhr, 'getResponseHeader', { configurable: true, value: (name: string) => response.headers.get(name) });
    Object.defineProperty(xhr, 'getAllResponseHeaders', { configurable: true, value: () => (headerText ? `${headerText}\r\n` : '') });
    setState(xhr, { readyState: 2, status: response.status, statusText: response.statusText, responseURL: call.url.href });
    fire(xhr, 'readystatechange');
    let text = '';
    const decoder = new TextDecoder();
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (finished) return;
        text += decoder.decode(chunk, { stream: true });
        setState(xhr, { readyState: 3, responseText: text, response: xhr.responseType === 'json' ? null : text });
        fire(xhr, 'readystatechange');
        fire(xhr, 'progress', text.length);
      }
    }
    if (finished) return;
    text += decoder.decode();
    let json: unknown = null;
    if (xhr.responseType === 'json') {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    finished = true;
    setState(xhr, { readyState: 4, responseText: text, response: xhr.responseType === 'json' ? json : text });
    fire(xhr, 'readystatechange');
    fire(xhr, 'load', text.length, text.length);
    fire(xhr, 'loadend', text.length, text.length);
  } catch {
    if (finished) return;
    finished = true;
    setState(xhr, { readyState: 4, status: 0, statusText: '' });
    fire(xhr, 'readystatechange');
    fire(xhr, 'error');
    fire(xhr, 'loadend');
  }
}
