import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ProtocolError } from '../../shared/protocols/errors.js';

const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: Infinity }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: Infinity }),
};

export interface UpstreamRequest {
  url: URL;
  headers: OutgoingHttpHeaders;
  body: Uint8Array;
  signal: AbortSignal;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
}

/**
 * Sends one request upstream over a keep-alive connection and resolves with the response
 * once its headers arrive; the body is left to stream. Failures become ProtocolErrors
 * (502 unreachable, 504 timeout) that the caller renders in its own protocol.
 */
export function sendUpstream(req: UpstreamRequest): Promise<IncomingMessage> {
  const https = req.url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const outgoing = (https ? httpsRequest : httpRequest)(req.url, {
      method: 'POST',
      headers: req.headers,
      agent: https ? agents.https : agents.http,
      signal: req.signal,
    });
    const headersTimer = setTimeout(() => {
      outgoing.destroy(new ProtocolError(504, 'timeout', `The upstream did not answer within ${req.headersTimeoutMs} ms.`));
    }, req.headersTimeoutMs);
    outgoing.setTimeout(req.idleTimeoutMs, () => {
      outgoing.destroy(new ProtocolError(504, 'timeout', `The upstream was silent for ${req.idleTimeoutMs} ms.`));
    });
    outgoing.on('response', (res) => {
      clearTimeout(headersTimer);
      resolve(res);
    });
    outgoing.on('error', (err) => {
      clearTimeout(headersTimer);
      if (err instanceof ProtocolError) reject(err);
      else if (req.signal.aborted) reject(err);
      else reject(new ProtocolError(502, 'server', `Could not reach the upstream at ${req.url.origin}: ${err.message}`));
    });
    outgoing.end(req.body);
  });
}
