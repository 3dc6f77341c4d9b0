import { join } from 'node:path';
import type { Recipe } from '../recipe.js';
import { editJsonObject } from '../json-file.js';

/** Claude Code reads ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN (sent as a bearer token) from the `env` block of its user settings. */
export const claudeCode: Recipe = {
  tool: 'claude-code',
  name: 'Claude Code',
  source: 'https://docs.anthropic.com/en/docs/claude-code/llm-gateway',
  plan: (companion, machine) => ({
    kind: 'file',
    file: join(machine.userHome, '.claude', 'settings.json'),
    edit: (before) =>
      editJsonObject(before, 'Claude Code settings', (settings) => {
        const env = typeof settings.env === 'object' && settings.env !== null ? (settings.env as Record<string, unknown>) : {};
        // An API key set beside the token would be sent too, and win over it.
        const { ANTHROPIC_API_KEY: _, ...rest } = env;
        settings.env = { ...rest, ANTHROPIC_BASE_URL: companion.url, ANTHROPIC_AUTH_TOKEN: companion.token };
      }),
    notes: ['Start a new Claude Code session; /status shows the base URL in use.'],
  }),
};
