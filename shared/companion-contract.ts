/** What the companion and the extension agree on, outside the provider protocols. */

/** Set on every companion response, so a caller can tell the companion from whatever else holds the port. */
export const COMPANION_HEADER = 'x-leo-companion';

/**
 * On errors the companion itself produced (bad credentials, a missing key, an unreachable
 * provider), never on the provider's own: a caller that can reach the provider itself (the
 * extension) goes direct on these.
 */
export const COMPANION_ERROR_HEADER = 'x-leo-error';

/**
 * On every answer to a provider call: `exact-hit`, `semantic-hit` or `miss`. The companion
 * records one ledger event per call it answers, hit or miss; a caller that forwards its own
 * misses here (the extension) records nothing for them, so no saving is counted twice.
 */
export const CACHE_STATUS_HEADER = 'x-leo-cache';

/** Chooses the cache namespace of a call; entries never cross namespaces. */
export const NAMESPACE_HEADER = 'x-leo-namespace';

/** `default`, `exact-only` (no reworded hits) or `off`. */
export const CACHE_MODE_HEADER = 'x-leo-cache-mode';

export type CacheStatus = 'exact-hit' | 'semantic-hit' | 'miss';

/** On a routed answer: `<requested model> -> <served model>`. */
export const ROUTE_HEADER = 'x-leo-route';

/** Overrides the routing mode for one call: `off`, `conservative`, `balanced` or `aggressive`. */
export const ROUTE_MODE_HEADER = 'x-leo-route-mode';

/** How someone with no checkout installs the companion and has it start at every login (the extension shows it). */
export const INSTALL_COMMAND = 'npm install -g leo-optima && leo service install';

/** Upgrades in place, keeping the home; installing the service again restarts it on the new version. */
export const UPGRADE_COMMAND = 'npm install -g leo-optima@latest && leo service install';

/** Per call: `auto` places the provider's prompt-cache hints (Anthropic breakpoints, OpenAI `prompt_cache_key`), `off` sends the body as is. */
export const PROMPT_CACHE_HEADER = 'x-leo-prompt-cache';
export const PROMPT_CACHE_MODES = ['auto', 'off'] as const;
export type PromptCacheMode = (typeof PROMPT_CACHE_MODES)[number];

/**
 * Asks a panel of models instead of one: `on` (the configured panel) or `MODEL,MODEL,…`. On
 * the answer: `<agreeing>/<panel size> agree`, with `; no-quorum` when fewer than a quorum did.
 */
export const CONSENSUS_HEADER = 'x-leo-consensus';
/** What a panel without a quorum answers: `error` (the default), or `best`, the best-supported answer marked `no-quorum`. */
export const CONSENSUS_NO_QUORUM_HEADER = 'x-leo-consensus-no-quorum';
