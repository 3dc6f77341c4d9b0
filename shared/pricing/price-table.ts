import type { ProviderId } from '../protocols/providers.js';

/** USD per million tokens, with where and when the figure was read. */
export interface ModelPrice {
  /** A built-in provider, or the name of a server the user runs (`leo providers add NAME --protocol …`). */
  provider: ProviderId | (string & {});
  input: number;
  output: number;
  /** Reads from the provider's prompt cache; the input price when the provider has none. */
  cachedInput?: number;
  /** Writes to the provider's prompt cache (Anthropic: five minutes); the input price when absent. */
  cacheWrite?: number;
  /** Writes kept for an hour (Anthropic); the five-minute price when absent. */
  cacheWrite1h?: number;
  /** Another price for prompts over a size (Anthropic's 1M-context Sonnet, Gemini 2.5 Pro: over 200k input tokens). */
  longContext?: { aboveInputTokens: number } & Pick<ModelPrice, 'input' | 'output' | 'cachedInput' | 'cacheWrite' | 'cacheWrite1h'>;
  source: string;
  date: string;
}

const LITELLM = 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json';
const LITELLM_DATE = '2025-08-07';
const OPENAI = 'https://openai.com/api/pricing/';
const ANTHROPIC = 'https://www.anthropic.com/pricing#api';
const GEMINI = 'https://ai.google.dev/gemini-api/docs/pricing';

/**
 * Anthropic's rules, from its pricing page: cache reads at 0.1x input, five-minute writes at
 * 1.25x, one-hour writes at 2x; the 1M-context Sonnets bill a prompt over 200k input tokens at
 * 2x input and 1.5x output, the cache multipliers applying to that input price.
 */
function anthropic(input: number, output: number, date: string, longContext = false): ModelPrice {
  const rates = (base: number) => ({ input: base, cachedInput: base * 0.1, cacheWrite: base * 1.25, cacheWrite1h: base * 2 });
  return {
    provider: 'anthropic',
    output,
    ...rates(input),
    ...(longContext ? { longContext: { aboveInputTokens: 200_000, output: output * 1.5, ...rates(input * 2) } } : {}),
    source: ANTHROPIC,
    date,
  };
}

function litellm(provider: ProviderId, input: number, output: number, cachedInput?: number, cacheWrite?: number): ModelPrice {
  const price: ModelPrice = { provider, input, output, source: LITELLM, date: LITELLM_DATE };
  if (cachedInput !== undefined) price.cachedInput = cachedInput;
  if (cacheWrite !== undefined) price.cacheWrite = cacheWrite;
  return price;
}

/**
 * Keyed by model name without its date suffix. Figures from LiteLLM's public table as of
 * 2025-08-07, and from the providers' own pricing pages for models released after it.
 * Users override or add models with `prices.json` in the companion's home.
 */
export const PRICE_TABLE: Record<string, ModelPrice> = {
  'gpt-5': { provider: 'openai', input: 1.25, output: 10, cachedInput: 0.125, source: OPENAI, date: '2025-08-07' },
  'gpt-5-mini': { provider: 'openai', input: 0.25, output: 2, cachedInput: 0.025, source: OPENAI, date: '2025-08-07' },
  'gpt-5-nano': { provider: 'openai', input: 0.05, output: 0.4, cachedInput: 0.005, source: OPENAI, date: '2025-08-07' },
  'gpt-4.1': litellm('openai', 2, 8, 0.5),
  'gpt-4.1-mini': litellm('openai', 0.4, 1.6, 0.1),
  'gpt-4.1-nano': litellm('openai', 0.1, 0.4, 0.025),
  'gpt-4o': litellm('openai', 2.5, 10, 1.25),
  'gpt-4o-mini': litellm('openai', 0.15, 0.6, 0.075),
  o1: litellm('openai', 15, 60, 7.5),
  o3: litellm('openai', 2, 8, 0.5),
  'o3-mini': litellm('openai', 1.1, 4.4, 0.55),
  'o4-mini': litellm('openai', 1.1, 4.4, 0.275),
  'claude-opus-4-5': anthropic(5, 25, '2025-11-24'),
  'claude-sonnet-4-5': anthropic(3, 15, '2025-09-29', true),
  'claude-haiku-4-5': anthropic(1, 5, '2025-10-15'),
  'claude-opus-4-1': anthropic(15, 75, LITELLM_DATE),
  'claude-opus-4': anthropic(15, 75, LITELLM_DATE),
  'claude-sonnet-4': anthropic(3, 15, LITELLM_DATE, true),
  'claude-3-7-sonnet': anthropic(3, 15, LITELLM_DATE),
  'claude-3-5-haiku': anthropic(0.8, 4, LITELLM_DATE),
  'claude-3-haiku': { ...anthropic(0.25, 1.25, LITELLM_DATE), cachedInput: 0.03, cacheWrite: 0.3 },
  // Prompts over 200k tokens: $2.50 input, $15 output, $0.625 cached (Google's pricing page).
  'gemini-2.5-pro': { ...litellm('google', 1.25, 10, 0.3125), longContext: { aboveInputTokens: 200_000, input: 2.5, output: 15, cachedInput: 0.625 }, source: GEMINI },
  'gemini-2.5-flash': litellm('google', 0.3, 2.5, 0.075),
  'gemini-2.5-flash-lite': litellm('google', 0.1, 0.4, 0.025),
  'gemini-2.0-flash': litellm('google', 0.1, 0.4, 0.025),
  'gemini-2.0-flash-lite': litellm('google', 0.075, 0.3, 0.01875),
  'deepseek-chat': litellm('deepseek', 0.27, 1.1, 0.07),
  'deepseek-reasoner': litellm('deepseek', 0.55, 2.19, 0.14),
  'llama-3.3-70b-versatile': litellm('groq', 0.59, 0.79),
  'llama-3.1-8b-instant': litellm('groq', 0.05, 0.08),
  'openai/gpt-oss-120b': litellm('groq', 0.15, 0.75),
  'openai/gpt-oss-20b': litellm('groq', 0.1, 0.5),
  'mistral-large': litellm('mistral', 2, 6),
  'mistral-medium': litellm('mistral', 0.4, 2),
  'mistral-small': litellm('mistral', 0.1, 0.3),
  codestral: litellm('mistral', 1, 3),
  'grok-4': litellm('xai', 3, 15),
  'grok-3': litellm('xai', 3, 15),
  'grok-3-mini': litellm('xai', 0.3, 0.5),
};
