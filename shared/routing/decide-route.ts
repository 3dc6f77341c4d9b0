import { contentText, type CanonicalRequest } from '../protocols/canonical/request.js';
import type { RoutingMode } from './modes.js';
import type { RouteScore, RouterModel } from './route-score.js';
import { isPinnedSnapshot, lighterModel } from './tiers.js';

export interface RouteSettings {
  mode: RoutingMode;
  /** Heavy model family → lighter model of the same provider. */
  tiers: Readonly<Record<string, string>>;
  /** Downgrade a model the caller pinned to a dated snapshot too. */
  allowPinned: boolean;
}

export interface RouteDecision {
  requested: string;
  served: string;
  routed: boolean;
  score?: number;
  reasons: string[];
}

/** A decision to stay; `tierExists` says whether a lighter model could have been chosen at all. */
const stay = (request: CanonicalRequest, reason: string, tierExists = true): { decision: RouteDecision; tierExists: boolean } => ({
  decision: { requested: request.model, served: request.model, routed: false, reasons: [reason] },
  tierExists,
});

function lastUserText(request: CanonicalRequest): string {
  const last = request.messages[request.messages.length - 1];
  return last?.role === 'user' ? contentText(last.content).trim() : '';
}

/**
 * What can be settled before scoring the prompt: either a final decision to stay, or the
 * lighter model to consider and the text to judge.
 */
export function routeCandidate(request: CanonicalRequest, settings: RouteSettings): { decision: RouteDecision; tierExists: boolean } | { lighter: string; prompt: string } {
  if (settings.mode === 'off') return stay(request, 'routing is off', false);
  const lighter = lighterModel(request.model, settings.tiers);
  if (!lighter) return stay(request, `no lighter tier configured for ${request.model}`, false);
  if (isPinnedSnapshot(request.model) && !settings.allowPinned) return stay(request, `${request.model} is a pinned snapshot`, false);
  // The first step of a tool-using session plans it, and the session stays on the tier that step chose.
  if (request.tools.length > 0 && !request.messages.some((m) => m.role === 'assistant')) {
    return stay(request, 'the first step of a session with tools plans it (never routed)');
  }
  // The routing data has no tool use or structured output: only the aggressive mode risks them.
  if ((request.tools.length > 0 || request.responseFormat !== undefined) && settings.mode !== 'aggressive') {
    return stay(request, 'uses tools or structured output (routed only in aggressive mode)');
  }
  const prompt = lastUserText(request);
  if (prompt === '') return stay(request, 'no user text to judge');
  return { lighter, prompt };
}

/** Sends the prompt to the lighter model when the heavy one is not expected to add enough. */
export function decideRoute(request: CanonicalRequest, lighter: string, score: RouteScore, mode: Exclude<RoutingMode, 'off'>, model: RouterModel): RouteDecision {
  const threshold = model.thresholds[score.kind][mode];
  const routed = score.score < threshold;
  return {
    requested: request.model,
    served: routed ? lighter : request.model,
    routed,
    score: score.score,
    reasons: [`${routed ? 'light enough' : 'needs the heavy model'} at ${mode} (score ${score.score.toFixed(3)} vs ${threshold.toFixed(3)})`, ...score.reasons],
  };
}
