import { DEFAULT_STRICTNESS, STRICTNESS_LEVELS, type Strictness } from '../../shared/cache/guard/strictness.js';
import { DEFAULT_ROUTING_MODE, ROUTING_MODES, type RoutingMode } from '../../shared/routing/modes.js';
import { database } from './database.js';

export const EMBEDDING_MODELS = ['use-lite'] as const;
export type EmbeddingModelName = (typeof EMBEDDING_MODELS)[number];

export interface LeoSettings {
  /** Where the companion listens; loopback only. */
  companionUrl: string;
  /** The token `leo pair` let this extension trade for; absent until paired. */
  pairingToken: string | null;
  strictness: Strictness;
  routingMode: RoutingMode;
  embeddingModel: EmbeddingModelName;
  /** The user's choice per page origin; origins not listed follow `siteEnabledByDefault`. */
  sites: Record<string, boolean>;
  /** Tabs whose calls bypass the cache ("fresh answers"), by tab id. */
  freshTabs: number[];
}

export const DEFAULT_SETTINGS: LeoSettings = {
  companionUrl: 'http://127.0.0.1:8080',
  pairingToken: null,
  strictness: DEFAULT_STRICTNESS,
  routingMode: DEFAULT_ROUTING_MODE,
  embeddingModel: 'use-lite',
  sites: {},
  freshTabs: [],
};

/** Playgrounds and agent UIs that call LLM APIs from the page; LEO is on there from the start. */
export const KNOWN_PLAYGROUNDS = [
  'platform.openai.com',
  'console.anthropic.com',
  'aistudio.google.com',
  'playground.ai.cloudflare.com',
  'console.groq.com',
  'console.mistral.ai',
  'openrouter.ai',
  'huggingface.co',
];

const LOOPBACK_URL = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/;

/**
 * A page is covered when the user said so, else when it is a known playground or it calls a
 * known provider's API host straight from the browser (only LLM playgrounds do that).
 */
export function siteEnabled(settings: LeoSettings, origin: string, callsKnownProvider: boolean): boolean {
  const choice = settings.sites[origin];
  if (choice !== undefined) return choice;
  let host = '';
  try {
    host = new URL(origin).hostname;
  } catch {
    return false;
  }
  return KNOWN_PLAYGROUNDS.includes(host) || callsKnownProvider;
}

export async function loadSettings(): Promise<LeoSettings> {
  const row = await database().settings.get('settings');
  return { ...DEFAULT_SETTINGS, ...row?.value };
}

/** Checks and saves a change; throws an Error that says what is wrong with a bad value. */
export async function updateSettings(change: Partial<LeoSettings>): Promise<LeoSettings> {
  if (change.companionUrl !== undefined && !LOOPBACK_URL.test(change.companionUrl)) {
    throw new Error('The companion runs on this machine: use http://127.0.0.1:PORT or http://localhost:PORT.');
  }
  if (change.strictness !== undefined && !STRICTNESS_LEVELS.includes(change.strictness)) throw new Error(`Strictness must be one of ${STRICTNESS_LEVELS.join(', ')}.`);
  if (change.routingMode !== undefined && !ROUTING_MODES.includes(change.routingMode)) throw new Error(`Routing mode must be one of ${ROUTING_MODES.join(', ')}.`);
  if (change.embeddingModel !== undefined && !EMBEDDING_MODELS.includes(change.embeddingModel)) throw new Error(`Embedding model must be one of ${EMBEDDING_MODELS.join(', ')}.`);
  const db = database();
  return db.transaction('rw', db.settings, async () => {
    const next = { ...(await loadSettings()), ...change };
    await db.settings.put({ key: 'settings', value: next });
    return next;
  });
}
