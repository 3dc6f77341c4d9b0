import { OPPOSITES, PROGRAMMING_LANGUAGES } from './lexicon.js';
import type { PromptFacts } from './prompt-facts.js';

/** The graded signals read from the two texts and their cosine, in a fixed order. */
export const FEATURE_NAMES = ['cosine', 'cosineSq', 'jaccard', 'substituted', 'added', 'entityOnly', 'lengthRatio', 'wordEdits'] as const;

/** Past this many words, the word-level edit distance is not computed (it only matters for short edits). */
const MAX_EDIT_WORDS = 200;
const MAX_COUNTED_EDITS = 8;
/** From this many words, three edits are still a small change. */
const LONG_ENOUGH_FOR_THREE_EDITS = 10;

/** Word-level Levenshtein distance, counted up to MAX_COUNTED_EDITS. */
function wordEdits(a: string[], b: string[]): number {
  if (a.length > MAX_EDIT_WORDS || b.length > MAX_EDIT_WORDS || Math.abs(a.length - b.length) >= MAX_COUNTED_EDITS) return MAX_COUNTED_EDITS;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return Math.min(previous[b.length]!, MAX_COUNTED_EDITS);
}

export interface PairComparison {
  /** Decisive differences: any one of them means another question, whatever the similarity. */
  vetoes: string[];
  features: number[];
}

function sameMultiset(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
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

/** What one prompt asks to go from X to Y, the other from Y to X ("PDF to Word", "Word document to PDF"). */
function reversedDirection(a: PromptFacts, b: PromptFacts): string | undefined {
  const meets = (x: Set<string>, y: Set<string>) => [...x].find((w) => y.has(w));
  for (const da of a.directions) {
    for (const db of b.directions) {
      const from = meets(da.before, db.after);
      const to = meets(da.after, db.before);
      if (from && to && from !== to) return `${from} → ${to} vs ${to} → ${from}`;
    }
  }
  return undefined;
}

function opposed(a: PromptFacts, b: PromptFacts): string | undefined {
  for (const [x, y] of OPPOSITES) {
    if ((a.polar.has(x) && b.polar.has(y) && !a.polar.has(y) && !b.polar.has(x)) || (a.polar.has(y) && b.polar.has(x) && !a.polar.has(x) && !b.polar.has(y))) {
      return `${x} / ${y}`;
    }
  }
  return undefined;
}

/**
 * One content word traded for another (or for a short phrase) with the rest of the prompt left
 * as it was: how a look-alike is made ("push" for "commit", "college" for "high school").
 */
function swappedInPlace(edits: number, changedA: string[], changedB: string[], shorter: number): boolean {
  return Math.min(changedA.length, changedB.length) === 1 && (edits <= 2 || (edits <= 3 && shorter >= LONG_ENOUGH_FOR_THREE_EDITS));
}

export function comparePrompts(a: PromptFacts, b: PromptFacts, cosine: number): PairComparison {
  const vetoes: string[] = [];
  const union = new Set([...a.content, ...b.content]).size;
  const changedA = onlyIn(a.content, b.content);
  const changedB = onlyIn(b.content, a.content);
  const [onlyA, onlyB] = [changedA.length, changedB.length];
  const edits = wordEdits(a.words, b.words);
  if (!sameMultiset(a.numbers, b.numbers)) vetoes.push(`numbers differ (${a.numbers.join(', ') || 'none'} vs ${b.numbers.join(', ') || 'none'})`);
  const langA = [...a.languages].sort().join(', ');
  const langB = [...b.languages].sort().join(', ');
  if (langA !== langB) vetoes.push(`languages differ (${langA || 'none'} vs ${langB || 'none'})`);
  if (a.negated !== b.negated) vetoes.push('one is negated');
  const opposite = opposed(a, b);
  if (opposite) vetoes.push(`opposites (${opposite})`);
  const reversed = reversedDirection(a, b);
  if (reversed) vetoes.push(`direction reversed (${reversed})`);
  const unitsA = [...a.units].sort().join(', ');
  const unitsB = [...b.units].sort().join(', ');
  // One side naming no unit may be a rewording that leaves it implied; two different units never are.
  if (unitsA !== unitsB && unitsA !== '' && unitsB !== '') vetoes.push(`units differ (${unitsA} vs ${unitsB})`);
  if (!sameMultiset(a.identifiers, b.identifiers)) vetoes.push(`identifiers differ (${a.identifiers.join(', ') || 'none'} vs ${b.identifiers.join(', ') || 'none'})`);
  if ((a.payload !== undefined || b.payload !== undefined) && a.payload !== b.payload) vetoes.push('applies to a different text');
  // A name the other prompt writes in lower case, or a language both name, is no difference.
  const namedIn = (x: PromptFacts) => (e: string) => !x.entities.has(e) && !x.stems.has(e) && !PROGRAMMING_LANGUAGES.has(e);
  const entitiesOnlyA = [...a.entities].filter(namedIn(b));
  const entitiesOnlyB = [...b.entities].filter(namedIn(a));
  if (entitiesOnlyA.length > 0 && entitiesOnlyB.length > 0) vetoes.push(`names differ (${entitiesOnlyA.join(', ')} vs ${entitiesOnlyB.join(', ')})`);
  else if (!reversed && a.entityOrder.length >= 2 && sameSet(a.content, b.content) && swappedOrder(a.entityOrder, b.entityOrder)) {
    vetoes.push(`roles swapped (${a.entityOrder.join(', ')} vs ${b.entityOrder.join(', ')})`);
  }
  // Last, as the least specific: people rewording a question change its form; changing only small words ("do" for "can") is no swap.
  if (vetoes.length === 0 && swappedInPlace(edits, changedA, changedB, Math.min(a.words.length, b.words.length))) vetoes.push(`one detail changed (${changedA.join(' ')} vs ${changedB.join(' ')})`);

  const features = [
    cosine,
    cosine * cosine,
    union === 0 ? 1 : (union - onlyA - onlyB) / union,
    Math.min(onlyA, onlyB),
    Math.abs(onlyA - onlyB),
    entitiesOnlyA.length + entitiesOnlyB.length,
    Math.abs(Math.log((a.length + 1) / (b.length + 1))),
    edits / MAX_COUNTED_EDITS,
  ];
  return { vetoes, features };
}
