import type { ProtocolId } from '../../shared/protocols/canonical/protocol-id.js';

/** The models the simulator lists; it answers calls to any model name. */
const LISTED = {
  openai: ['gpt-4o', 'gpt-4o-mini'],
  anthropic: ['claude-sonnet-4-5', 'claude-haiku-4-5'],
  gemini: ['gemini-2.5-pro', 'gemini-2.5-flash'],
};

const CREATED = 1_700_000_000;

/**
 * The free GETs a client (or `leo doctor`) uses to check a key, in each provider's shape:
 * `/v1/models` (OpenAI's list, or Anthropic's when the call carries Anthropic's headers), `/openai/models` (Azure),
 * `/v1beta/models` (Gemini) and `/v1/key` (OpenRouter's "who am I").
 */
export function modelListing(path: string, anthropicHeaders: boolean): { protocol: ProtocolId; body: unknown } | undefined {
  if (path === '/v1/models' && anthropicHeaders) {
    const data = LISTED.anthropic.map((id) => ({ type: 'model', id, display_name: id, created_at: new Date(CREATED * 1000).toISOString() }));
    return { protocol: 'anthropic-messages', body: { data, has_more: false, first_id: data[0]!.id, last_id: data.at(-1)!.id } };
  }
  if (path === '/v1/models') {
    return { protocol: 'openai-chat', body: { object: 'list', data: LISTED.openai.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'simulator' })) } };
  }
  if (path === '/openai/models') {
    return { protocol: 'azure-openai-chat', body: { object: 'list', data: LISTED.openai.map((id) => ({ id, object: 'model', created_at: CREATED, status: 'succeeded' })) } };
  }
  if (path === '/v1beta/models') {
    return { protocol: 'gemini', body: { models: LISTED.gemini.map((id) => ({ name: `models/${id}`, displayName: id, supportedGenerationMethods: ['generateContent'] })) } };
  }
  if (path === '/v1/key') {
    return { protocol: 'openai-chat', body: { data: { label: 'simulator key', usage: 0, limit: null, is_free_tier: false } } };
  }
  return undefined;
}
