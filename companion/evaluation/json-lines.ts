import { readFileSync } from 'node:fs';

/**
 * Reads a JSONL file of labelled rows. `check` returns the typed row or undefined when the
 * row lacks a field; the error then names the line and what it `needs`.
 */
export function readJsonRows<T>(file: string, needs: string, check: (row: Record<string, unknown>) => T | undefined): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, n]) => {
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${n} is not JSON.`);
      }
      const checked = typeof row === 'object' && row !== null ? check(row as Record<string, unknown>) : undefined;
      if (checked === undefined) throw new Error(`${file}:${n} needs ${needs}.`);
      return checked;
    });
}
