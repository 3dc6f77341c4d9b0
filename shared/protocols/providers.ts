import type { ProtocolId } from './canonical/protocol-id.js';

export const PROVIDER_IDS = [
  'openai',
  'anthropic',
  'google',
  'groq',
  'together',
  'fireworks',
  'deepseek',
  'openrouter',
  'mistral',
  'xai',
  'azure',
] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];

export interface ProviderInfo {
  id: ProviderId;
  name: string;
  /** Where `/v1/...` paths go: the upstream URL is this base plus the call's path; '' where each user has their own (Azure). */
  baseUrl: string;
  protocols: readonly ProtocolId[];
  /** A free GET under `baseUrl` that fails on a bad key: its model list (OpenRouter lists models to anyone, so its key endpoint). */
  keyCheckPath: string;
  /** What its keys look like, for when the provider cannot be asked. */
  keyPattern: RegExp;
  /** Hosts that are each user's own resource of this provider (Azure): recognised in a page, never called for it. */
  resourceHostSuffixes?: readonly string[];
}

const OPENAI_COMPATIBLE: readonly ProtocolId[] = ['openai-chat'];

export const PROVIDERS: Record<ProviderId, ProviderInfo> = {
  openai: { id: 'openai', name: 'OpenAI', baseUrl: 'https://api.openai.com', protocols: ['openai-chat', 'openai-responses'], keyCheckPath: '/v1/models', keyPattern: /^sk-[\w-]{20,}$/ },
  anthropic: { id: 'anthropic', name: 'Anthropic', baseUrl: 'https://api.anthropic.com', protocols: ['anthropic-messages'], keyCheckPath: '/v1/models', keyPattern: /^sk-ant-[\w-]{20,}$/ },
  google: { id: 'google', name: 'Google Gemini', baseUrl: 'https://generativelanguage.googleapis.com', protocols: ['gemini'], keyCheckPath: '/v1beta/models', keyPattern: /^AIza[\w-]{35}$/ },
  groq: { id: 'groq', name: 'Groq', baseUrl: 'https://api.groq.com/openai', protocols: ['openai-chat', 'openai-responses'], keyCheckPath: '/v1/models', keyPattern: /^gsk_\w{20,}$/ },
  together: { id: 'together', name: 'Together AI', baseUrl: 'https://api.together.xyz', protocols: OPENAI_COMPATIBLE, keyCheckPath: '/v1/models', keyPattern: /^(tgp_v1_)?[\w-]{40,}$/ },
  fireworks: { id: 'fireworks', name: 'Fireworks AI', baseUrl: 'https://api.fireworks.ai/inference', protocols: OPENAI_COMPATIBLE, keyCheckPath: '/v1/models', keyPattern: /^(fw_)?\w{20,}$/ },
  deepseek: { id: 'deepseek', name: 'DeepSeek', baseUrl: 'https://api.deepseek.com', protocols: OPENAI_COMPATIBLE, keyCheckPath: '/v1/models', keyPattern: /^sk-\w{32}$/ },
  openrouter: { id: 'openrouter', name: 'OpenRouter', baseUrl: 'https://openrouter.ai/api', protocols: ['openai-chat', 'openai-responses'], keyCheckPath: '/v1/key', keyPattern: /^sk-or-v1-\w{64}$/ },
  mistral: { id: 'mistral', name: 'Mistral AI', baseUrl: 'https://api.mistral.ai', protocols: OPENAI_COMPATIBLE, keyCheckPath: '/v1/models', keyPattern: /^\w{32}$/ },
  // Each Azure OpenAI resource has its own host: `--upstream azure=https://NAME.openai.azure.com` or LEO_UPSTREAM_AZURE.
  azure: { id: 'azure', name: 'Azure OpenAI', baseUrl: '', protocols: ['azure-openai-chat'], keyCheckPath: '/openai/models?api-version=2024-10-21', keyPattern: /^(?:[0-9a-f]{32}|\w{84})$/, resourceHostSuffixes: ['.openai.azure.com', '.cognitiveservices.azure.com'] },
  xai: { id: 'xai', name: 'xAI', baseUrl: 'https://api.x.ai', protocols: ['openai-chat', 'openai-responses'], keyCheckPath: '/v1/models', keyPattern: /^xai-\w{20,}$/ },
};

export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}

/** Which provider a page is calling, from the host of the URL. */
export function providerForHost(host: string): ProviderId | undefined {
  for (const provider of Object.values(PROVIDERS)) {
    if (provider.baseUrl !== '' && new URL(provider.baseUrl).host === host) return provider.id;
    if (provider.resourceHostSuffixes?.some((suffix) => host.endsWith(suffix))) return provider.id;
  }
  return undefined;
}

/**
 * Whether the companion can make a page's call to this provider for it: the provider's API is
 * at one address for everyone. An Azure resource is the page's own, and the companion's
 * configured resource may be another.
 */
export function companionCanCallFor(provider: ProviderId): boolean {
  return PROVIDERS[provider].baseUrl !== '';
}

const MODEL_PATTERNS: [RegExp, ProviderId][] = [
  [/^claude/, 'anthropic'],
  [/^gemini|^gemma/, 'google'],
  [/^deepseek/, 'deepseek'],
  [/^(mistral|codestral|ministral|magistral|pixtral|devstral|voxtral|open-mistral|open-mixtral)/, 'mistral'],
  [/^grok/, 'xai'],
  [/^accounts\/fireworks\//, 'fireworks'],
  [/^[\w.-]+\/[\w.:-]+$/, 'openrouter'],
];

/**
 * Who serves a call: the provider the caller named (the host it called, or the companion's
 * `x-leo-provider`) when that provider speaks the call's protocol; else the one the protocol
 * implies (Anthropic Messages, Gemini); else the one the model's name implies.
 */
export function providerOfCall(protocol: ProtocolId, model: string, named?: ProviderId): ProviderId {
  if (named && PROVIDERS[named].protocols.includes(protocol)) return named;
  if (protocol === 'anthropic-messages') return 'anthropic';
  if (protocol === 'gemini') return 'google';
  if (protocol === 'azure-openai-chat') return 'azure';
  return providerForModel(model);
}

export function providerForModel(model: string): ProviderId {
  for (const [pattern, provider] of MODEL_PATTERNS) if (pattern.test(model)) return provider;
  return 'openai';
}
