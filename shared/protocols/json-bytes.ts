const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const utf8 = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The index just past the JSON string that starts at `start` (a quote). */
function stringEnd(body: Uint8Array, start: number): number {
  for (let i = start + 1; i < body.length; i++) {
    if (body[i] === BACKSLASH) i++;
    else if (body[i] === QUOTE) return i + 1;
  }
  return body.length;
}

/**
 * Replaces the value of the top-level `"model"` string in a JSON object body and leaves every
 * other byte as the caller sent it, so a provider's prompt cache still sees the same prefix.
 * Works on bytes: in UTF-8 no byte of a multibyte character can look like JSON punctuation.
 */
export function replaceTopLevelModel(body: Uint8Array, model: string): Uint8Array {
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (b === QUOTE) {
      const end = stringEnd(body, i);
      if (depth === 1 && expectKey && JSON.parse(new TextDecoder().decode(body.subarray(i, end))) === 'model') {
        let j = end;
        while (j < body.length && isSpace(body[j]!)) j++;
        if (body[j] === 0x3a) {
          j++;
          while (j < body.length && isSpace(body[j]!)) j++;
          if (body[j] === QUOTE) return concat(body.subarray(0, j), utf8.encode(JSON.stringify(model)), body.subarray(stringEnd(body, j)));
        }
      }
      expectKey = false;
      i = end - 1;
    } else if (b === 0x7b || b === 0x5b) {
      depth++;
      expectKey = b === 0x7b;
    } else if (b === 0x7d || b === 0x5d) depth--;
    else if (b === 0x2c) expectKey = depth >= 1;
  }
  throw new Error('The request body has no top-level "model" string to route.');
}

/** Adds `"name":value` as the last member of a JSON object body; every byte before it stays as it was. */
export function appendTopLevelMember(body: Uint8Array, name: string, value: unknown): Uint8Array {
  const end = body.lastIndexOf(0x7d);
  return concat(body.subarray(0, end), utf8.encode(`,${JSON.stringify(name)}:${JSON.stringify(value)}`), body.subarray(end));
}
