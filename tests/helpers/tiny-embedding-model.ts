import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A tiny sentence-embedding model in the Hugging Face layout the extension loads
 * (config, tokenizer, ONNX graph), built here because this machine cannot download one.
 * The graph looks up each token's 16-d vector and masks padding; the embedder does the
 * mean pooling and normalising, as for all-MiniLM-L6-v2. Words share letters' vectors, so
 * texts with the same words embed close together.
 */

const DIMS = 16;
const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
const WORDS = ['the', 'what', 'is', 'of', 'capital', 'france', 'germany', 'how', 'do', 'i', 'sort', 'list', 'in', 'python', 'javascript', 'a'];

// ---- protobuf, just what an ONNX model needs ----
type Bytes = number[];
function varint(n: number | bigint): Bytes {
  let v = BigInt(n);
  const out: Bytes = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}
const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const bytes = (field: number, b: Bytes | Uint8Array) => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string) => bytes(field, [...new TextEncoder().encode(s)]);

const FLOAT = 1;
const INT64 = 7;

function tensor(name: string, type: number, dims: number[], raw: Uint8Array): Bytes {
  return [...dims.flatMap((d) => int(1, d)), ...int(2, type), ...str(8, name), ...bytes(9, raw)];
}
function valueInfo(name: string, type: number, dims: (number | string)[]): Bytes {
  const shape = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  return [...str(1, name), ...bytes(2, bytes(1, [...int(1, type), ...bytes(2, shape)]))];
}
function node(op: string, inputs: string[], outputs: string[], attributes: Bytes[] = []): Bytes {
  return [...inputs.flatMap((i) => str(1, i)), ...outputs.flatMap((o) => str(2, o)), ...str(3, `${op}_${outputs[0]}`), ...str(4, op), ...attributes.flatMap((a) => bytes(5, a))];
}
const intAttribute = (name: string, value: number) => [...str(1, name), ...int(3, value), ...int(20, 2)];

function vocabulary(): string[] {
  return [...SPECIAL, ...LETTERS, ...LETTERS.map((l) => `##${l}`), ...WORDS];
}

function embeddingTable(size: number): Float32Array {
  const table = new Float32Array(size * DIMS);
  let s = 12345;
  for (let i = 0; i < table.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    table[i] = (s / 2 ** 32) * 2 - 1;
  }
  return table;
}

function onnxModel(vocabSize: number): Uint8Array {
  const table = embeddingTable(vocabSize);
  const axes = new BigInt64Array([2n]);
  const graph = [
    ...bytes(1, node('Gather', ['embeddings', 'input_ids'], ['token_vectors'])),
    ...bytes(1, node('Cast', ['attention_mask'], ['mask_float'], [intAttribute('to', FLOAT)])),
    ...bytes(1, node('Unsqueeze', ['mask_float', 'mask_axes'], ['mask_3d'])),
    ...bytes(1, node('Mul', ['token_vectors', 'mask_3d'], ['last_hidden_state'])),
    ...str(2, 'tiny-embedder'),
    ...bytes(5, tensor('embeddings', FLOAT, [vocabSize, DIMS], new Uint8Array(table.buffer))),
    ...bytes(5, tensor('mask_axes', INT64, [1], new Uint8Array(axes.buffer))),
    ...bytes(11, valueInfo('input_ids', INT64, ['batch_size', 'sequence_length'])),
    ...bytes(11, valueInfo('attention_mask', INT64, ['batch_size', 'sequence_length'])),
    ...bytes(12, valueInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', DIMS])),
  ];
  return new Uint8Array([...int(1, 8), ...str(2, 'leo-optima'), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...int(2, 13)])]);
}

function tokenizer(vocab: string[]) {
  const ids = Object.fromEntries(vocab.map((token, id) => [token, id]));
  const special = (token: string) => ({ id: ids[token], content: token, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [ids['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [ids['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: ids },
  };
}

/** Writes the model's files under `dir/<name>/`, as a hub serves them; returns that folder. */
export function writeTinyEmbeddingModel(dir: string, name: string): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'onnx'), { recursive: true });
  const vocab = vocabulary();
  writeFileSync(join(root, 'config.json'), JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: DIMS, vocab_size: vocab.length, max_position_embeddings: 128 }));
  writeFileSync(join(root, 'tokenizer.json'), JSON.stringify(tokenizer(vocab)));
  writeFileSync(join(root, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'BertTokenizer', model_max_length: 128, do_lower_case: true, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' }));
  // The file the extension reads from a hub model (what real models ship quantized as); the content is plain fp32.
  writeFileSync(join(root, 'onnx', 'model_quantized.onnx'), onnxModel(vocab.length));
  return root;
}

export const TINY_MODEL_DIMS = DIMS;
