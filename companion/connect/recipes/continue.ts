import { join } from 'node:path';
import { isMap, isSeq } from 'yaml';
import type { Recipe } from '../recipe.js';
import { yamlSettings } from '../yaml-file.js';

const NAME = 'GPT-4o (LEO Optima)';

/** Continue: a model in `~/.continue/config.yaml` with the companion as its OpenAI-compatible `apiBase`. */
export const continueDev: Recipe = {
  tool: 'continue',
  name: 'Continue',
  source: 'https://docs.continue.dev/customize/model-providers/top-level/openai',
  plan: (companion, machine) => ({
    kind: 'file',
    file: join(machine.userHome, '.continue', 'config.yaml'),
    edit: (before) => {
      const doc = yamlSettings(before?.trim() ? before : 'name: Local Config\nversion: 1.0.0\nschema: v1\n', "Continue's config.yaml");
      const model = { name: NAME, provider: 'openai', model: 'gpt-4o', apiBase: `${companion.url}/v1`, apiKey: companion.token, roles: ['chat', 'edit', 'apply'] };
      const list = doc.get('models');
      if (list === undefined || list === null) doc.set('models', [model]);
      else if (!isSeq(list)) throw new Error("Continue's config.yaml has a 'models' that is not a list.");
      else {
        const at = list.items.findIndex((item) => isMap(item) && item.get('name') === NAME);
        if (at >= 0) list.items.splice(at, 1);
        list.add(doc.createNode(model));
      }
      return doc.toString();
    },
    notes: [`Choose "${NAME}" in Continue's model picker.`],
  }),
};
