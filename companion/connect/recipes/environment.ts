import type { Recipe } from '../recipe.js';
import { shellProfile, withExports } from '../shell-profile.js';

/** A recipe that is a set of environment variables, exported from the user's shell profile in a marked block. */
function environmentRecipe(tool: string, name: string, source: string, variables: (url: string, token: string) => Record<string, string>, notes: string[]): Recipe {
  return {
    tool,
    name,
    source,
    plan: (companion, machine) => {
      const { file, fish } = shellProfile(machine);
      return { kind: 'file', file, edit: (before) => withExports(before, tool, variables(companion.url, companion.token), fish), notes: ['Open a new terminal (or source the file) for them to apply.', ...notes] };
    },
  };
}

/** LangChain and LlamaIndex build their clients from the OpenAI and Anthropic SDKs, which read these. */
export const langChain = environmentRecipe(
  'langchain',
  'LangChain / LlamaIndex (environment variables)',
  'https://python.langchain.com/docs/integrations/chat/openai/',
  (url, token) => ({ OPENAI_BASE_URL: `${url}/v1`, OPENAI_API_BASE: `${url}/v1`, OPENAI_API_KEY: token, ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: token }),
  ['Every program started from that shell with the OpenAI or Anthropic SDK goes through the companion.'],
);

/** Open WebUI reads its OpenAI connection from these when it starts. */
export const openWebUi = environmentRecipe(
  'open-webui',
  'Open WebUI',
  'https://docs.openwebui.com/getting-started/env-configuration',
  (url, token) => ({ OPENAI_API_BASE_URL: `${url}/v1`, OPENAI_API_KEY: token }),
  [
    'For `open-webui serve`: give it another port than the companion\'s (open-webui serve --port 3000).',
    'In Docker the companion is reachable only with host networking: docker run --network=host -e OPENAI_API_BASE_URL -e OPENAI_API_KEY -e PORT=3000 ghcr.io/open-webui/open-webui:main',
  ],
);
