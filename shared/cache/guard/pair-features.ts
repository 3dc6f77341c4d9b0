import { OPPOSITES } from './lexicon.js';
import type { PromptFacts } from './prompt-facts.js';

/** The graded signals read from the two texts and their cosine, in a fixed order. */
export const FEATURE_NAMES = ['cosine', 'cosineSq', 'jaccard', 'substituted', 'added', 'entityOnly', 'lengthRatio'] as const;

export interface PairComparison {
  /** Decisive differences: any one of them means another question, whatever the similarity. */
  vetoes: string[];
  features: number[];
}

function sameMultiset(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function onlyIn(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x));
}

/** Whether two prompts name the same entities in another order ("A thinks of B" vs "B thinks of A"). */
function swappedOrder(a: string[], b: string[]): boolean {
  const firstA = a.filter((x, i) => a.indexOf(x) === i);
  const firstB = b.filter((x, i) => b.indexOf(x) === i);
  return firstA.length === firstB.length && firstA.some((x, i) => x !== firstB[i]);
}

function opposed(a: PromptFacts, b: PromptFacts): string | undefined {
  for (const [x, y] of OPPOSITES) {
    if ((a.polar.has(x) && b.polar.has(y) && !a.polar.has(y) && !b.polar.has(x)) || (a.polar.has(y) && b.polar.has(x) && !a.polar.has(x) && !b.polar.has(y))) {
      return `${x} / ${y}`;
    }
  }
  return undefined;
}

export function comparePrompts(a: PromptFacts, b: PromptFacts, cosine: number): PairComparison {
  const vetoes: string[] = [];
  if (!sameMultiset(a.numbers, b.numbers)) vetoes.push(`numbers differ (${a.numbers.join(', ') || 'none'} vs ${b.numbers.join(', ') || 'none'})`);
  const langA = [...a.languages].sort().join(', ');
  const langB = [...b.languages].sort().join(', ');
  if (langA !== langB) vetoes.push(`languages differ (${langA || 'none'} vs ${langB || 'none'})`);
  if (a.negated !== b.negated) vetoes.push('one is negated');
  const opposite = opposed(a, b);
  if (opposite) vetoes.push(`opposites (${opposite})`);
  const reversed = a.directions.find((d) => {
    const [from, to] = d.split('>');
    return b.directions.includes(`${to}>${from}`) && !b.directions.includes(d);
  });
  if (reversed) vetoes.push(`direction reversed (${reversed.replace('>', ' → ')})`);
  if ((a.payload !== undefined || b.payload !== undefined) && a.payload !== b.payload) vetoes.push('applies to a different text');
  const entitiesOnlyA = onlyIn(a.entities, b.entities);
  const entitiesOnlyB = onlyIn(b.entities, a.entities);
  if (entitiesOnlyA.length > 0 && entitiesOnlyB.length > 0) vetoes.push(`names differ (${entitiesOnlyA.join(', ')} vs ${entitiesOnlyB.join(', ')})`);
  else if (!reversed && a.entityOrder.length >= 2 && entitiesOnlyA.length + entitiesOnlyB.length === 0 && swappedOrder(a.entityOrder, b.entityOrder)) {
    vetoes.push(`roles swapped (${a.entityOrder.join(', ')} vs ${b.entityOrder.join(', ')})`);
  }

  const union = new Set([...a.content, ...b.content]).size;
  const onlyA = onlyIn(a.content, b.content).length;
  const onlyB = onlyIn(b.content, a.content).length;
  const features = [
    cosine,
    cosine * cosine,
    union === 0 ? 1 : (union - onlyA - onlyB) / union,
    Math.min(onlyA, onlyB),
    Math.abs(onlyA - onlyB),
    entitiesOnlyA.length + entitiesOnlyB.length,
    Math.abs(Math.log((a.length + 1) / (b.length + 1))),
  ];
  return { vetoes, features };
}

/**
 * What the two prompts' vectors say beyond their cosine: the elementwise product and the
 * elementwise distance, so the fitted model can weigh each dimension on its own.
 */
export function vectorFeatures(a: Float32Array, b: Float32Array): number[] {
  const features = new Array<number>(2 * a.length);
  for (let i = 0; i < a.length; i++) {
    features[i] = a[i]! * b[i]!;
    features[a.length + i] = Math.abs(a[i]! - b[i]!);
  }
  return features;
}
