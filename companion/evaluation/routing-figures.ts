import { readJsonRows } from './json-lines.js';

export interface RoutingRow {
  source: string;
  prompt: string;
  strong_correct: boolean;
  weak_correct: boolean;
}

export interface RoutingFigures {
  rows: number;
  strongAccuracy: number;
  weakAccuracy: number;
  /** The smallest share of calls sent to the strong model, ranked by the router, that reaches 95% of all-strong accuracy. */
  strongShareAt95: number;
  /** The same for routing at random (its expectation, which is linear in the share). */
  randomStrongShareAt95: number;
}

/** Reads `{"source", "prompt", "strong_correct", "weak_correct"}` lines, saying which line is wrong if one is. */
export function readRoutingRows(file: string): RoutingRow[] {
  return readJsonRows(file, 'string "source" and "prompt" and boolean "strong_correct" and "weak_correct"', ({ source, prompt, strong_correct, weak_correct }) =>
    typeof source === 'string' && typeof prompt === 'string' && typeof strong_correct === 'boolean' && typeof weak_correct === 'boolean'
      ? { source, prompt, strong_correct, weak_correct }
      : undefined,
  );
}

/** The group a row is reported under: its source up to the first `/` (`mmlu/law` → `mmlu`). */
export const sourceGroup = (source: string) => source.split('/')[0]!;

/**
 * Sends the highest-scoring share of rows to the strong model and the rest to the weak one,
 * and finds the smallest share whose accuracy reaches 95% of sending everything to the strong model.
 */
export function routingFigures(rows: RoutingRow[], scores: number[]): RoutingFigures {
  const n = rows.length;
  const strong = rows.filter((r) => r.strong_correct).length;
  const weak = rows.filter((r) => r.weak_correct).length;
  const target = 0.95 * strong;
  let share = 1;
  if (weak >= target) share = 0;
  else {
    const order = rows.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
    let correct = weak;
    for (let k = 0; k < n; k++) {
      const row = rows[order[k]!]!;
      correct += Number(row.strong_correct) - Number(row.weak_correct);
      if (correct >= target) {
        share = (k + 1) / n;
        break;
      }
    }
  }
  const random = strong === weak ? 0 : Math.min(1, Math.max(0, (target - weak) / (strong - weak)));
  return {
    rows: n,
    strongAccuracy: n === 0 ? 0 : strong / n,
    weakAccuracy: n === 0 ? 0 : weak / n,
    strongShareAt95: share,
    randomStrongShareAt95: random,
  };
}

/** The rows' indices per source group (`mmlu`, `gsm8k`, …). */
export function indicesBySource(rows: RoutingRow[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const group = sourceGroup(r.source);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(i);
  });
  return groups;
}

/** The figures over all rows and per source group. */
export function routingReport(rows: RoutingRow[], scores: number[]): RoutingFigures & { bySource: Record<string, RoutingFigures> } {
  const bySource = Object.fromEntries(
    [...indicesBySource(rows)].map(([group, indices]) => [group, routingFigures(indices.map((i) => rows[i]!), indices.map((i) => scores[i]!))]),
  );
  return { ...routingFigures(rows, scores), bySource };
}
