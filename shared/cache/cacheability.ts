import type { FoldResult } from '../protocols/adapter.js';
import type { CanonicalRequest } from '../protocols/canonical/request.js';

/** Why a request must bypass the cache (neither served from it nor stored), or undefined. */
export function whyNotCacheable(request: CanonicalRequest): string | undefined {
  if ((request.sampling.choices ?? 1) > 1) return 'asks for several answers (n > 1)';
  // The same words against another stored response, conversation, document or template are another question.
  if (request.identity.providerState) return `depends on context the provider holds ('${request.identity.providerState}')`;
  return undefined;
}

/** Only a whole, successful answer that can be replayed in full is ever cached: no errors, no cut or aborted streams. */
export function isStorableAnswer(status: number, fold: FoldResult | undefined): fold is FoldResult {
  return (
    status >= 200 &&
    status < 300 &&
    fold !== undefined &&
    fold.complete &&
    fold.error === undefined &&
    fold.answer.stopReason !== 'error' &&
    fold.answer.parts.length > 0 &&
    !fold.answer.withheld?.length
  );
}
