import { describe, expect, it } from 'vitest';
import { loadNodeEmbedder } from '../../companion/embedding/node-embedder.js';
import { cosine, dot } from './vectors.js';

describe('the embedded USE-lite model', () => {
  it('puts rewordings close together and unrelated questions apart', async () => {
    const embedder = await loadNodeEmbedder();
    const [a, b, c] = await embedder.embed(['How do I sort a list in Python?', 'How can I sort a Python list?', 'What is the capital of Peru?']);
    expect(cosine(a!, b!)).toBeGreaterThan(0.9);
    expect(cosine(a!, c!)).toBeLessThan(0.5);
  });

  it('returns unit vectors of 512 dimensions, the same for the same text', async () => {
    const embedder = await loadNodeEmbedder();
    const [x, y] = await embedder.embed(['naïve café — 你好', 'naïve café — 你好']);
    expect(x).toHaveLength(512);
    expect(dot(x!, x!)).toBeCloseTo(1, 5);
    expect([...x!]).toEqual([...y!]);
  });

  it('embeds an empty text without failing', async () => {
    const [v] = await (await loadNodeEmbedder()).embed(['']);
    expect(v).toHaveLength(512);
  });
});
