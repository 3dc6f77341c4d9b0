import { evaluateCache } from '../evaluation/evaluate-cache.js';
import { evaluateRouting } from '../evaluation/evaluate-routing.js';
import { readPairs } from '../evaluation/labelled-pairs.js';
import { readRoutingRows } from '../evaluation/routing-figures.js';

const USAGE = 'usage: leo eval cache FILE.jsonl | leo eval routing FILE.jsonl';

/** `leo eval cache|routing FILE.jsonl`: one JSON line of figures on stdout, progress on stderr. */
export async function runEval(args: string[]): Promise<number> {
  const [kind, file] = args;
  if (!file) throw new Error(USAGE);
  if (kind === 'cache') {
    console.log(JSON.stringify(await evaluateCache(readPairs(file))));
    return 0;
  }
  if (kind === 'routing') {
    const rows = readRoutingRows(file);
    const report = await evaluateRouting(rows, (done) => process.stderr.write(`scored ${done}/${rows.length} prompts\n`));
    console.log(JSON.stringify(report));
    return 0;
  }
  throw new Error(USAGE);
}
