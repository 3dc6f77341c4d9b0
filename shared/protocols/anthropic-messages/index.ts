import { renderMessagesRequest } from './request-render.js';
import type { ProtocolAdapter } from '../adapter.js';
import { renderAnthropicError } from './error.js';
import { parseMessagesRequest } from './request.js';
import { parseMessagesJson, renderMessagesJson } from './response.js';
import { MessagesStreamFolder, renderMessagesSse } from './stream.js';
import { messagesWire } from './wire.js';

/** Anthropic Messages (`POST /v1/messages`). */
export const anthropicMessages: ProtocolAdapter = {
  id: 'anthropic-messages',
  matchPath: (apiPath, method) => (method === 'POST' && apiPath === '/v1/messages' ? { path: apiPath } : null),
  // The SDK's beta namespace (`client.beta.messages`) adds `?beta=true`.
  query: { beta: { values: /^true$/ } },
  parseRequest: parseMessagesRequest,
  renderJson: renderMessagesJson,
  renderSse: renderMessagesSse,
  parseJson: parseMessagesJson,
  createFolder: () => new MessagesStreamFolder(),
  renderError: renderAnthropicError,
  renderRequest: renderMessagesRequest,
  wire: messagesWire,
};
