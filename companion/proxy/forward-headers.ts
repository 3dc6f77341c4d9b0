import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { ProtocolWire } from '../../shared/protocols/adapter.js';
import { API_KEY_HEADERS, BROWSER_CREDENTIAL_HEADERS } from '../../shared/protocols/credentials.js';

/** Headers that describe one hop, or carry the caller's credentials or browser context. */
const NOT_FORWARDED_UP = new Set<string>([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'content-length',
  'accept-encoding',
  ...API_KEY_HEADERS,
  ...BROWSER_CREDENTIAL_HEADERS,
  'origin',
  'referer',
]);

const NOT_FORWARDED_DOWN = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'trailer', 'set-cookie']);

/** The caller's headers as the provider should see them, with the provider key from the vault as the protocol sends it (none for the user's own server). */
export function upstreamHeaders(incoming: IncomingHttpHeaders, wire: ProtocolWire, key: string | undefined, bodyLength: number): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || NOT_FORWARDED_UP.has(name) || name.startsWith('x-leo-') || name.startsWith('sec-')) continue;
    out[name] = value;
  }
  // Identity encoding lets the companion read usage from the body as it streams past.
  out['accept-encoding'] = 'identity';
  out['content-length'] = bodyLength;
  for (const [name, value] of Object.entries(wire.defaultHeaders ?? {})) out[name] ??= value;
  return { ...out, ...(key !== undefined ? wire.authHeaders(key) : {}) };
}

/**
 * The provider's response headers as the caller should see them (status details, retry-after,
 * rate limits). Never its CORS headers: the provider's `*` would open the companion's answer
 * to every web page, where only the paired extension may read it.
 */
export function downstreamHeaders(incoming: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !NOT_FORWARDED_DOWN.has(name) && !name.startsWith('access-control-')) out[name] = value;
  }
  return out;
}
