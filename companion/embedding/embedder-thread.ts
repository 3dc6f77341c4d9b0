// Runs the default embedding model in a worker thread, answering {id, texts} with {id, vectors}.
import { parentPort } from 'node:worker_threads';
import { loadModelInThisThread } from './node-embedder.js';

const model = loadModelInThisThread();

parentPort!.on('message', async ({ id, texts }: { id: number; texts: string[] }) => {
  try {
    const vectors = await (await model).embed(texts);
    parentPort!.postMessage({ id, vectors }, vectors.map((v) => v.buffer as ArrayBuffer));
  } catch (err) {
    parentPort!.postMessage({ id, error: (err as Error).message });
  }
});
