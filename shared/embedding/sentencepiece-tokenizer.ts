/** One vocabulary entry as the model ships it: the piece and its unigram log-probability. */
export type VocabEntry = [piece: string, score: number];

const WORD_START = '\u2581';
/** The first entries are control symbols (unknown, <s>, </s>, …) that text never matches. */
const RESERVED = 6;
const UNKNOWN = 0;

interface TrieNode {
  children: Map<string, TrieNode>;
  id?: number;
}

/**
 * The unigram SentencePiece tokenizer the Universal Sentence Encoder expects: NFKC text,
 * spaces as '▁', and the most probable segmentation into vocabulary pieces (Viterbi).
 * Characters no piece covers become the unknown id, one id per run of them.
 */
export class SentencePieceTokenizer {
  private readonly root: TrieNode = { children: new Map() };

  constructor(private readonly vocabulary: VocabEntry[]) {
    for (let id = RESERVED; id < vocabulary.length; id++) {
      let node = this.root;
      for (const ch of vocabulary[id]![0]) {
        let next = node.children.get(ch);
        if (!next) {
          next = { children: new Map() };
          node.children.set(ch, next);
        }
        node = next;
      }
      node.id = id;
    }
  }

  encode(text: string): number[] {
    const chars = [...(WORD_START + text.normalize('NFKC').replace(/ /g, WORD_START))];
    const n = chars.length;
    const best = new Float64Array(n + 1).fill(-Infinity);
    const pieceAt = new Int32Array(n + 1).fill(-1);
    const startOf = new Int32Array(n + 1);
    best[0] = 0;
    for (let start = 0; start < n; start++) {
      if (best[start] === -Infinity) continue;
      let node: TrieNode | undefined = this.root;
      let matched = false;
      for (let end = start; end < n && node; end++) {
        node = node.children.get(chars[end]!);
        if (node?.id !== undefined) {
          matched = true;
          const score = best[start]! + this.vocabulary[node.id]![1];
          if (score > best[end + 1]!) {
            best[end + 1] = score;
            pieceAt[end + 1] = node.id;
            startOf[end + 1] = start;
          }
        }
      }
      // A character no piece starts with: step over it as unknown, heavily penalised.
      if (!matched && best[start]! - 100 > best[start + 1]!) {
        best[start + 1] = best[start]! - 100;
        pieceAt[start + 1] = UNKNOWN;
        startOf[start + 1] = start;
      }
    }
    const ids: number[] = [];
    for (let end = n; end > 0; end = startOf[end]!) {
      const id = pieceAt[end]!;
      if (!(id === UNKNOWN && ids[ids.length - 1] === UNKNOWN)) ids.push(id);
    }
    return ids.reverse();
  }
}
