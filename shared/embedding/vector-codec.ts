/** Bytes as base64: a fitted model's numbers ship in source, readable by Node and the browser alike. */
export function encodeBytes(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function decodeBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Vectors as base64 of their 32-bit floats. */
export function encodeVectors(vectors: Float32Array[]): string {
  const bytes = new Uint8Array(vectors.length * vectors[0]!.length * 4);
  vectors.forEach((v, i) => bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), i * v.byteLength));
  return encodeBytes(bytes);
}

export function decodeVectors(dims: number, base64: string): Float32Array[] {
  const floats = new Float32Array(decodeBytes(base64).buffer);
  return Array.from({ length: floats.length / dims }, (_, i) => floats.slice(i * dims, (i + 1) * dims));
}

/** One vector of any length, or undefined for text that is not whole 32-bit floats. */
export function decodeVector(base64: string): Float32Array | undefined {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return undefined;
  }
  if (binary.length === 0 || binary.length % 4 !== 0) return undefined;
  return decodeVectors(binary.length / 4, base64)[0];
}
