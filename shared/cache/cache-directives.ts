import { invalidRequest } from '../protocols/errors.js';
import { CACHE_MODE_HEADER, NAMESPACE_HEADER } from '../companion-contract.js';

/** Request headers by lower-case name, as Node gives them and as the extension collects them. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** What one request lets the cache do. */
export interface CacheDirectives {
  namespace: string;
  /** May a cached answer be served? (`Cache-Control: no-cache` says no.) */
  read: boolean;
  /** May the fresh answer be stored? (`Cache-Control: no-store` says no.) */
  write: boolean;
  /** Serve only answers to the very same request, never a reworded one. */
  exactOnly: boolean;
  /** May an answer the router got from a lighter model be served? Not when the call turned routing off. */
  lighterAnswers: boolean;
}

const NAMESPACE = /^[\w.:@/-]{1,128}$/;
const MODES = ['default', 'exact-only', 'off'] as const;

function single(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Reads the caller's cache headers: `x-leo-namespace` (default: the one for the local token),
 * `x-leo-cache-mode: default | exact-only | off`, and `Cache-Control` `no-store` / `no-cache`.
 */
export function cacheDirectives(headers: RequestHeaders, defaultNamespace: string, routingOn: boolean): CacheDirectives {
  const namespace = single(headers, NAMESPACE_HEADER)?.trim() || defaultNamespace;
  if (!NAMESPACE.test(namespace)) {
    throw invalidRequest(`${NAMESPACE_HEADER} must be 1 to 128 letters, digits or . : @ / - _; got '${namespace.slice(0, 40)}'.`);
  }
  const mode = (single(headers, CACHE_MODE_HEADER)?.trim().toLowerCase() || 'default') as (typeof MODES)[number];
  if (!MODES.includes(mode)) throw invalidRequest(`${CACHE_MODE_HEADER} must be one of ${MODES.join(', ')}; got '${mode.slice(0, 40)}'.`);
  const control = (single(headers, 'cache-control') ?? '').toLowerCase().split(',').map((d) => d.trim());
  return {
    namespace,
    read: mode !== 'off' && !control.includes('no-cache'),
    write: mode !== 'off' && !control.includes('no-store'),
    exactOnly: mode === 'exact-only',
    lighterAnswers: routingOn,
  };
}
