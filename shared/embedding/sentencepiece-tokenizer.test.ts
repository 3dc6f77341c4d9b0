import { describe, expect, it } from 'vitest';
import { SentencePieceTokenizer, type VocabEntry } from './sentencepiece-tokenizer.js';

const vocab: VocabEntry[] = [
  ['<unk>', 0], ['<s>', 0], ['</s>', 0], ['x1', 0], ['x2', 0], ['x3', 0],
  ['▁', -2], ['▁he', -3], ['llo', -3], ['▁hello', -4], ['▁world', -4], ['w', -6], ['o', -6], ['r', -6], ['l', -6], ['d', -6],
];

describe('the SentencePiece tokenizer', () => {
  const tokenizer = new SentencePieceTokenizer(vocab);

  it('picks the most probable segmentation', () => {
    // ▁hello (-4) beats ▁he + llo (-6); ▁world (-4) beats ▁ + w + o + r + l + d.
    expect(tokenizer.encode('hello world')).toEqual([9, 10]);
  });

  it('maps a run of unknown characters to one unknown id', () => {
    expect(tokenizer.encode('hello ¿¿')).toEqual([9, 6, 0]);
  });
});
