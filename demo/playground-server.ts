import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = join(dirname(fileURLToPath(import.meta.url)), 'playground');

export interface PlaygroundServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the demo playground on loopback, its script bundled with the official SDKs. */
export async function startPlaygroundServer(): Promise<PlaygroundServer> {
  const bundle = await build({ entryPoints: [join(HERE, 'playground.ts')], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
  const files: Record<string, [string, string | Uint8Array]> = {
    '/': ['text/html; charset=utf-8', readFileSync(join(HERE, 'index.html'))],
    '/playground.js': ['text/javascript; charset=utf-8', bundle.outputFiles[0]!.contents],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
