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
}

export function emptyUsage(): CanonicalUsage {
  return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
}
