/**
 * The least a Node proxy can do: read the body, send it upstream over a keep-alive
 * connection, pipe the answer back. Run beside the companion, it shows what this machine
 * charges for one more HTTP hop in Node, before anything the companion does.
 *
 * Usage: node --import tsx bench/bare-proxy.ts PORT UPSTREAM_URL AUTHORIZATION
 */
import { Agent, createServer, request } from 'node:http';

const [port, upstream, authorization] = [Number(process.argv[2]), new URL(process.argv[3]!), process.argv[4]!];
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const headers = { 'content-type': 'application/json', authorization, 'content-length': body.length };
    const outgoing = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: 'POST', agent, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    outgoing.on('error', () => res.destroy());
    outgoing.end(body);
  });
}).listen(port, '127.0.0.1', () => console.log(`bare proxy on ${port}`));
