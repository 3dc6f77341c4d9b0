import type { IdentityRules } from '../canonical/identity.js';

/** Chat Completions fields that never change the answer; every other field keys the cache. */
export const CHAT_IDENTITY: IdentityRules = {
  conversation: ['messages'],
  ignored: {
    stream: 'a streamed and a whole answer are the same answer',
    stream_options: 'only whether usage is reported while streaming',
    user: 'an end-user id for abuse monitoring',
    safety_identifier: 'an end-user id for abuse monitoring',
    metadata: 'tags kept with a stored completion',
    store: 'whether OpenAI keeps the completion for evals',
    service_tier: 'the same model, served faster or cheaper',
    prompt_cache_key: "a routing hint for OpenAI's prompt cache",
    prompt_cache_options: "OpenAI's prompt cache settings",
    prompt_cache_retention: "how long OpenAI's prompt cache keeps the prefix",
  },
  providerState: [],
};
