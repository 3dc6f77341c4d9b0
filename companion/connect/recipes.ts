import { aider } from './recipes/aider.js';
import { claudeCode } from './recipes/claude-code.js';
import { cline } from './recipes/cline.js';
import { codex } from './recipes/codex.js';
import { continueDev } from './recipes/continue.js';
import { langChain, openWebUi } from './recipes/environment.js';
import { openClaw } from './recipes/openclaw.js';
import type { Recipe } from './recipe.js';

export const RECIPES: readonly Recipe[] = [claudeCode, codex, aider, openClaw, continueDev, cline, langChain, openWebUi];

const ALIASES: Record<string, string> = { claude: 'claude-code', 'codex-cli': 'codex', llamaindex: 'langchain', openwebui: 'open-webui' };

export function findRecipe(tool: string): Recipe | undefined {
  const name = ALIASES[tool] ?? tool;
  return RECIPES.find((r) => r.tool === name);
}
