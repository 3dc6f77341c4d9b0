import { evaluateCache } from '../evaluation/evaluate-cache.js';
import { readPairs } from '../evaluation/labelled-pairs.js';

/** `leo eval cache FILE.jsonl`: one JSON line of figures. */
export async function runEval(args: string[]): Promise<number> {
  const [kind, file] = args;
  if (kind !== 'cache' || !file) throw new Error('usage: leo eval cache FILE.jsonl');
  console.log(JSON.stringify(await evaluateCache(readPairs(file))));
  return 0;
}
