import type { ProtocolAdapter } from '../adapter.js';
import { renderOpenAiError } from '../openai-chat/error.js';
import { parseResponsesRequest } from './request.js';
import { parseResponsesJson, renderResponsesJson } from './response.js';
import { renderResponsesSse, ResponsesStreamFolder } from './stream.js';
import { responsesWire } from './wire.js';

/** OpenAI Responses (`POST /v1/responses`). */
export const openAiResponses: ProtocolAdapter = {
  id: 'openai-responses',
  matchPath: (apiPath, method) => (method === 'POST' && apiPath === '/v1/responses' ? { path: apiPath } : null),
  query: {},
  parseRequest: parseResponsesRequest,
  renderJson: renderResponsesJson,
  renderSse: renderResponsesSse,
  parseJson: parseResponsesJson,
  createFolder: () => new ResponsesStreamFolder(),
  renderError: renderOpenAiError,
  wire: responsesWire,
};
