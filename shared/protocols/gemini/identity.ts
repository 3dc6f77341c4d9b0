import type { IdentityRules } from '../canonical/identity.js';

/** generateContent fields: every one shapes the answer; a cached document is state Google holds. */
export const GENERATE_IDENTITY: IdentityRules = {
  conversation: ['contents'],
  ignored: {},
  // The REST API takes both spellings.
  providerState: ['cachedContent', 'cached_content'],
};
