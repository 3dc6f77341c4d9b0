import { routeScore } from '../../shared/routing/route-score.js';
import { routeSignals } from '../../shared/routing/route-signals.js';
import { ROUTER_MODEL } from '../../shared/routing/router-model.js';
import { loadNodeEmbedder } from '../embedding/node-embedder.js';
import { routingReport, type RoutingRow } from './routing-figures.js';

/**
 * Ranks the rows by the router's score, as the product computes it with the default model,
 * and reports the share of strong calls needed for 95% of all-strong accuracy. Fits nothing
 * to the rows it is given.
 */
export async function evaluateRouting(rows: RoutingRow[], progress: (done: number) => void = () => {}) {
  const embedder = await loadNodeEmbedder();
  const scores: number[] = [];
  for (const row of rows) {
    scores.push(routeScore(await routeSignals(row.prompt, embedder), ROUTER_MODEL).score);
    if (scores.length % 500 === 0) progress(scores.length);
  }
  return routingReport(rows, scores);
}
