import type { ProtocolWire } from '../adapter.js';

/** Responses streams end with the usage in `response.completed`: nothing to ask for. */
export const responsesWire: ProtocolWire = {
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  modelIn: 'body',
  replayable: () => true,
};
