/**
 * The cache guard: its time per candidate (both prompts' facts, the vetoes, the features and
 * the fitted model, as a lookup pays it), and its precision-recall on the Quora pairs side by
 * side with raw cosine, from the last `npm run fit:guard`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { judgeMatch } from '../shared/cache/semantic-match.js';
import { median, percentile } from './bench-stack.js';
import { guardRows } from './fit-guard.js';
import { RESULTS_DIR, saveResult } from './machine.js';

const ROUNDS = 5;

type Curve = { recall: number; precision: number }[];

function sideBySide(guard: Curve, cosine: Curve): string[] {
  const at = (curve: Curve, recall: number) => curve.find((p) => Math.abs(p.recall - recall) < 1e-9)?.precision;
  const lines = ['recall  guard (out of fold)  raw cosine'];
  for (let r = 0.05; r <= 0.81; r += 0.05) {
    const recall = Number(r.toFixed(2));
    const g = at(guard, recall);
    const c = at(cosine, recall);
    lines.push(`${recall.toFixed(2).padStart(6)}  ${(g === undefined ? '—' : g.toFixed(3)).padStart(19)}  ${(c === undefined ? '—' : c.toFixed(3)).padStart(10)}`);
  }
  return lines;
}

export async function benchGuardVerifier() {
  const { qqp, hard } = await guardRows();
  const rows = [...hard, ...qqp];
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of rows) {
      const start = performance.now();
      judgeMatch(r.pair.a, r.pair.b, r.similarity);
      times.push((performance.now() - start) * 1000);
    }
  }
  const perCandidate = { p50Us: median(times), p99Us: percentile(times, 0.99), candidates: times.length };
  console.log(`guard: ${perCandidate.p50Us.toFixed(1)} µs per candidate (p50), p99 ${perCandidate.p99Us.toFixed(1)} µs, over ${perCandidate.candidates} judgements`);

  const fitFile = join(RESULTS_DIR, 'guard-fit.json');
  if (existsSync(fitFile)) {
    const fit = JSON.parse(readFileSync(fitFile, 'utf8')) as { outOfFoldCurve: Curve; cosineCurve: Curve };
    console.log(['guard precision at each recall on the Quora pairs:', ...sideBySide(fit.outOfFoldCurve, fit.cosineCurve)].join('\n'));
  }
  return { file: saveResult('guard-verifier', { perCandidate }) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchGuardVerifier();
  process.exit(0);
}
