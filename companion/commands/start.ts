import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROVIDERS, PROVIDER_IDS } from '../../shared/protocols/providers.js';
import type { CliValues } from '../cli-args.js';
import { openCompanion } from './open-companion.js';
import { dashboardLink } from './dashboard.js';
import { closeNodeEmbedder } from '../embedding/node-embedder.js';
import { openCompanionApp } from '../open-app.js';
import { safeDatabaseUrl } from '../store/postgres/team-database.js';

const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

export async function runStart(values: CliValues): Promise<number> {
  const state = await openCompanion(values);
  const { app, cache } = await openCompanionApp(state, { log: values.log === true });
  cache?.warmUp();
  try {
    await app.listen({ host: state.config.host, port: state.config.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${state.config.port} is in use (another companion? run leo doctor), or pick one with --port.`);
    throw err;
  }
  const url = `http://127.0.0.1:${state.config.port}`;
  const keys = state.vault.list().map((k) => k.provider);
  // Only a person at a terminal sees the token; a service's log or a pipe gets the command that prints it.
  const token = process.stdout.isTTY ? state.localToken : '$(leo token)';
  const overridden = PROVIDER_IDS.filter((id) => state.config.upstreams[id] !== PROVIDERS[id].baseUrl);
  const shared = `  Cache: ${cache ? `on (${cache.indexedEntries} entries indexed, strictness ${state.config.cache.strictness})` : 'off (LEO_CACHE=off)'}
  Routing: ${state.config.routing.mode}${state.config.routing.mode === 'off' ? '' : ` (heavy models go to their lighter tier when the prompt allows; LEO_ROUTING=off to stop)`}
  Provider keys: ${keys.length ? keys.join(', ') : 'none yet — add one with: leo keys add openai  (from a checkout: npm run -s leo -- keys add openai)'}`;
  if (state.team) {
    const members = await state.team.members.list();
    const names = ['127.0.0.1', 'localhost', '[::1]', ...state.config.publicHosts];
    console.log(`LEO Optima team companion listening on ${state.config.host}:${state.config.port}  (database ${safeDatabaseUrl(state.config.databaseUrl!)})

  Answers to: ${names.join(', ')}  (--public-host adds a name)
  Members: ${members.length ? members.map((m) => `${m.name} (${m.role})`).join(', ') : 'none yet — add one with: leo team add NAME --role admin --database …'}
  Every call needs a member token as the API key (${state.config.memberCallsPerMinute} calls per minute per token).

${shared}`);
  } else {
    console.log(`LEO Optima companion listening on ${url}  (home ${state.config.home})

  Local token:  ${process.stdout.isTTY ? state.localToken : '(leo token prints it)'}
  Use it as the API key of any OpenAI, Anthropic or Gemini SDK with base URL ${url}/v1
  (Anthropic and Gemini SDKs: ${url}). Example:
    curl ${url}/v1/chat/completions -H "Authorization: Bearer ${token}" \\
      -H "content-type: application/json" -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}'

  Dashboard: ${dashboardLink(state.config.home, state.config.port)}
             (a one-time link; leo dashboard prints another)

${shared}`);
  }
  for (const id of overridden) console.log(`  Upstream for ${id}: ${state.config.upstreams[id]}`);
  if (existsSync(EXTENSION_DIR)) {
    console.log(`\n  Browser extension built in ${EXTENSION_DIR}
  Load it: chrome://extensions → Developer mode → Load unpacked → choose that folder.
  Pair it: run \`leo pair\` (from a checkout: npm run -s leo -- pair) and paste the code in its Options.`);
  }
  console.log('\n  Stop with Ctrl+C.');

  await new Promise<void>((done) => {
    const stop = () => {
      app.close().finally(async () => {
        cache?.close();
        await state.close();
        await closeNodeEmbedder();
        done();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
