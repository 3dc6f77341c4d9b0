import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recogniseCall, type CanonicalAnswer, type CanonicalRequest } from '../../shared/protocols/index.js';

export interface RenderServer {
  url: string;
  /** The canonical form of every request the server received. */
  requests: CanonicalRequest[];
  close(): Promise<void>;
}

/** Serves one fixed canonical answer in whatever protocol and mode each request asks for. */
export async function serveAnswer(answer: CanonicalAnswer): Promise<RenderServer> {
  const requests: CanonicalRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const call = recogniseCall(url, req.method ?? 'GET');
    if (!call) {
      res.writeHead(404).end();
      return;
    }
    const request = call.adapter.parseRequest(JSON.parse(Buffer.concat(chunks).toString('utf8')), call.match);
    requests.push(request);
    if (request.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const frame of call.adapter.renderSse(answer, request)) res.write(frame);
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(call.adapter.renderJson(answer, request)));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
