import { describe, expect, it } from 'vitest';
import type { Embedder } from './embedder.js';
import { BatchingEmbedder } from './batching-embedder.js';

/** Encodes each text's length, and remembers how the texts were grouped into calls. */
class LengthEmbedder implements Embedder {
  readonly model = 'length';
  readonly dimensions = 1;
  calls: string[][] = [];
  async embed(texts: string[]) {
    this.calls.push(texts);
    await new Promise((r) => setTimeout(r, 5));
    if (texts.includes('boom')) throw new Error('model failed');
    return texts.map((t) => Float32Array.of(t.length));
  }
}

describe('BatchingEmbedder', () => {
  it('gives every caller its own vectors, batching those that arrive while a call runs', async () => {
    const inner = new LengthEmbedder();
    const batching = new BatchingEmbedder(inner, 4);
    const results = await Promise.all([batching.embed(['a']), batching.embed(['bb', 'ccc']), batching.embed(['dddd']), batching.embed(['eeeee', 'ffffff'])]);
    expect(results.map((vs) => vs.map((v) => v[0]))).toEqual([[1], [2, 3], [4], [5, 6]]);
    expect(inner.calls).toEqual([['a'], ['bb', 'ccc', 'dddd'], ['eeeee', 'ffffff']]);
  });

  it('fails only the callers whose batch failed', async () => {
    const batching = new BatchingEmbedder(new LengthEmbedder(), 1);
    const [ok, failed] = await Promise.allSettled([batching.embed(['fine']), batching.embed(['boom'])]);
    expect(ok).toMatchObject({ status: 'fulfilled' });
    expect(failed).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: 'model failed' }) });
  });
});
