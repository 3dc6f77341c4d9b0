/**
 * Splits text into word-sized pieces, whitespace kept, the way providers stream tokens.
 * Joining the pieces gives back the text exactly.
 */
export function textPieces(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

/** Splits a JSON argument string into short fragments, as providers stream tool arguments. */
export function jsonPieces(json: string, size = 16): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < json.length; i += size) pieces.push(json.slice(i, i + size));
  return pieces;
}
