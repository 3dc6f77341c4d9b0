import type { ProtocolWire } from '../adapter.js';

export const messagesWire: ProtocolWire = {
  authHeaders: (key) => ({ 'x-api-key': key }),
  // The API version the SDKs send; a caller's own `anthropic-version` is kept.
  defaultHeaders: { 'anthropic-version': '2023-06-01' },
  modelIn: 'body',
  replayable: () => true,
};
