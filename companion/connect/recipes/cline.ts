import type { Recipe } from '../recipe.js';

/** Cline keeps its provider settings in VS Code's own storage, which no other program should write: the steps, in its settings panel. */
export const cline: Recipe = {
  tool: 'cline',
  name: 'Cline',
  source: 'https://docs.cline.bot/provider-config/openai-compatible',
  plan: (companion) => ({
    kind: 'manual',
    steps: [
      "Open Cline's settings (the gear in its panel).",
      'API Provider: OpenAI Compatible',
      `Base URL: ${companion.url}/v1`,
      `API Key: ${companion.token}  (leo token prints it)`,
      'Model ID: gpt-4o (or any model your keys serve)',
      'Press Done.',
    ],
  }),
};
