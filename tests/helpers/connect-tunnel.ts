import { connect, createServer, type Server } from 'node:net';

/**
 * An HTTP proxy that answers every CONNECT by tunnelling to one loopback port: a browser told
 * to use it reaches https://api.openai.com and the other provider hosts at that port (Firefox
 * has no host-resolver rules). Nothing leaves the machine.
 */
export async function startConnectTunnel(targetPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((client) => {
    client.once('data', (head) => {
      if (!/^CONNECT /.test(head.toString('latin1'))) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
