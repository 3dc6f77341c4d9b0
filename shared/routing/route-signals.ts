import type { Embedder } from '../embedding/embedder.js';
import { coherence, type Coherence } from './coherence.js';
import { promptSegments } from './segments.js';
import { textSignals, type TextSignals } from './prompt-signals.js';

/** Everything the router weighs about one prompt. */
export interface RouteSignals {
  text: TextSignals;
  coherence: Coherence;
  segments: number;
  /** 1 − the cosine of the nearest prompt seen before (1 when nothing was): how unlike past prompts this is. */
  novelty: number;
}

/** Finds how close the nearest previously seen prompt is (cosine), or undefined when none was. */
export type NearestSeen = (consensus: Float32Array) => number | undefined;

export async function routeSignals(prompt: string, embedder: Embedder, nearestSeen: NearestSeen = () => undefined): Promise<RouteSignals> {
  const segments = promptSegments(prompt);
  const vectors = await embedder.embed(segments.length > 0 ? segments : ['']);
  const agreement = coherence(vectors);
  return {
    text: textSignals(prompt),
    coherence: agreement,
    segments: segments.length,
    novelty: 1 - (nearestSeen(agreement.consensus) ?? 0),
  };
}

/** The signals as named numbers, the way the router's fitted weights refer to them. */
export function signalValues(signals: RouteSignals): Record<string, number> {
  return {
    ...signals.text,
    coherenceMean: signals.coherence.mean,
    coherenceMin: signals.coherence.min,
    segments: Math.log1p(signals.segments),
    novelty: signals.novelty,
  };
}
