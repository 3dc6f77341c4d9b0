import type { IncomingHttpHeaders } from 'node:http';
import type { CanonicalRequest } from '../../shared/protocols/canonical/request.js';
import { invalidRequest } from '../../shared/protocols/errors.js';
import { isSaturated, type Embedder } from '../../shared/embedding/embedder.js';
import { decideRoute, routeCandidate, type RouteDecision, type RouteSettings } from '../../shared/routing/decide-route.js';
import { ROUTING_MODES, type RoutingMode } from '../../shared/routing/modes.js';
import { routeScore, type RouterModel } from '../../shared/routing/route-score.js';
import { routeSignals, type NearestSeen } from '../../shared/routing/route-signals.js';
import { ROUTER_MODEL } from '../../shared/routing/router-model.js';
import { ROUTE_MODE_HEADER } from '../../shared/companion-contract.js';
import { conversationKey } from '../../shared/routing/conversation-key.js';
import type { ConversationMemory } from './conversation-tiers.js';

/** Reads the per-call mode override, or says what is wrong with it. */
export function routeModeOverride(headers: IncomingHttpHeaders): RoutingMode | undefined {
  const raw = headers[ROUTE_MODE_HEADER];
  if (raw === undefined) return undefined;
  const mode = String(raw).trim().toLowerCase() as RoutingMode;
  if (!ROUTING_MODES.includes(mode)) throw invalidRequest(`${ROUTE_MODE_HEADER} must be one of ${ROUTING_MODES.join(', ')}; got '${String(raw).slice(0, 40)}'.`);
  return mode;
}

/**
 * A conversation the provider holds, named by what the call continues from: the stored
 * response it follows, or its conversation object. Such calls resend no earlier turns.
 */
function chainOf(request: CanonicalRequest): string | undefined {
  const { previous_response_id: previous, conversation } = request.identity.around;
  if (typeof previous === 'string') return `response:${previous}`;
  const id = typeof conversation === 'string' ? conversation : (conversation as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? `conversation:${id}` : undefined;
}

/**
 * Decides, per call to a heavy model, whether its lighter sibling will answer as well. A
 * conversation stays on the tier its earlier turns were served by, so the provider's prompt
 * cache keeps its prefix; it only ever moves up, when the router finds a turn too hard.
 */
export class Router {
  constructor(
    readonly settings: RouteSettings,
    private readonly conversations: ConversationMemory,
    private readonly loadEmbedder: () => Promise<Embedder>,
    private readonly nearestSeen: NearestSeen = () => undefined,
    private readonly model: RouterModel = ROUTER_MODEL,
  ) {}

  async decide(request: CanonicalRequest, mode: RoutingMode = this.settings.mode): Promise<RouteDecision> {
    const candidate = routeCandidate(request, { ...this.settings, mode });
    // Without a lighter tier there is nothing to decide, and nothing to remember.
    if ('decision' in candidate && !candidate.tierExists) return candidate.decision;
    const chain = chainOf(request);
    const conversation = chain ?? conversationKey(request);
    const earlier = chain !== undefined || request.messages.length > 1 ? await this.conversations.get(conversation) : undefined;
    if (earlier === request.model) {
      return { requested: request.model, served: request.model, routed: false, reasons: [`the conversation stays on ${earlier}, which served its earlier turns`] };
    }
    const decision = 'decision' in candidate ? candidate.decision : await this.score(request, candidate, mode as Exclude<RoutingMode, 'off'>);
    if (earlier !== undefined && decision.served === earlier) decision.reasons.unshift(`the conversation stays on ${earlier}`);
    else if (earlier !== undefined) decision.reasons.unshift(`escalated from ${earlier}, which served the earlier turns`);
    this.conversations.set(conversation, decision.served);
    return decision;
  }

  /**
   * Remembers which model gave an answer the provider keeps (a Responses answer's id), so a
   * turn that continues from it with `previous_response_id` stays on that model.
   */
  noteAnswer(request: CanonicalRequest, answerId: string, servedModel: string): void {
    if (request.protocol === 'openai-responses' && answerId !== '') this.conversations.set(`response:${answerId}`, servedModel);
  }

  private async score(request: CanonicalRequest, candidate: { lighter: string; prompt: string }, mode: Exclude<RoutingMode, 'off'>): Promise<RouteDecision> {
    const embedder = await this.loadEmbedder();
    if (isSaturated(embedder)) return { requested: request.model, served: request.model, routed: false, reasons: ['not scored: the embedder is saturated'] };
    const signals = await routeSignals(candidate.prompt, embedder, this.nearestSeen);
    const decision = decideRoute(request, candidate.lighter, routeScore(signals, this.model), mode, this.model);
    decision.reasons.push(`novelty ${signals.novelty.toFixed(2)}, coherence ${signals.coherence.mean.toFixed(2)} over ${signals.segments} parts`);
    return decision;
  }
}
