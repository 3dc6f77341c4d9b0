import { PROVIDERS, PROVIDER_IDS, type ProviderId } from '../shared/protocols/providers.js';
import { DEFAULT_STRICTNESS, STRICTNESS_LEVELS, type Strictness } from '../shared/cache/guard/strictness.js';
import { intFlag, type CliValues } from './cli-args.js';
import { PROMPT_CACHE_MODES, type PromptCacheMode } from '../shared/companion-contract.js';
import { resolveHome } from './home.js';
import { UpstreamBook } from './store/upstream-book.js';
import { SelfHostedBook, type SelfHostedProvider } from './store/self-hosted-book.js';
import { consensusConfigFrom, type ConsensusConfig } from './consensus/consensus-settings.js';
import { DEFAULT_ROUTING_MODE, ROUTING_MODES, type RoutingMode } from '../shared/routing/modes.js';

export interface CacheConfig {
  /** `LEO_CACHE=off` turns the companion's cache off. */
  enabled: boolean;
  ttlMs: number;
  /** The cache's size cap; least recently used entries go first. */
  maxBytes: number;
  strictness: Strictness;
  /** `LEO_CACHE_MAX_TEMPERATURE`: calls at a higher temperature bypass the cache; unset, every temperature is cached. */
  maxTemperature?: number;
}

export interface CompanionConfig {
  home: string;
  port: number;
  /** Base URL per provider; `LEO_UPSTREAM_<PROVIDER>` or `--upstream provider=url` override it. */
  upstreams: Record<ProviderId, string>;
  /** Largest request body accepted, in bytes (413 past it). */
  bodyLimit: number;
  /** How long to wait for the upstream's response headers. */
  headersTimeoutMs: number;
  /** How long an upstream may stay silent mid-body before the call is cut. */
  idleTimeoutMs: number;
  cache: CacheConfig;
  routing: RoutingConfig;
  /** Where it listens: 127.0.0.1, or the address `--host` names (a team companion only). */
  host: string;
  /** Host names a team companion answers to besides loopback (`--public-host`, `LEO_PUBLIC_HOSTS`): the Host check refuses all others. */
  publicHosts: string[];
  /** The team's PostgreSQL (`--database`, `LEO_DATABASE_URL`); undefined: SQLite files in the home. */
  databaseUrl?: string;
  /** Calls per minute one member token may make on a team companion (`LEO_TEAM_RATE_LIMIT`). */
  memberCallsPerMinute: number;
  /** Model servers the user runs (Ollama, vLLM, LM Studio, llama.cpp), from `leo providers add NAME --protocol …`. */
  selfHosted: SelfHostedProvider[];
  /** The consensus panel and its rules (`<home>/consensus.json`, `LEO_CONSENSUS_PANEL`). */
  consensus: ConsensusConfig;
  /** `LEO_PROMPT_CACHE=auto` places the providers' prompt-cache hints on calls that carry none (default off: bodies go as sent). */
  promptCache: PromptCacheMode;
}

export interface RoutingConfig {
  /** `LEO_ROUTING`: off, conservative, balanced (default) or aggressive. */
  mode: RoutingMode;
  /** `LEO_ROUTE_PINNED=allow` lets the router downgrade dated snapshots too. */
  allowPinned: boolean;
}

export const DEFAULT_PORT = 8080;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got '${raw}'.`);
  return value;
}

export function checkedBaseUrl(provider: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`The upstream URL for ${provider} is not a URL: '${raw}'.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`The upstream URL for ${provider} must be http(s): '${raw}'.`);
  return raw.replace(/\/+$/, '');
}

/** Each provider's address: its own API, overridden by `leo providers add` (the home), then by LEO_UPSTREAM_*, then by a `provider=url` flag. */
export function upstreamsFrom(flags: string[] = [], home?: string): Record<ProviderId, string> {
  const upstreams = Object.fromEntries(PROVIDER_IDS.map((id) => [id, PROVIDERS[id].baseUrl])) as Record<ProviderId, string>;
  if (home) for (const [id, url] of Object.entries(new UpstreamBook(home).list())) upstreams[id as ProviderId] = checkedBaseUrl(id, url);
  for (const id of PROVIDER_IDS) {
    const fromEnv = process.env[`LEO_UPSTREAM_${id.toUpperCase()}`];
    if (fromEnv) upstreams[id] = checkedBaseUrl(id, fromEnv);
  }
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const id = flag.slice(0, eq);
    if (eq <= 0 || !(PROVIDER_IDS as readonly string[]).includes(id)) {
      throw new Error(`--upstream takes provider=url with a provider among ${PROVIDER_IDS.join(', ')}; got '${flag}'.`);
    }
    upstreams[id as ProviderId] = checkedBaseUrl(id, flag.slice(eq + 1));
  }
  return upstreams;
}

function cacheConfigFromEnv(): CacheConfig {
  const enabled = process.env.LEO_CACHE ?? 'on';
  if (enabled !== 'on' && enabled !== 'off') throw new Error(`LEO_CACHE must be on or off, got '${enabled}'.`);
  const strictness = (process.env.LEO_CACHE_STRICTNESS || DEFAULT_STRICTNESS) as Strictness;
  if (!STRICTNESS_LEVELS.includes(strictness)) throw new Error(`LEO_CACHE_STRICTNESS must be one of ${STRICTNESS_LEVELS.join(', ')}, got '${strictness}'.`);
  const maxTemperature = process.env.LEO_CACHE_MAX_TEMPERATURE;
  if (maxTemperature !== undefined && maxTemperature !== '' && !(Number(maxTemperature) >= 0)) {
    throw new Error(`LEO_CACHE_MAX_TEMPERATURE must be a temperature (0 or more), got '${maxTemperature}'.`);
  }
  return {
    enabled: enabled === 'on',
    ttlMs: envNumber('LEO_CACHE_TTL_HOURS', 7 * 24) * 3_600_000,
    maxBytes: envNumber('LEO_CACHE_MAX_MB', 256) * 1024 * 1024,
    strictness,
    ...(maxTemperature ? { maxTemperature: Number(maxTemperature) } : {}),
  };
}

function promptCacheFromEnv(): PromptCacheMode {
  const mode = (process.env.LEO_PROMPT_CACHE || 'off') as PromptCacheMode;
  if (!PROMPT_CACHE_MODES.includes(mode)) throw new Error(`LEO_PROMPT_CACHE must be one of ${PROMPT_CACHE_MODES.join(', ')}, got '${mode}'.`);
  return mode;
}

function routingConfigFromEnv(): RoutingConfig {
  const mode = (process.env.LEO_ROUTING || DEFAULT_ROUTING_MODE) as RoutingMode;
  if (!ROUTING_MODES.includes(mode)) throw new Error(`LEO_ROUTING must be one of ${ROUTING_MODES.join(', ')}, got '${mode}'.`);
  const pinned = process.env.LEO_ROUTE_PINNED ?? 'keep';
  if (pinned !== 'keep' && pinned !== 'allow') throw new Error(`LEO_ROUTE_PINNED must be keep or allow, got '${pinned}'.`);
  return { mode, allowPinned: pinned === 'allow' };
}

/** `--database`, else `LEO_DATABASE_URL`; undefined for the embedded SQLite default. */
export function databaseUrlFrom(values: Pick<CliValues, 'database'>): string | undefined {
  const url = values.database ?? process.env.LEO_DATABASE_URL;
  if (url === undefined || url === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`The team database must be a postgres:// or postgresql:// URL (from --database or LEO_DATABASE_URL).`);
  return url;
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', 'localhost', '::1']);

/** A host name as the Host header carries it: lower case, IPv6 in brackets, no port. */
function hostNameOf(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (name === '' || /[\s/@?#]/.test(name) || /:\d+$/.test(name.replace(/^\[.*\]/, ''))) throw new Error(`--public-host takes a host name without scheme or port, got '${raw}'.`);
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
}

export function configFrom(options: { home: string; port?: number; upstreamFlags?: string[]; host?: string; publicHosts?: string[]; databaseUrl?: string }): CompanionConfig {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_ADDRESSES.has(host) && options.databaseUrl === undefined) {
    throw new Error(`--host ${host} serves beyond this machine, which needs member tokens: start a team companion with --database postgres://… (see leo team).`);
  }
  const publicHosts = [...(options.publicHosts ?? []), ...(process.env.LEO_PUBLIC_HOSTS ?? '').split(',').filter((h) => h.trim() !== '')].map(hostNameOf);
  return {
    home: options.home,
    port: options.port ?? envNumber('LEO_PORT', DEFAULT_PORT),
    host,
    publicHosts,
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
    memberCallsPerMinute: envNumber('LEO_TEAM_RATE_LIMIT', 600),
    upstreams: upstreamsFrom(options.upstreamFlags, options.home),
    bodyLimit: envNumber('LEO_BODY_LIMIT_BYTES', 32 * 1024 * 1024),
    headersTimeoutMs: envNumber('LEO_UPSTREAM_TIMEOUT_MS', 300_000),
    idleTimeoutMs: envNumber('LEO_UPSTREAM_IDLE_MS', 120_000),
    cache: cacheConfigFromEnv(),
    routing: routingConfigFromEnv(),
    promptCache: promptCacheFromEnv(),
    consensus: consensusConfigFrom(options.home),
    selfHosted: new SelfHostedBook(options.home).list(),
  };
}

/** The configuration `leo` flags and the environment give: `--home`, `--port`, `--upstream`, `--host`, `--public-host`, `--database`. */
export function configFromFlags(values: CliValues): CompanionConfig {
  const port = intFlag(values, 'port');
  const databaseUrl = databaseUrlFrom(values);
  return configFrom({
    home: resolveHome(values.home),
    ...(port !== undefined ? { port } : {}),
    upstreamFlags: values.upstream ?? [],
    ...(values.host !== undefined ? { host: values.host } : {}),
    publicHosts: values['public-host'] ?? [],
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
  });
}
