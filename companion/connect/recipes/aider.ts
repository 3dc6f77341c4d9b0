import { join } from 'node:path';
import type { Recipe } from '../recipe.js';
import { yamlSettings } from '../yaml-file.js';

/** Aider reads `openai-api-base` and `openai-api-key` from `.aider.conf.yml` in the home folder (comments and other settings are kept). */
export const aider: Recipe = {
  tool: 'aider',
  name: 'Aider',
  source: 'https://aider.chat/docs/config/aider_conf.html',
  plan: (companion, machine) => ({
    kind: 'file',
    file: join(machine.userHome, '.aider.conf.yml'),
    edit: (before) => {
      const doc = yamlSettings(before ?? '', '.aider.conf.yml');
      doc.set('openai-api-base', `${companion.url}/v1`);
      doc.set('openai-api-key', companion.token);
      return doc.toString();
    },
    notes: ['Aider sends OpenAI models (e.g. --model gpt-4o) through the companion.'],
  }),
};
