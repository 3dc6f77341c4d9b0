import { join } from 'node:path';
import type { Recipe } from '../recipe.js';
import { editJsonObject } from '../json-file.js';

const models = (ids: string[]) => ids.map((id) => ({ id, name: `${id} (LEO Optima)` }));

/**
 * OpenClaw: two custom providers under `models.providers` in `openclaw.json` (merged with its
 * built-in catalog), one speaking OpenAI Chat Completions and one Anthropic Messages.
 */
export const openClaw: Recipe = {
  tool: 'openclaw',
  name: 'OpenClaw',
  source: 'https://docs.openclaw.ai/gateway/config-tools/custom-providers',
  plan: (companion, machine) => ({
    kind: 'file',
    file: join(machine.env.OPENCLAW_CONFIG_DIR || join(machine.userHome, '.openclaw'), 'openclaw.json'),
    edit: (before) =>
      editJsonObject(before, 'OpenClaw config', (config) => {
        const section = typeof config.models === 'object' && config.models !== null ? (config.models as Record<string, unknown>) : {};
        const providers = typeof section.providers === 'object' && section.providers !== null ? (section.providers as Record<string, unknown>) : {};
        config.models = {
          mode: 'merge',
          ...section,
          providers: {
            ...providers,
            'leo-optima': { baseUrl: `${companion.url}/v1`, apiKey: companion.token, api: 'openai-completions', models: models(['gpt-4o', 'gpt-4o-mini']) },
            'leo-optima-anthropic': { baseUrl: companion.url, apiKey: companion.token, api: 'anthropic-messages', models: models(['claude-sonnet-4-5', 'claude-haiku-4-5']) },
          },
        };
      }),
    notes: ['Pick a model through LEO Optima with: openclaw models set leo-optima/gpt-4o (or leo-optima-anthropic/claude-sonnet-4-5).'],
  }),
};
