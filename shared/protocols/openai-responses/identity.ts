import type { IdentityRules } from '../canonical/identity.js';

/** Responses fields that never change the answer, and those that point at state OpenAI holds. */
export const RESPONSES_IDENTITY: IdentityRules = {
  conversation: ['input'],
  ignored: {
    stream: 'a streamed and a whole answer are the same answer',
    stream_options: 'only how the stream is delivered',
    user: 'an end-user id for abuse monitoring',
    safety_identifier: 'an end-user id for abuse monitoring',
    metadata: 'tags kept with the stored response',
    service_tier: 'the same model, served faster or cheaper',
    prompt_cache_key: "a routing hint for OpenAI's prompt cache",
    prompt_cache_options: "OpenAI's prompt cache settings",
    prompt_cache_retention: "how long OpenAI's prompt cache keeps the prefix",
  },
  // An earlier stored response, a conversation that grows, a stored prompt template: context we cannot see.
  providerState: ['previous_response_id', 'conversation', 'prompt'],
};
