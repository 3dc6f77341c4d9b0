import { readJsonRows } from './json-lines.js';
import { comparePrompts } from '../../shared/cache/guard/pair-features.js';
import { promptFacts } from '../../shared/cache/guard/prompt-facts.js';
import { dot } from '../../shared/embedding/vectors.js';
import type { Embedder } from '../../shared/embedding/embedder.js';
import type { CandidateSimilarity } from '../../shared/cache/guard/guard.js';
import { loadNodeEmbedder } from '../embedding/node-embedder.js';

export interface LabelledPair {
  a: string;
  b: string;
  duplicate: boolean;
}

export interface PairRow {
  pair: LabelledPair;
  /** The cosine of the default model's vectors for `a` and `b`. */
  similarity: CandidateSimilarity;
  vetoes: string[];
  features: number[];
}

/** Reads `{"a", "b", "duplicate"}` lines, saying which line is wrong if one is. */
export function readPairs(file: string): LabelledPair[] {
  return readJsonRows(file, 'string "a" and "b" and boolean "duplicate"', ({ a, b, duplicate }) =>
    typeof a === 'string' && typeof b === 'string' && typeof duplicate === 'boolean' ? { a, b, duplicate } : undefined,
  );
}

/** Embeds both sides of every pair with the default model (or `embedder`), in batches, and compares them. */
export async function comparePairs(pairs: LabelledPair[], embedder?: Embedder): Promise<PairRow[]> {
  const model = embedder ?? (await loadNodeEmbedder());
  const rows: PairRow[] = [];
  for (let i = 0; i < pairs.length; i += 32) {
    const batch = pairs.slice(i, i + 32);
    const vectors = await model.embed(batch.flatMap((p) => [p.a, p.b]));
    batch.forEach((pair, j) => {
      const cosine = dot(vectors[2 * j]!, vectors[2 * j + 1]!);
      rows.push({ pair, similarity: { cosine }, ...comparePrompts(promptFacts(pair.a), promptFacts(pair.b), cosine) });
    });
  }
  return rows;
}

export function precisionRecall(decisions: boolean[], labels: boolean[]) {
  const tp = decisions.filter((d, i) => d && labels[i]).length;
  const fp = decisions.filter((d, i) => d && !labels[i]).length;
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  return {
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: positives === 0 ? 0 : tp / positives,
    falseHitRate: negatives === 0 ? 0 : fp / negatives,
  };
}
