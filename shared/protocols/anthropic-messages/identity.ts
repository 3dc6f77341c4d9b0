import type { IdentityRules } from '../canonical/identity.js';

/** Messages fields that never change the answer, and those that point at state Anthropic holds. */
export const MESSAGES_IDENTITY: IdentityRules = {
  conversation: ['messages'],
  ignored: {
    stream: 'a streamed and a whole answer are the same answer',
    metadata: 'an end-user id for abuse monitoring',
    service_tier: 'the same model, with or without priority capacity',
    cache_control: "where Anthropic's prompt cache breakpoint goes",
  },
  // A code-execution container keeps files and state between calls; a thread keeps turns.
  providerState: ['container', 'thread'],
};
