import { dot } from '../embedding/vectors.js';

/** Subjects as directions in embedding space, each with how much the strong model gains there. */
export interface TopicModel {
  centroids: Float32Array[];
  /** Expected (strong correct − weak correct) per centroid, shrunk towards the overall mean. */
  gains: number[];
  /** Softmax temperature of the assignment to centroids. */
  temperature: number;
}

/** The weights of a vector's soft assignment to the centroids. */
export function topicWeights(model: Pick<TopicModel, 'centroids' | 'temperature'>, vector: Float32Array): number[] {
  const logits = model.centroids.map((c) => dot(c, vector) / model.temperature);
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** How much the strong model is expected to gain on prompts about this subject. */
export function topicDifficulty(model: TopicModel, vector: Float32Array): number {
  return topicWeights(model, vector).reduce((sum, w, k) => sum + w * model.gains[k]!, 0);
}
