/** Turns texts into unit vectors; one implementation per model, the same in browser and Node. */
export interface Embedder {
  readonly model: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Texts waiting for the model, for embedders that queue them. */
  readonly backlog?: number;
}

/**
 * Past this many waiting texts, callers that can do without an embedding (the semantic tier,
 * the router) skip it: under a flood of new prompts, answering beats saving.
 */
export const SATURATED_BACKLOG = 48;

export function isSaturated(embedder: Embedder): boolean {
  return (embedder.backlog ?? 0) >= SATURATED_BACKLOG;
}
