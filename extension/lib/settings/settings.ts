import { DEFAULT_STRICTNESS, STRICTNESS_LEVELS, type Strictness } from '../../../shared/cache/guard/strictness.js';
import { DEFAULT_ROUTING_MODE, ROUTING_MODES, type RoutingMode } from '../../../shared/routing/modes.js';
import { BUILT_IN_EMBEDDING } from '../../../shared/embedding/sentence-embedder.js';
import type { ModelPrice } from '../../../shared/pricing/price-table.js';
import { database } from './database.js';
import { announceSettingsWrite, settingsFromCopy } from './settings-copy.js';

/** The built-in model; any other name is a Hugging Face model id, downloaded when chosen. */
export const BUILT_IN_MODEL: string = BUILT_IN_EMBEDDING.name;
export const SUGGESTED_MODELS = [BUILT_IN_MODEL, 'Xenova/paraphrase-MiniLM-L3-v2'];
const HUB_MODEL_ID = /^[\w.-]{1,96}\/[\w.-]{1,96}$/;

export interface LeoSettings {
  /** Where the companion listens: on loopback, or a team companion's https address. */
  companionUrl: string;
  /** The token `leo pair` let this extension trade for, or a team member's token; absent until paired. */
  pairingToken: string | null;
  /** The last call the companion refused to pay for (a team budget spent), for the popup; the page sent its own request instead. */
  companionRefusal: { at: number; site: string; message: string } | null;
  strictness: Strictness;
  routingMode: RoutingMode;
  /** The built-in model, or a Hugging Face model id such as `Xenova/paraphrase-MiniLM-L3-v2`. */
  embeddingModel: string;
  /** Where Hugging Face models are downloaded from: the hub, or a mirror. */
  modelHost: string;
  /** The user's choice per page origin; origins not listed follow `siteEnabledByDefault`. */
  sites: Record<string, boolean>;
  /** Tabs whose calls bypass the cache ("fresh answers"), by tab id. */
  freshTabs: number[];
  /**
   * Sites whose misses may go through the companion and so spend the user's provider keys,
   * as the companion last listed them (it checks them again on every call). No site is
   * granted by default, known playgrounds included.
   */
  keyGrants: Record<string, { dailyCapUsd: number | null }>;
  /** Calls at a higher sampling temperature bypass the cache; null: every temperature is cached. */
  cacheMaxTemperature: number | null;
  /**
   * Sites that called a provider while ungranted: `waiting` for the user's answer, `declined`
   * (revoked or refused), or `revoking` (revoked here, the companion not told yet).
   */
  keyAsks: Record<string, 'waiting' | 'declined' | 'revoking'>;
  /** The user's price overrides, as the paired companion last listed them; on top of the built-in table. */
  priceOverrides: Record<string, ModelPrice>;
  /** Calls through the companion carry the provider's prompt-cache hints (`x-leo-prompt-cache: auto`). */
  promptCacheHints: boolean;
  /** Sites (origins) and models whose calls through the companion ask its consensus panel (`x-leo-consensus: on`). */
  consensusFor: string[];
}

/** Whether a call of this site to this model asks the companion's consensus panel. */
export function consensusWanted(settings: Pick<LeoSettings, 'consensusFor'>, origin: string, model: string): boolean {
  return settings.consensusFor.includes(origin) || settings.consensusFor.includes(model);
}

export const DEFAULT_SETTINGS: LeoSettings = {
  companionUrl: 'http://127.0.0.1:8080',
  pairingToken: null,
  companionRefusal: null,
  strictness: DEFAULT_STRICTNESS,
  routingMode: DEFAULT_ROUTING_MODE,
  embeddingModel: BUILT_IN_MODEL,
  modelHost: 'https://huggingface.co/',
  sites: {},
  freshTabs: [],
  keyGrants: {},
  keyAsks: {},
  cacheMaxTemperature: null,
  priceOverrides: {},
  promptCacheHints: false,
  consensusFor: [],
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
/** A team companion served to the team, behind TLS. */
const TEAM_URL = /^https:\/\/[a-z0-9.-]{1,253}(:\d{1,5})?$/i;

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
  const settings = { ...DEFAULT_SETTINGS, ...row?.value };
  // A model name this version does not know (the built-in model of an earlier one) means the built-in model.
  if (settings.embeddingModel !== BUILT_IN_MODEL && !HUB_MODEL_ID.test(settings.embeddingModel)) settings.embeddingModel = BUILT_IN_MODEL;
  return settings;
}

/** The settings a call runs under: the worker's copy, kept current by every write (settings-copy.ts). */
export function currentSettings(): Promise<LeoSettings> {
  return settingsFromCopy(loadSettings);
}

/**
 * Checks and saves a change; throws an Error that says what is wrong with a bad value. A
 * function computes the change from the settings as they are inside the write, for changes
 * to one entry of a map that concurrent calls may also be changing.
 */
export async function updateSettings(changeOrUpdate: Partial<LeoSettings> | ((current: LeoSettings) => Partial<LeoSettings>)): Promise<LeoSettings> {
  await announceSettingsWrite('start');
  try {
    const db = database();
    return await db.transaction('rw', db.settings, async () => {
      const current = await loadSettings();
      const change = typeof changeOrUpdate === 'function' ? changeOrUpdate(current) : changeOrUpdate;
      checkSettings(change);
      const next = { ...current, ...change };
      await db.settings.put({ key: 'settings', value: next });
      return next;
    });
  } finally {
    await announceSettingsWrite('end');
  }
}

function checkSettings(change: Partial<LeoSettings>): void {
  if (change.companionUrl !== undefined && !LOOPBACK_URL.test(change.companionUrl) && !TEAM_URL.test(change.companionUrl)) {
    throw new Error('The companion runs on this machine (http://127.0.0.1:PORT or http://localhost:PORT), or is your team\'s, behind TLS (https://HOST).');
  }
  if (change.strictness !== undefined && !STRICTNESS_LEVELS.includes(change.strictness)) throw new Error(`Strictness must be one of ${STRICTNESS_LEVELS.join(', ')}.`);
  if (change.routingMode !== undefined && !ROUTING_MODES.includes(change.routingMode)) throw new Error(`Routing mode must be one of ${ROUTING_MODES.join(', ')}.`);
  if (change.embeddingModel !== undefined && change.embeddingModel !== BUILT_IN_MODEL && !HUB_MODEL_ID.test(change.embeddingModel)) {
    throw new Error(`'${change.embeddingModel}' is neither ${BUILT_IN_MODEL} nor a Hugging Face model id like Xenova/paraphrase-MiniLM-L3-v2.`);
  }
  if (change.modelHost !== undefined && !/^https?:\/\/[^\s/]+(\/.*)?$/.test(change.modelHost)) throw new Error('The model host must be an http(s) address.');
  if (change.promptCacheHints !== undefined && typeof change.promptCacheHints !== 'boolean') throw new Error('Prompt-cache hints are on or off.');
  for (const entry of change.consensusFor ?? []) {
    if (!/^https?:\/\/[^\s/]+$/.test(entry) && !/^[\w.:/-]{1,128}$/.test(entry)) throw new Error(`'${entry}' is neither a site (https://host) nor a model name.`);
  }
  const maxTemperature = change.cacheMaxTemperature;
  if (maxTemperature !== undefined && maxTemperature !== null && !(Number.isFinite(maxTemperature) && maxTemperature >= 0)) {
    throw new Error('The temperature limit is a number, 0 or more (or empty for none).');
  }
}
