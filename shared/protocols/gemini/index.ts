import { renderGeminiRequest } from './request-render.js';
import type { ProtocolAdapter } from '../adapter.js';
import { renderGeminiError } from './error.js';
import { parseGenerateRequest } from './request.js';
import { parseGenerateJson, renderGenerateJson } from './response.js';
import { GenerateStreamFolder, renderGenerateSse } from './stream.js';
import { geminiWire } from './wire.js';

/** A model name from a closed set of characters: nothing in it can reach another path upstream. */
const PATH = /^\/(v1|v1beta|v1alpha)\/models\/([A-Za-z0-9][A-Za-z0-9._-]{0,127}):(generateContent|streamGenerateContent)$/;

/** Gemini `models/{model}:generateContent` and `:streamGenerateContent?alt=sse`. */
export const gemini: ProtocolAdapter = {
  id: 'gemini',
  matchPath(apiPath, method) {
    const m = method === 'POST' ? PATH.exec(apiPath) : null;
    return m ? { path: apiPath, model: m[2]!, stream: m[3] === 'streamGenerateContent' } : null;
  },
  query: { alt: { values: /^sse$/ }, key: { values: /^[\x21-\x7e]{1,512}$/, credential: true } },
  parseRequest: parseGenerateRequest,
  renderJson: renderGenerateJson,
  renderSse: renderGenerateSse,
  parseJson: parseGenerateJson,
  createFolder: () => new GenerateStreamFolder(),
  renderError: renderGeminiError,
  renderRequest: renderGeminiRequest,
  wire: geminiWire,
};
