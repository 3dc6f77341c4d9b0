import type { ProtocolWire } from '../adapter.js';

export const geminiWire: ProtocolWire = {
  authHeaders: (key) => ({ 'x-goog-api-key': key }),
  modelIn: 'path',
  // Without `alt=sse` a stream is one JSON array sent piece by piece: relayed, never folded or replayed.
  replayable: (request, match) => !request.stream || match.query === '?alt=sse',
};
