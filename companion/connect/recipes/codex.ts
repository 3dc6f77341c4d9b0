import { join } from 'node:path';
import { parse } from 'smol-toml';
import type { Recipe } from '../recipe.js';

const PROVIDER = 'leo-optima';
const TABLE = `[model_providers.${PROVIDER}]`;

const tomlString = (value: string) => JSON.stringify(value);

/**
 * Codex CLI: a provider of its own in `config.toml` (Responses API, the only wire Codex speaks),
 * chosen with the top-level `model_provider`; the token goes in a static Authorization header.
 */
function withLeoProvider(before: string | null, companion: { url: string; token: string }): string {
  const lines = (before ?? '').split('\n');
  if (lines.at(-1) === '') lines.pop();
  // Our table, from its header to the next table, goes; it is written anew at the end.
  const start = lines.findIndex((l) => l.trim() === TABLE);
  if (start >= 0) {
    const next = lines.findIndex((l, i) => i > start && /^\s*\[/.test(l));
    lines.splice(start, (next < 0 ? lines.length : next) - start);
  }
  const firstTable = lines.findIndex((l) => /^\s*\[/.test(l));
  const topLevel = firstTable < 0 ? lines.length : firstTable;
  const selected = `model_provider = ${tomlString(PROVIDER)}`;
  const existing = lines.slice(0, topLevel).findIndex((l) => /^\s*model_provider\s*=/.test(l));
  if (existing >= 0) lines[existing] = selected;
  else {
    // After the last top-level setting, before the blank lines that lead to the first table.
    let at = topLevel;
    while (at > 0 && lines[at - 1]!.trim() === '') at--;
    lines.splice(at, 0, selected);
  }
  while (lines.length && lines.at(-1)!.trim() === '') lines.pop();
  lines.push(
    '',
    TABLE,
    `name = ${tomlString('LEO Optima')}`,
    `base_url = ${tomlString(`${companion.url}/v1`)}`,
    `wire_api = ${tomlString('responses')}`,
    `http_headers = { Authorization = ${tomlString(`Bearer ${companion.token}`)} }`,
  );
  const after = `${lines.join('\n')}\n`;
  // The edit is by lines; the result must still be TOML that selects our provider.
  const parsed = parse(after) as { model_provider?: string; model_providers?: Record<string, { base_url?: string }> };
  if (parsed.model_provider !== PROVIDER || parsed.model_providers?.[PROVIDER]?.base_url !== `${companion.url}/v1`) throw new Error('The Codex config could not be changed safely; change it by hand as shown.');
  return after;
}

export const codex: Recipe = {
  tool: 'codex',
  name: 'OpenAI Codex CLI',
  source: 'https://developers.openai.com/codex/config-advanced',
  plan: (companion, machine) => ({
    kind: 'file',
    file: join(machine.env.CODEX_HOME || join(machine.userHome, '.codex'), 'config.toml'),
    edit: (before) => {
      if (before !== null) {
        try {
          parse(before);
        } catch (err) {
          throw new Error(`The Codex config is not valid TOML (${(err as Error).message}); fix it and run again.`);
        }
      }
      return withLeoProvider(before, companion);
    },
    notes: ['Codex reads its config when it starts; its model stays the one you chose.'],
  }),
};
