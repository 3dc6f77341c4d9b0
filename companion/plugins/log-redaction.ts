import type { FastifyServerOptions } from 'fastify';
import { API_KEY_HEADERS, BROWSER_CREDENTIAL_HEADERS } from '../../shared/protocols/credentials.js';

/** Query parameters that carry a credential in some client or in our own links. */
const SECRET_PARAMS = /^(key|api[-_]?key|token|access[-_]?token|code)$/i;

/** The URL as a log line may show it: every credential-bearing query value replaced. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const raw = pair.split('=')[0]!;
      let name: string;
      try {
        name = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        // A name that does not decode cannot be told apart from a secret's: hide its value.
        return `${raw}=[redacted]`;
      }
      return SECRET_PARAMS.test(name) ? `${raw}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

/**
 * Request logs for `leo start --log`: method, redacted URL and the peer, never a header or a
 * body (credentials and prompts live there).
 */
export const REDACTED_LOGGER: FastifyServerOptions['logger'] = {
  serializers: {
    req: (req: { method?: string; url?: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url ?? ''), remoteAddress: req.ip }),
  },
  redact: [...API_KEY_HEADERS, ...BROWSER_CREDENTIAL_HEADERS].map((name) => `req.headers["${name}"]`),
};
