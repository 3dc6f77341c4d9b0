/** Turns texts into unit vectors; one implementation per model, the same in browser and Node. */
export interface Embedder {
  readonly model: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}
