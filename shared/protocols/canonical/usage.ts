/**
 * Token counts of one call, normalised across providers.
 *
 * `inputTokens` counts every prompt token, cached or not; `outputTokens` counts every
 * generated token, reasoning included. The two `cache*` and `reasoningTokens` fields are
 * subsets of those totals, so cost = uncached input + cached reads + cache writes + output.
 */
export interface CanonicalUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  /** The part of `cacheWriteTokens` written for an hour rather than five minutes (Anthropic bills it higher). */
  cacheWrite1hTokens?: number;
  reasoningTokens: number;
  /** The processing tier the provider reports having billed, when not the standard one (OpenAI `service_tier`: `flex` costs half). */
  serviceTier?: string;
}

/** A reported `service_tier`, kept only when it is not the standard tier. */
export function reportedTier(value: unknown): Pick<CanonicalUsage, 'serviceTier'> {
  return typeof value === 'string' && value !== 'default' && value !== 'auto' ? { serviceTier: value } : {};
}

export function emptyUsage(): CanonicalUsage {
  return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
}
