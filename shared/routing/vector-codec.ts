/** Vectors as base64 of their 32-bit floats: a fitted model's centroids ship compactly in source. */
export function encodeVectors(vectors: Float32Array[]): string {
  const bytes = new Uint8Array(vectors.length * vectors[0]!.length * 4);
  vectors.forEach((v, i) => bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), i * v.byteLength));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function decodeVectors(dims: number, base64: string): Float32Array[] {
  const binary = atob(base64);
  const floats = new Float32Array(binary.length / 4);
  const bytes = new Uint8Array(floats.buffer);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return Array.from({ length: floats.length / dims }, (_, i) => floats.slice(i * dims, (i + 1) * dims));
}
