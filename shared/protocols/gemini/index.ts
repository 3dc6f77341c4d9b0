import type { ProtocolAdapter } from '../adapter.js';
import { renderGeminiError } from './error.js';
import { parseGenerateRequest } from './request.js';
import { parseGenerateJson, renderGenerateJson } from './response.js';
import { GenerateStreamFolder, renderGenerateSse } from './stream.js';

const PATH = /\/(?:v1|v1beta|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** Gemini `models/{model}:generateContent` and `:streamGenerateContent?alt=sse`. */
export const gemini: ProtocolAdapter = {
  id: 'gemini',
  matchPath(pathname, method) {
    const m = method === 'POST' ? PATH.exec(pathname) : null;
    return m ? { model: decodeURIComponent(m[1]!), stream: m[2] === 'streamGenerateContent' } : null;
  },
  parseRequest: parseGenerateRequest,
  renderJson: renderGenerateJson,
  renderSse: renderGenerateSse,
  parseJson: parseGenerateJson,
  createFolder: () => new GenerateStreamFolder(),
  renderError: renderGeminiError,
};
