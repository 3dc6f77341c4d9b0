/**
 * What a prompt's text says about how hard it is, as numbers the router's model weighs.
 * Cheap and local: no embedding, no network.
 */
export const TEXT_SIGNAL_NAMES = [
  'logChars',
  'logWords',
  'sentences',
  'numbers',
  'distinctNumbers',
  'mathSymbols',
  'formalNotation',
  'code',
  'questions',
  'multiPart',
  'choices',
  'negatedAsk',
  'longWords',
  'capitalised',
  'nonAscii',
] as const;

export type TextSignals = Record<(typeof TEXT_SIGNAL_NAMES)[number], number>;

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

export function textSignals(text: string): TextSignals {
  const words = text.match(/\S+/g) ?? [];
  const letters = words.filter((w) => /\p{L}/u.test(w));
  const numbers = text.match(/\d+(?:[.,]\d+)*/g) ?? [];
  return {
    logChars: Math.log1p(text.length),
    logWords: Math.log1p(words.length),
    sentences: Math.log1p(count(text, /[.?!](\s|$)/g)),
    numbers: Math.log1p(numbers.length),
    distinctNumbers: Math.log1p(new Set(numbers).size),
    mathSymbols: Math.log1p(count(text, /[=+*/^√∑∫≤≥≠<>×÷%]|(?<=\d)\s*-\s*(?=\d)/g)),
    formalNotation: Math.log1p(count(text, /\\[a-z]+|\$[^$]+\$|\b[a-z]\s*[=<>]\s*\d|\b[fgh]\([a-z]\)|\b(?:log|sin|cos|lim|mod|sqrt)\b/gi)),
    code: Math.log1p(count(text, /```|\b(?:def|function|return|class|import|const|var|int|void|printf|console\.log)\b|[{};]\s*$|=>/gm)),
    questions: Math.log1p(count(text, /\?/g)),
    multiPart: Math.log1p(count(text, /^\s*(?:\d+[.)]|[a-z][.)]|\([ivx]+\)|[-*•])\s|\b(?:then|also|additionally|finally|after that|and then)\b/gim)),
    choices: Math.log1p(count(text, /^\s*\(?[A-J][.)]\s/gm)),
    negatedAsk: count(text, /\b(?:NOT|EXCEPT|LEAST|FALSE|INCORRECT)\b|\bwhich of the following (?:is|are|would) not\b/g) > 0 ? 1 : 0,
    longWords: letters.length === 0 ? 0 : letters.filter((w) => w.replace(/\P{L}/gu, '').length >= 9).length / letters.length,
    capitalised: letters.length === 0 ? 0 : letters.slice(1).filter((w) => /^\p{Lu}/u.test(w)).length / letters.length,
    nonAscii: text.length === 0 ? 0 : count(text, /[^\x00-\x7f]/g) / text.length,
  };
}
