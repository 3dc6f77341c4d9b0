import { stemmer } from 'stemmer';
import { NATURAL_LANGUAGES, NEGATIONS, NUMBER_WORDS, OPPOSITES, PROGRAMMING_LANGUAGES, STOPWORDS } from './lexicon.js';

/** What a prompt says that cosine similarity glosses over; computed once per prompt. */
export interface PromptFacts {
  numbers: string[];
  languages: Set<string>;
  negated: boolean;
  /** Members of opposite pairs the prompt uses. */
  polar: Set<string>;
  /** Ordered "A to B" / "A vs B" pairs. */
  directions: string[];
  /** Content words, lowercased and stemmed (Porter). */
  content: Set<string>;
  /** Capitalised words and acronyms not at the start of a sentence. */
  entities: Set<string>;
  /** The same entities in the order the prompt names them. */
  entityOrder: string[];
  /** The text an instruction applies to ("summarise this: …"), when there is a long one. */
  payload: string | undefined;
  length: number;
}

const POLAR_WORDS = new Set(OPPOSITES.flat());


function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z][a-z0-9+#]*(?:'[a-z]+)?|\d+(?:[.,]\d+)*/g) ?? [];
}

function numbersOf(text: string, tokens: string[]): string[] {
  const numeric = (text.match(/-?\d+(?:[.,]\d+)*%?/g) ?? []).map((n) => n.replace(/,(?=\d{3}\b)/g, ''));
  const spelled = tokens.map((t) => NUMBER_WORDS.get(t)).filter((n): n is string => n !== undefined);
  return [...numeric, ...spelled].sort();
}

function directionsOf(text: string): string[] {
  const pairs: string[] = [];
  const pattern = /\b([\w+#.]+)\s+(?:to|into|->|→|vs\.?|versus|over)\s+([\w+#.]+)/gi;
  for (const m of text.matchAll(pattern)) {
    const from = m[1]!.toLowerCase();
    const to = m[2]!.toLowerCase();
    if (!STOPWORDS.has(from) && !STOPWORDS.has(to)) pairs.push(`${from}>${to}`);
  }
  return pairs;
}

function entitiesOf(text: string): string[] {
  const entities: string[] = [];
  for (const sentence of text.split(/(?<=[.?!])\s+|\n+/)) {
    const tokens = sentence.match(/[.\p{L}\p{N}][\p{L}\p{N}'+#.-]*/gu) ?? [];
    tokens.slice(1).forEach((t) => {
      if (/^\.?\p{Lu}/u.test(t) || /^[A-Z0-9]{2,}$/.test(t)) entities.push(t.toLowerCase().replace(/('s|[.'-])+$/, ''));
    });
  }
  return entities;
}

const INSTRUCTION_SPLIT = /^(.{0,160}?)(?::\s*|\n+)([\s\S]{80,})$/;

export function promptFacts(text: string): PromptFacts {
  const tokens = words(text);
  const languages = new Set<string>();
  for (const t of tokens) {
    const lang = PROGRAMMING_LANGUAGES.get(t);
    if (lang) languages.add(lang);
    if (NATURAL_LANGUAGES.has(t)) languages.add(t);
  }
  // 'C' and 'R' only count as languages when written as such.
  if (!/\b[Cc]\b(?!')/.test(text)) languages.delete('c');
  if (!/\bR\b/.test(text)) languages.delete('r');
  if (!/\bGo\b|\bgolang\b/i.test(text) || /\bgo (to|back|out|on|for|with|through|up|down)\b/i.test(text)) languages.delete('go');
  const entityOrder = entitiesOf(text);
  const payload = INSTRUCTION_SPLIT.exec(text.trim())?.[2]?.replace(/\s+/g, ' ').trim();
  return {
    numbers: numbersOf(text, tokens),
    languages,
    negated: tokens.some((t) => NEGATIONS.has(t) || t.endsWith("n't")),
    polar: new Set(tokens.filter((t) => POLAR_WORDS.has(t))),
    directions: directionsOf(text),
    content: new Set(tokens.filter((t) => !STOPWORDS.has(t) && !NUMBER_WORDS.has(t)).map(stemmer)),
    entities: new Set(entityOrder),
    entityOrder,
    payload,
    length: text.length,
  };
}
