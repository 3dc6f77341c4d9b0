import { Tokenizer } from '@huggingface/tokenizers';
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import type { Embedder } from './embedder.js';

/** The ONNX runtime of the calling side: onnxruntime-web's WASM build, in the browser and in Node alike. */
export interface OnnxRuntime {
  InferenceSession: { create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: readonly number[]) => Tensor;
}

/** A sentence-transformers model in the Hugging Face layout: the ONNX graph and its tokenizer. */
export interface SentenceModelFiles {
  model: Uint8Array;
  /** `tokenizer.json` and `tokenizer_config.json` */
  tokenizer: object;
  tokenizerConfig: object;
}

/** The built-in model: all-MiniLM-L6-v2, int8 per channel, made by `shared/embedding/minilm/make-int8-model.py`. */
export const BUILT_IN_EMBEDDING = {
  name: 'all-MiniLM-L6-v2-int8',
  dir: 'minilm',
  /** sentence-transformers' own limit for this model: later tokens are not read. */
  maxTokens: 256,
  dimensions: 384,
} as const;

const int64 = (values: number[]) => BigInt64Array.from(values, (v) => BigInt(v));

/**
 * A mean-pooled sentence-embedding model (BERT-style inputs) on ONNX runtime: the tokens'
 * last hidden states averaged over the text, then L2-normalised. The browser and the
 * companion run this same code on the same WASM build, so a prompt gets the same vector on
 * both sides.
 *
 * Each text runs alone: an int8 graph quantises activations per batch, so padding a text next
 * to a longer one would shift its vector.
 */
export class SentenceEmbedder implements Embedder {
  /** Known once the first text ran: the width of the model's hidden states. */
  dimensions = 0;

  private constructor(
    readonly model: string,
    private readonly runtime: OnnxRuntime,
    private readonly session: InferenceSession,
    private readonly tokenizer: Tokenizer,
    private readonly maxTokens: number,
  ) {}

  static async load(runtime: OnnxRuntime, files: SentenceModelFiles, { name, maxTokens }: { name: string; maxTokens: number }): Promise<SentenceEmbedder> {
    const session = await runtime.InferenceSession.create(files.model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const embedder = new SentenceEmbedder(name, runtime, session, new Tokenizer(files.tokenizer, files.tokenizerConfig), maxTokens);
    // The warm-up run also tells the width.
    const [probe] = await embedder.embed(['warm up']);
    embedder.dimensions = probe!.length;
    return embedder;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (const text of texts) vectors.push(await this.embedOne(text));
    return vectors;
  }

  private async embedOne(text: string): Promise<Float32Array> {
    const ids = this.tokenIds(text);
    const dims = [1, ids.length];
    const inputs: Record<string, Tensor> = {
      input_ids: new this.runtime.Tensor('int64', int64(ids), dims),
      attention_mask: new this.runtime.Tensor('int64', int64(ids.map(() => 1)), dims),
      token_type_ids: new this.runtime.Tensor('int64', int64(ids.map(() => 0)), dims),
    };
    const feeds = Object.fromEntries(this.session.inputNames.map((name) => [name, inputs[name]!]));
    const outputs = await this.session.run(feeds);
    const output = outputs.last_hidden_state ?? outputs[this.session.outputNames[0]!]!;
    const width = output.dims[2]!;
    const hidden = output.data as Float32Array;
    const vector = new Float32Array(width);
    for (let t = 0; t < ids.length; t++) for (let d = 0; d < width; d++) vector[d]! += hidden[t * width + d]!;
    output.dispose();
    // The mean's division by the token count cancels in the normalising.
    let norm = 0;
    for (let d = 0; d < width; d++) norm += vector[d]! * vector[d]!;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < width; d++) vector[d]! /= norm;
    return vector;
  }

  /** [CLS] text [SEP], cut to the model's limit with the closing token kept. */
  private tokenIds(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    if (ids.length <= this.maxTokens) return ids;
    return [...ids.slice(0, this.maxTokens - 1), ids[ids.length - 1]!];
  }
}
