import type { ProtocolAdapter } from '../adapter.js';
import { openAiChat } from '../openai-chat/index.js';

/** A deployment name: the user's own, from a closed character set so it cannot reshape the upstream path. */
const PATH = /^\/openai\/deployments\/([A-Za-z0-9][A-Za-z0-9._-]{0,63})\/chat\/completions$/;

/**
 * Chat Completions on an Azure OpenAI resource: the deployment in the path stands for the model
 * (a body may name none), `api-version` in the query, the key in `api-key`. The bodies, answers
 * and streams are OpenAI's, so those parts are Chat Completions' own.
 */
export const azureOpenAiChat: ProtocolAdapter = {
  ...openAiChat,
  id: 'azure-openai-chat',
  matchPath(apiPath, method) {
    const m = method === 'POST' ? PATH.exec(apiPath) : null;
    return m ? { path: apiPath, model: m[1]! } : null;
  },
  query: { 'api-version': { values: /^[\w.-]{1,40}$/ } },
  parseRequest: (body, match) => ({ ...openAiChat.parseRequest(body, match), protocol: 'azure-openai-chat' }),
  wire: {
    authHeaders: (key) => ({ 'api-key': key }),
    // The deployment is a name the user gave one model on their resource: another model needs another deployment.
    modelIn: 'deployment',
    replayable: openAiChat.wire.replayable,
    // Not asking for usage in streams: `stream_options` is refused by older api-versions, and the ledger then counts the tokens itself.
  },
};
