import { stemmer } from 'stemmer';
import { americanSpelling, NATURAL_LANGUAGES, NEGATIONS, NUMBER_WORDS, OPPOSITES, PROGRAMMING_LANGUAGES, STOPWORDS, SYNONYMS, UNITS } from './lexicon.js';

/** What a prompt says that cosine similarity glosses over; computed once per prompt. */
export interface PromptFacts {
  numbers: string[];
  languages: Set<string>;
  negated: boolean;
  /** Members of opposite pairs the prompt uses. */
  polar: Set<string>;
  /** The content words just before and just after each "to", "into", "instead of", "rather than", "vs": which way the ask goes. */
  directions: { before: Set<string>; after: Set<string> }[];
  /** Units named (canonical: kg, lb, mile, km, c, f, …). */
  units: Set<string>;
  /** Content words, lowercased and stemmed (Porter). */
  content: Set<string>;
  /** Every word, lowercased and stemmed: where a name written in lower case in the other prompt is found. */
  stems: Set<string>;
  /** Every word, lowercased, in order. */
  words: string[];
  /** Capitalised words and acronyms not at the start of a sentence. */
  entities: Set<string>;
  /** The same entities in the order the prompt names them. */
  entityOrder: string[];
  /** Opaque names that must match exactly: paths, files, URLs, hashes, code identifiers, tickets, flags. */
  identifiers: string[];
  /** The text an instruction applies to ("summarise this: …"), when there is a long one. */
  payload: string | undefined;
  length: number;
}

const POLAR_WORDS = new Set(OPPOSITES.flat());


function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z][a-z0-9+#]*(?:'[a-z]+)?|\d+(?:[.,]\d+)*/g) ?? [];
}

function numbersOf(text: string, tokens: string[]): string[] {
  const numeric = (text.match(/(?<![\p{L}\d])-?\d+(?:[.,]\d+)*|\d+(?:[.,]\d+)*/gu) ?? []).map((n) => n.replace(/,(?=\d{3}\b)/g, ''));
  const spelled = tokens.map((t) => NUMBER_WORDS.get(t)).filter((n): n is string => n !== undefined);
  return [...numeric, ...spelled].sort();
}

const CONNECTIVE = /\s(?:to|into|->|→|vs\.?|versus|instead of|rather than)\s/gi;
/** Content words read on each side of a connective. */
const DIRECTION_WINDOW = 3;

/** A content word as compared: American spelling, a synonym group's first word, then its stem. */
function contentStem(word: string): string {
  const spelled = americanSpelling(word);
  return stemmer(SYNONYMS.get(spelled) ?? spelled);
}

function contentStems(tokens: string[]): string[] {
  return tokens.filter((t) => !STOPWORDS.has(t) && !NUMBER_WORDS.has(t)).map(contentStem);
}

function directionsOf(text: string): { before: Set<string>; after: Set<string> }[] {
  const directions: { before: Set<string>; after: Set<string> }[] = [];
  for (const m of text.matchAll(CONNECTIVE)) {
    const before = contentStems(words(text.slice(0, m.index))).slice(-DIRECTION_WINDOW);
    const after = contentStems(words(text.slice(m.index + m[0].length))).slice(0, DIRECTION_WINDOW);
    if (before.length > 0 && after.length > 0) directions.push({ before: new Set(before), after: new Set(after) });
  }
  return directions;
}

function unitsOf(tokens: string[], text: string): Set<string> {
  const units = new Set(tokens.map((t) => UNITS.get(t)).filter((u): u is string => u !== undefined));
  for (const [, unit] of text.matchAll(/\d\s*°\s*([cf])\b/gi)) units.add(unit!.toLowerCase());
  return units;
}

function entitiesOf(text: string): string[] {
  const entities: string[] = [];
  for (const sentence of text.split(/(?<=[.?!])\s+|\n+/)) {
    const tokens = sentence.match(/[.\p{L}\p{N}][\p{L}\p{N}'+#.-]*/gu) ?? [];
    tokens.slice(1).forEach((t) => {
      if (t === 'I' || !(/^\.?\p{Lu}/u.test(t) || /^[A-Z0-9]{2,}$/.test(t))) return;
      entities.push(stemmer(t.toLowerCase().replace(/('s|[.'-])+$/, '')));
    });
  }
  return entities;
}

const IDENTIFIER_PATTERNS = [
  /\bhttps?:\/\/\S+/g,
  /`[^`\n]+`/g,
  // paths, branches and repos: src/cache/index.ts, feature/login-form, /var/www, owner/repo
  /(?:\B\/|\b[\w.-]+\/)[\w.-]+(?:\/[\w.-]+)*/g,
  // file names: config.ts, .gitignore, hero.png
  /(?:\b[\w-]+|\B)\.(?:[a-z]{1,4}|json|yaml|toml|lock|html|scss|gitignore|env)\b(?!\.\w)/g,
  // code identifiers: fetchOrders, user_id
  /\b[a-z]{2,}[A-Z][A-Za-z0-9]*\b/g,
  /\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b/g,
  // commit hashes and tickets: a1b2c3d, LEO-142
  /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b/g,
  /\b[A-Z][A-Z0-9]+-\d+\b/g,
  /(?<!\S)--?[a-z][\w-]*/g,
];

/** Written the same way in a rewording, whatever else changes: a prose abbreviation is not an identifier. */
const NOT_IDENTIFIERS = new Set(['e.g', 'i.e', 'etc', 'vs', 'a.m', 'p.m', 'and/or', 'macOS', 'node.js', 'next.js', 'vue.js', 'express.js', 'tcp/ip', 'i/o']);

function identifiersOf(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of IDENTIFIER_PATTERNS) {
    for (const [match] of text.matchAll(pattern)) {
      const id = match.replace(/[.,;:!?)]+$/, '');
      if (id.length >= 3 && !NOT_IDENTIFIERS.has(id) && !NOT_IDENTIFIERS.has(id.toLowerCase())) found.add(id);
    }
  }
  // A file name inside a path already found is not a second identifier.
  return [...found].filter((id) => ![...found].some((other) => other !== id && other.includes(id))).sort();
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
  if (!/\bGo\b|\bgolang\b/i.test(text) || /\bgo (to|back|out|on|for|with|through|up|down|about|ahead|over|away|home)\b/i.test(text)) languages.delete('go');
  const entityOrder = entitiesOf(text);
  const payload = INSTRUCTION_SPLIT.exec(text.trim())?.[2]?.replace(/\s+/g, ' ').trim();
  return {
    numbers: numbersOf(text, tokens),
    languages,
    negated: tokens.some((t) => NEGATIONS.has(t) || t.endsWith("n't")),
    polar: new Set(tokens.filter((t) => POLAR_WORDS.has(t))),
    directions: directionsOf(text),
    units: unitsOf(tokens, text),
    content: new Set(contentStems(tokens)),
    stems: new Set(tokens.map(stemmer)),
    words: tokens,
    entities: new Set(entityOrder),
    entityOrder,
    identifiers: identifiersOf(text),
    payload,
    length: text.length,
  };
}
