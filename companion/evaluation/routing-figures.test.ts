import { describe, expect, it } from 'vitest';
import { routingFigures, routingReport, type RoutingRow } from './routing-figures.js';

const row = (source: string, strong: boolean, weak: boolean): RoutingRow => ({ source, prompt: `${source} ${strong} ${weak}`, strong_correct: strong, weak_correct: weak });

describe('routingFigures', () => {
  // Strong gets 4 of 5 right, weak 2; 95% of 4 is 3.8, so both weak misses that strong gets must go to strong.
  const rows = [row('a', true, true), row('a', true, false), row('a', true, true), row('a', true, false), row('a', false, false)];

  it('finds the smallest share of strong calls that keeps 95% of all-strong accuracy', () => {
    expect(routingFigures(rows, [0, 9, 0, 8, 1])).toMatchObject({ rows: 5, strongAccuracy: 0.8, weakAccuracy: 0.4, strongShareAt95: 0.4 });
    expect(routingFigures(rows, [0, 9, 0, 1, 8]).strongShareAt95).toBe(0.6);
    expect(routingFigures(rows, [9, 0, 8, 0, 7]).strongShareAt95).toBe(1);
  });

  it('gives random routing its expected share, linear between weak and strong accuracy', () => {
    expect(routingFigures(rows, [0, 0, 0, 0, 0]).randomStrongShareAt95).toBeCloseTo((3.8 - 2) / (4 - 2));
  });

  it('reports each source group, the group being the source up to its first slash', () => {
    const report = routingReport([row('mmlu/law', true, false), row('mmlu/math', true, true), row('gsm8k', true, false)], [1, 0, 1]);
    expect(Object.keys(report.bySource).sort()).toEqual(['gsm8k', 'mmlu']);
    expect(report.bySource.mmlu!.rows).toBe(2);
  });
});
