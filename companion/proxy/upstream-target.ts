import { invalidRequest, ProtocolError } from '../../shared/protocols/errors.js';
import { isProviderId, PROVIDERS, type ProviderId } from '../../shared/protocols/providers.js';
import type { ProtocolId } from '../../shared/protocols/canonical/protocol-id.js';
import type { OpenCall } from '../../shared/call/call-pipeline.js';
import type { RouteDecision } from '../../shared/routing/decide-route.js';
import { SELF_HOSTED_PROTOCOLS, selfHostedFor, type SelfHostedProvider } from '../store/self-hosted-book.js';
import type { ProxyDeps } from './proxy-deps.js';

/** The provider the caller named with `x-leo-provider`, if any: a built-in one, or one of the user's own servers. */
export function namedProvider(header: unknown, selfHosted: readonly SelfHostedProvider[]): { builtIn?: ProviderId; own?: string } {
  if (typeof header !== 'string' || header === '') return {};
  if (isProviderId(header)) return { builtIn: header };
  if (selfHosted.some((p) => p.name === header)) return { own: header };
  throw invalidRequest(`Unknown x-leo-provider '${header}'.`);
}

/** Where a call goes once routed: the user's own server for the model it serves (or the one named), else the provider's API with the vault's key. */
export function upstreamTarget(deps: ProxyDeps, opened: OpenCall, served: string, namedOwn: string | undefined): { base: string; key: string | undefined; provider: string } {
  const own = selfHostedFor(deps.config.selfHosted, served, namedOwn);
  if (own) {
    if (!SELF_HOSTED_PROTOCOLS[own.protocol]!.includes(opened.request.protocol)) {
      throw invalidRequest(`${own.name} speaks the ${own.protocol} protocol and this call is ${opened.request.protocol}: call ${served} with an ${own.protocol === 'openai' ? 'OpenAI' : 'Anthropic'} SDK.`);
    }
    return { base: own.baseUrl, key: undefined, provider: own.name };
  }
  const { provider } = opened;
  const key = deps.vault.get(provider);
  if (!key) {
    throw new ProtocolError(401, 'authentication', `No ${PROVIDERS[provider].name} API key in the LEO Optima vault. Add one with: leo keys add ${provider}`);
  }
  const base = deps.config.upstreams[provider];
  if (!base) {
    throw new ProtocolError(400, 'invalid_request', `No ${PROVIDERS[provider].name} address is set: run leo providers add ${provider} --base-url https://YOUR-RESOURCE.openai.azure.com (or start the companion with --upstream ${provider}=URL or LEO_UPSTREAM_${provider.toUpperCase()}).`);
  }
  return { base, key, provider };
}

/** A route to a model on the user's own server that speaks another protocol than the call is taken back. */
export function reachable(decision: RouteDecision | undefined, deps: ProxyDeps, protocol: ProtocolId): RouteDecision | undefined {
  const own = decision?.routed ? selfHostedFor(deps.config.selfHosted, decision.served) : undefined;
  if (!decision || !own || SELF_HOSTED_PROTOCOLS[own.protocol]!.includes(protocol)) return decision;
  return { ...decision, served: decision.requested, routed: false, reasons: [...decision.reasons, `not routed: ${decision.served} is on ${own.name}, which speaks another protocol`] };
}
