import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLeo } from '../helpers/cli-process.js';

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
