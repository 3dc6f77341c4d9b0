import { homedir } from 'node:os';
import type { CliValues } from '../cli-args.js';
import { configFromFlags } from '../config.js';
import { applyChange, readIfExists, undoChange } from '../connect/applied-changes.js';
import { lineDiff } from '../connect/line-diff.js';
import { findRecipe, RECIPES } from '../connect/recipes.js';
import { loadLocalToken } from '../store/local-token.js';

const USAGE = `leo connect TOOL [--apply | --undo]; tools: ${RECIPES.map((r) => r.tool).join(', ')}`;

/** `leo connect TOOL`: shows the change that points the tool at the companion; `--apply` makes it, `--undo` takes it back. */
export function runConnect(values: CliValues, [tool]: string[]): number {
  const recipe = tool === undefined ? undefined : findRecipe(tool);
  if (!recipe) throw new Error(tool === undefined ? `usage: ${USAGE}` : `No recipe for '${tool}'. ${USAGE}`);
  const config = configFromFlags(values);
  if (values.undo) {
    console.log(undoChange(config.home, recipe.tool));
    return 0;
  }
  const companion = { url: `http://127.0.0.1:${config.port}`, token: loadLocalToken(config.home) };
  const plan = recipe.plan(companion, { userHome: homedir(), env: process.env });
  // What is shown may be pasted into a chat or an issue: the token stays out of it.
  const masked = (line: string) => line.split(companion.token).join('<leo token>');
  console.log(`${recipe.name} (from ${recipe.source})\n`);
  if (plan.kind === 'manual') {
    console.log(plan.steps.map((s, i) => `  ${i + 1}. ${masked(s)}`).join('\n'));
    if (values.apply) {
      console.error(`\n${recipe.name} keeps these settings in its own storage, which leo does not write: follow the steps above.`);
      return 1;
    }
    return 0;
  }
  const before = readIfExists(plan.file);
  const after = plan.edit(before);
  if (after === before) {
    console.log(`${plan.file} already points ${recipe.name} at LEO Optima; nothing to change.`);
    return 0;
  }
  console.log(`${before === null ? 'Create' : 'Change'} ${plan.file}:\n`);
  console.log(lineDiff(before ?? '', after).map(masked).join('\n'));
  console.log(`\n${plan.notes.join('\n')}`);
  if (!values.apply) {
    console.log(`\nNothing was changed. Run leo connect ${recipe.tool} --apply to make this change (a backup is kept; --undo restores it).`);
    return 0;
  }
  const backup = applyChange(config.home, recipe.tool, plan.file, before, after);
  console.log(`\nApplied${backup ? `; the previous file is kept as ${backup}` : ''}. leo connect ${recipe.tool} --undo takes it back.`);
  return 0;
}
