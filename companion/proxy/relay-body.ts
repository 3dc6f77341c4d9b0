import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FrameFilter } from './without-frames.js';

/**
 * Relays the provider's body to the caller chunk by chunk, through `filter` when there is
 * one, holding the provider back while the caller's socket is full. Written out instead of
 * `pipeline(upstream, transform, res)`: a stream Transform adds a round of callbacks and a
 * buffer per chunk, which showed in the proxy's added latency.
 */
export function relayBody(upstream: IncomingMessage, res: ServerResponse, filter?: FrameFilter): void {
  upstream.on('data', (chunk: Buffer) => {
    const out = filter ? filter.push(chunk) : chunk;
    if (out && !res.write(out)) upstream.pause();
  });
  res.on('drain', () => upstream.resume());
  upstream.on('end', () => res.end(filter?.end()));
  // A provider that broke off mid-answer: the caller must see a broken stream, never a short one that looks whole.
  upstream.on('aborted', () => res.destroy());
  upstream.on('error', () => res.destroy());
  res.on('close', () => {
    if (!upstream.complete) upstream.destroy();
  });
}
