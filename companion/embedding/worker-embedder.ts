import { Worker } from 'node:worker_threads';
import type { Embedder } from '../../shared/embedding/embedder.js';
import { BUILT_IN_EMBEDDING } from '../../shared/embedding/sentence-embedder.js';

interface Pending {
  resolve(vectors: Float32Array[]): void;
  reject(err: Error): void;
}

/**
 * The embedding model in its own thread: a model run blocks for tens of milliseconds, and on
 * the companion's main thread that would stall every stream it is relaying.
 */
export class WorkerEmbedder implements Embedder {
  readonly model = BUILT_IN_EMBEDDING.name;
  readonly dimensions = BUILT_IN_EMBEDDING.dimensions;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Why the thread is gone, once it is: later calls fail at once instead of waiting forever. */
  private gone: Error | undefined;

  constructor() {
    this.worker = new Worker(new URL('./embedder-thread.mjs', import.meta.url));
    this.worker.unref();
    this.worker.on('message', ({ id, vectors, error }: { id: number; vectors?: Float32Array[]; error?: string }) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (this.pending.size === 0) this.worker.unref();
      if (error !== undefined || !vectors) waiting?.reject(new Error(`embedding failed: ${error}`));
      else waiting?.resolve(vectors);
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => {
      if (!this.gone) this.failAll(new Error(`the embedding thread exited (${code})`));
    });
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // The thread keeps the process alive only while it owes an answer.
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, texts });
    });
  }

  /** Stops the thread; calls still waiting fail. */
  async close(): Promise<void> {
    this.failAll(new Error('the embedder was closed'));
    await this.worker.terminate();
  }

  private failAll(err: Error): void {
    this.gone = err;
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
  }
}
