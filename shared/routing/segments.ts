/** At most this many segments, of at most this many words, are embedded per prompt: it bounds the router's time. */
export const MAX_SEGMENTS = 8;
export const MAX_SEGMENT_WORDS = 40;

/**
 * Splits a prompt into the parts a reader would take one at a time: sentences, lines and list
 * items; fragments of one or two words join the segment before them.
 */
export function promptSegments(text: string): string[] {
  const pieces = text
    .split(/\n+|(?<=[.?!;:])\s+(?=[\p{Lu}\d(])/u)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const segments: string[] = [];
  for (const piece of pieces) {
    const words = piece.split(/\s+/);
    if (segments.length > 0 && words.length < 3) segments[segments.length - 1] += ` ${piece}`;
    else segments.push(piece);
  }
  return segments.slice(0, MAX_SEGMENTS).map((s) => s.split(/\s+/).slice(0, MAX_SEGMENT_WORDS).join(' '));
}
