import { join } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import type { Recipe } from '../recipe.js';

/** Aider reads `openai-api-base` and `openai-api-key` from `.aider.conf.yml` in the home folder (comments and other settings are kept). */
export const aider: Recipe = {
  tool: 'aider',
  name: 'Aider',
  source: 'https://aider.chat/docs/config/aider_conf.html',
  plan: (companion, machine) => ({
    kind: 'file',
    file: join(machine.userHome, '.aider.conf.yml'),
    edit: (before) => {
      const doc = parseDocument(before ?? '');
      if (doc.errors.length) throw new Error(`.aider.conf.yml is not valid YAML (${doc.errors[0]!.message}); fix it and run again.`);
      if (doc.contents !== null && !isMap(doc.contents)) throw new Error('.aider.conf.yml does not hold a map of settings.');
      doc.set('openai-api-base', `${companion.url}/v1`);
      doc.set('openai-api-key', companion.token);
      return doc.toString();
    },
    notes: ['Aider sends OpenAI models (e.g. --model gpt-4o) through the companion.'],
  }),
};
