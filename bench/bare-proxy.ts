/**
 * The least a Node proxy can do: read the body, send it upstream over a keep-alive
 * connection, pipe the answer back. Run beside the companion, it shows what this machine
 * charges for one more HTTP hop in Node, before anything the companion does; `fastify` runs
 * the same forwarding as a fastify route, as the companion's is, so that the framework's own
 * share shows apart from the companion's code.
 *
 * Usage: node --import tsx bench/bare-proxy.ts PORT UPSTREAM_URL AUTHORIZATION [node|fastify]
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify from 'fastify';

const [port, upstream, authorization, server = 'node'] = [Number(process.argv[2]), new URL(process.argv[3]!), process.argv[4]!, process.argv[5]];
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const announce = () => console.log(`bare ${server} proxy on ${port}`);

function forward(path: string, body: Buffer, res: ServerResponse): void {
  const headers = { 'content-type': 'application/json', authorization, 'content-length': body.length };
  const outgoing = request({ host: upstream.hostname, port: upstream.port, path, method: 'POST', agent, headers }, (answer: IncomingMessage) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  outgoing.on('error', () => res.destroy());
  outgoing.end(body);
}

if (server === 'fastify') {
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/v1/chat/completions', (req, reply) => {
    reply.hijack();
    forward(req.url, req.body as Buffer, reply.raw);
  });
  await app.listen({ port, host: '127.0.0.1' });
  announce();
} else {
  createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => forward(req.url!, Buffer.concat(chunks), res));
  }).listen(port, '127.0.0.1', announce);
}
