import type { Embedder } from './embedder.js';

interface Waiting {
  texts: string[];
  resolve(vectors: Float32Array[]): void;
  reject(err: unknown): void;
}

/**
 * Embeds what concurrent callers ask for together: while one batch runs, the texts that arrive
 * wait and go in the next one. An idle caller waits for nothing; under load, one model call
 * serves many (eight short texts take about as long as three alone).
 */
export class BatchingEmbedder implements Embedder {
  private queue: Waiting[] = [];
  private running = false;

  constructor(
    private readonly inner: Embedder,
    private readonly maxTexts = 16,
  ) {}

  get model(): string {
    return this.inner.model;
  }

  get dimensions(): number {
    return this.inner.dimensions;
  }

  get backlog(): number {
    return this.queue.reduce((n, w) => n + w.texts.length, 0);
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ texts, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const batch: Waiting[] = [];
      let size = 0;
      while (this.queue.length > 0 && (batch.length === 0 || size + this.queue[0]!.texts.length <= this.maxTexts)) {
        const next = this.queue.shift()!;
        batch.push(next);
        size += next.texts.length;
      }
      try {
        const vectors = await this.inner.embed(batch.flatMap((w) => w.texts));
        let offset = 0;
        for (const waiting of batch) {
          waiting.resolve(vectors.slice(offset, offset + waiting.texts.length));
          offset += waiting.texts.length;
        }
      } catch (err) {
        for (const waiting of batch) waiting.reject(err);
      }
    }
    this.running = false;
  }
}
