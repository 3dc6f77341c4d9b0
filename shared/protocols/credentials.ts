/**
 * The headers that carry a caller's API key in the protocols we speak (OpenAI-style bearer,
 * Anthropic's `x-api-key`, Gemini's `x-goog-api-key`, Azure's `api-key`). Gemini's `key`
 * query parameter is declared in its own folder.
 */
export const API_KEY_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'] as const;

/** Everything that authenticates a browser's request besides an API key. */
export const BROWSER_CREDENTIAL_HEADERS = ['cookie', 'proxy-authorization'] as const;
