import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLeo } from '../helpers/cli-process.js';
import { HARD_QUESTION } from '../helpers/prompts.js';

describe('leo eval cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leo-eval-'));

  it('prints one JSON line of figures for a pairs file', async () => {
    const file = join(dir, 'pairs.jsonl');
    writeFileSync(
      file,
      [
        { a: 'What is 2+2?', b: 'What is 2+3?', duplicate: false },
        { a: 'How do I sort a list in Python?', b: 'How can I sort a Python list?', duplicate: true },
        { a: 'Convert Celsius to Fahrenheit', b: 'Convert Fahrenheit to Celsius', duplicate: false },
      ]
        .map((p) => JSON.stringify(p))
        .join('\n'),
    );
    const res = await runLeo(['eval', 'cache', file], {});
    expect(res.code).toBe(0);
    const figures = JSON.parse(res.stdout);
    expect(figures).toMatchObject({ pairs: 3, duplicates: 1, falseHitRate: 0 });
    expect(Object.keys(figures.baseline)).toEqual(['precision', 'recall']);
  });

  it('names the bad line of a malformed file', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"a": "x", "b": "y", "duplicate": true}\n{"a": 1}\n');
    const res = await runLeo(['eval', 'cache', file], {});
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/bad\.jsonl:2 needs string "a" and "b"/);
  });
});

describe('leo eval routing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leo-eval-routing-'));

  it('ranks hard prompts first and prints one JSON line of figures', async () => {
    const file = join(dir, 'rows.jsonl');
    const rows = [
      { source: 'gsm8k', prompt: 'What is 3 plus 4?', strong_correct: true, weak_correct: true },
      { source: 'gsm8k', prompt: 'Tom has 2 apples and buys 3 more. How many now?', strong_correct: true, weak_correct: true },
      { source: 'mmlu/geography', prompt: 'What is the capital of Italy?\nA. Rome\nB. Milan\nC. Turin\nD. Naples', strong_correct: true, weak_correct: true },
      { source: 'mmlu/professional_law', prompt: HARD_QUESTION, strong_correct: true, weak_correct: false },
      {
        source: 'gsm8k',
        prompt:
          'A bakery sells muffins for $3 each and cookies for $1.50 each. On Monday it sold twice as many cookies as muffins and took $360 in total. On Tuesday it sold 20% more muffins than on Monday and half as many cookies as on Monday. It pays $0.40 in ingredients for each muffin and $0.25 for each cookie, plus $85 a day in rent. How much more profit did it make on Tuesday than on Monday, in dollars?',
        strong_correct: true,
        weak_correct: false,
      },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const res = await runLeo(['eval', 'routing', file], {});
    expect(res.code).toBe(0);
    const figures = JSON.parse(res.stdout);
    expect(figures).toMatchObject({ rows: 5, strongAccuracy: 1, weakAccuracy: 0.6, strongShareAt95: 0.4 });
    expect(figures.randomStrongShareAt95).toBeCloseTo(0.875);
    expect(Object.keys(figures.bySource).sort()).toEqual(['gsm8k', 'mmlu']);
  });

  it('names the bad line of a malformed file', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"source": "gsm8k", "prompt": "hi", "strong_correct": true, "weak_correct": false}\n{"source": "x"}\n');
    const res = await runLeo(['eval', 'routing', file], {});
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/bad\.jsonl:2 needs string "source" and "prompt"/);
  });
});
