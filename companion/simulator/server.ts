import type { Persona } from './simulated-answer.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProtocolAdapter } from '../../shared/protocols/adapter.js';
import type { ProtocolId } from '../../shared/protocols/canonical/protocol-id.js';
import { ProtocolError } from '../../shared/protocols/errors.js';
import { openAiChat } from '../../shared/protocols/openai-chat/index.js';
import { ADAPTERS, recogniseCall } from '../../shared/protocols/registry.js';
import { faultFor, type Fault } from './faults.js';
import { modelListing } from './model-lists.js';
import { AnthropicPromptCache } from './anthropic-prompt-cache.js';
import { isObject } from '../../shared/protocols/json-shape.js';
import { lastUserText, simulatedAnswer } from './simulated-answer.js';

export interface SimulatorOptions {
  port?: number;
  /** Delay before the response headers, in ms. */
  latencyMs?: number;
  /** Streaming pace; 0 sends every frame at once. */
  tokensPerSecond?: number;
  /** When set, only this API key is accepted. */
  requireKey?: string;
  /** Plays a server of the user's own (Ollama, vLLM): no key is asked for. */
  noAuth?: boolean;
  /** `wrong` answers every question wrongly on purpose (a faulty consensus panel member); `honest` unless set. */
  persona?: Persona;
  /** Serve HTTPS with this certificate, so a browser can reach it as api.openai.com (host-resolver rules). */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface SimulatorStats {
  requests: number;
  completed: number;
  /** Calls whose client went away before the answer ended. */
  aborted: number;
  byProtocol: Partial<Record<ProtocolId, number>>;
  lastRequest?: { path: string; headers: IncomingMessage['headers']; body: string };
}

export interface Simulator {
  url: string;
  port: number;
  stats: SimulatorStats;
  close(): Promise<void>;
}

const LABEL = 'LEO Optima provider simulator: answers are generated locally and are not from a real model.';

function presentedKey(protocol: ProtocolId, req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
  // Anthropic takes an API key in x-api-key, and its SDK sends some credentials as a bearer token.
  if (protocol === 'anthropic-messages') return (req.headers['x-api-key'] as string | undefined) ?? bearer;
  if (protocol === 'azure-openai-chat') return req.headers['api-key'] as string | undefined;
  if (protocol === 'gemini') return (req.headers['x-goog-api-key'] as string | undefined) ?? url.searchParams.get('key') ?? undefined;
  return bearer;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

function sendError(res: ServerResponse, adapter: ProtocolAdapter, error: ProtocolError, retryAfter?: number): void {
  sendJson(res, error.status, adapter.renderError(error), retryAfter ? { 'retry-after': String(retryAfter) } : {});
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function write(res: ServerResponse, frame: string): Promise<void> {
  if (!res.write(frame)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
}

function numberHeader(req: IncomingMessage, name: string, fallback: number): number {
  const value = Number(req.headers[name]);
  return req.headers[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Starts the simulator on 127.0.0.1: all four protocols, with latency, pacing and faults on request. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const stats: SimulatorStats = { requests: 0, completed: 0, aborted: 0, byProtocol: {} };

  const promptCache = new AnthropicPromptCache();
  const keyAccepted = (key: string | undefined) => options.noAuth === true || (key !== undefined && key !== '' && (options.requireKey === undefined || key === options.requireKey));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Like the real APIs, answer pages that call from the browser.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'POST, GET, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      return void res.end();
    }
    if (req.method === 'GET' && url.pathname === '/__simulator/stats') return sendJson(res, 200, stats);
    if (req.method === 'POST' && url.pathname === '/__simulator/reset') {
      Object.assign(stats, { requests: 0, completed: 0, aborted: 0, byProtocol: {}, lastRequest: undefined });
      return sendJson(res, 200, stats);
    }
    if (req.method === 'GET' && url.pathname === '/') return sendJson(res, 200, { simulator: LABEL });

    const listing = req.method === 'GET' ? modelListing(url.pathname, req.headers['x-api-key'] !== undefined || req.headers['anthropic-version'] !== undefined) : undefined;
    if (listing) {
      const adapter = ADAPTERS[listing.protocol];
      if (!keyAccepted(presentedKey(listing.protocol, req, url))) return sendError(res, adapter, new ProtocolError(401, 'authentication', 'Invalid or missing API key (simulator).'));
      return sendJson(res, 200, listing.body);
    }

    const call = recogniseCall(url, req.method ?? 'GET');
    if (!call) return sendError(res, openAiChat, new ProtocolError(404, 'not_found', `No simulated endpoint ${req.method} ${url.pathname}.`));
    const { adapter } = call;
    const raw = await readBody(req);
    stats.requests++;
    stats.byProtocol[adapter.id] = (stats.byProtocol[adapter.id] ?? 0) + 1;
    stats.lastRequest = { path: url.pathname + url.search, headers: req.headers, body: raw.toString('utf8') };

    if (!keyAccepted(presentedKey(adapter.id, req, url))) {
      return sendError(res, adapter, new ProtocolError(401, 'authentication', 'Invalid or missing API key (simulator).'));
    }
    if (adapter.id === 'anthropic-messages' && !req.headers['anthropic-version']) {
      return sendError(res, adapter, new ProtocolError(400, 'invalid_request', 'anthropic-version: header is required'));
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendError(res, adapter, new ProtocolError(400, 'invalid_request', 'The request body is not valid JSON.'));
    }
    let request;
    try {
      request = adapter.parseRequest(body, call.match);
    } catch (err) {
      if (err instanceof ProtocolError) return sendError(res, adapter, err);
      throw err;
    }

    let finished = false;
    res.on('close', () => {
      if (!finished) stats.aborted++;
    });
    const fault: Fault | undefined = faultFor(req.headers, lastUserText(request));
    if (fault?.type === 'hang') return;
    await sleep(numberHeader(req, 'x-sim-latency-ms', options.latencyMs ?? 0));
    if (res.destroyed) return;
    if (fault?.type === 'status') {
      finished = true;
      return sendError(res, adapter, new ProtocolError(fault.status, fault.kind, `Simulated ${fault.status} error.`), fault.retryAfter);
    }

    const answer = simulatedAnswer(request, options.persona);
    if (adapter.id === 'anthropic-messages' && isObject(body)) Object.assign(answer.usage, promptCache.usage(body, answer.usage.inputTokens));
    const headers = { 'x-leo-simulator': '1', 'request-id': `sim_${answer.id}` };
    if (!request.stream) {
      const json = JSON.stringify(adapter.renderJson(answer, request));
      if (fault?.type === 'cut') {
        res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
        await new Promise((resolve) => res.write(json.slice(0, json.length / 2), resolve));
        res.destroy();
        return;
      }
      finished = true;
      stats.completed++;
      return sendJson(res, 200, JSON.parse(json), headers);
    }

    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const frames = adapter.renderSse(answer, request);
    const pace = numberHeader(req, 'x-sim-tokens-per-sec', options.tokensPerSecond ?? 0);
    const cutAt = fault?.type === 'cut' ? Math.floor(frames.length / 2) : frames.length;
    for (let i = 0; i < cutAt; i++) {
      if (res.destroyed) return;
      await write(res, frames[i]!);
      if (pace > 0) await sleep(1000 / pace);
    }
    if (cutAt < frames.length) {
      // Let what was written reach the client before the connection drops.
      await new Promise((resolve) => res.write('', resolve));
      res.destroy();
      return;
    }
    finished = true;
    stats.completed++;
    res.end();
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `Simulator failure: ${(err as Error).message}` } });
      else res.destroy();
    });
  };
  const server: Server = options.tls ? createTlsServer(options.tls, onRequest) : createServer(onRequest);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
