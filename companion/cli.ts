import { parseArgs } from 'node:util';
import { CLI_OPTIONS, type CliValues } from './cli-args.js';

/**
 * Each command's module is loaded when it runs: `leo token` has no use for the server, the
 * router's model or the embedder, and loading them all made every command wait for them.
 */
const COMMANDS: Record<string, (values: CliValues, rest: string[]) => Promise<number>> = {
  start: async (values) => (await import('./commands/start.js')).runStart(values),
  keys: async (values, rest) => (await import('./commands/keys.js')).runKeys(values, rest),
  providers: async (values, rest) => (await import('./commands/providers.js')).runProviders(values, rest),
  team: async (values, rest) => (await import('./commands/team.js')).runTeam(values, rest),
  token: async (values) => (await import('./commands/token.js')).runToken(values),
  pair: async (values) => (await import('./commands/pair.js')).runPair(values),
  grants: async (values, rest) => (await import('./commands/grants.js')).runGrants(values, rest),
  stats: async (values) => (await import('./commands/stats.js')).runStats(values),
  cache: async (values, rest) => (await import('./commands/cache.js')).runCache(values, rest),
  dashboard: async (values) => (await import('./commands/dashboard.js')).runDashboard(values),
  service: async (values, rest) => (await import('./commands/service.js')).runService(values, rest),
  connect: async (values, rest) => (await import('./commands/connect.js')).runConnect(values, rest),
  doctor: async (values) => (await import('./commands/doctor.js')).runDoctor(values),
  simulate: async (values) => (await import('./commands/simulate.js')).runSimulate(values),
  eval: async (_values, rest) => (await import('./commands/eval.js')).runEval(rest),
};

const USAGE = `leo — the LEO Optima companion

  leo start [--port N] [--home DIR] [--upstream provider=url]... [--log]
  leo start --database postgres://… [--host 0.0.0.0 --public-host NAME]...
                                 a team companion: cache, ledger, members and keys in PostgreSQL
  leo team add NAME --role admin|member|viewer | list | remove NAME | role NAME ROLE
  leo team budget NAME|team USD --per month|day
                                 a team's members (each gets a token), roles and budgets
  leo keys add <provider>        read the key from stdin, store it encrypted
  leo keys list | remove <provider>
  leo providers list | add <provider> --base-url URL | remove <provider>
  leo providers add NAME --base-url URL --protocol openai|anthropic --models M1,M2 [--price-input USD --price-output USD]
                                 a model server of your own (Ollama, vLLM, LM Studio, llama.cpp)
                                 where a provider's calls go (an Azure OpenAI resource, a gateway of yours)
  leo token                      print the local token clients present
  leo pair                       print a one-time code that pairs the browser extension
  leo grants list | add SITE [--cap USD] | revoke SITE
                                 which sites the extension may let spend your keys, and what they spent today
  leo dashboard                  print a one-time link that opens the dashboard
  leo stats [--days N]           savings so far
  leo stats --events [--limit N] | --conversations | --export FILE
                                 the calls behind the figures; cached-token share per conversation
  leo cache stats | list [--namespace NS] [--search TEXT] [--limit N] | delete ID
  leo cache clear [--namespace NS] | export [FILE] | import FILE
  leo cache export [FILE] --format openai-chat|anthropic [--site ORIGIN] [--model M] [--since DAY] [--until DAY]
                                 the cached conversations as fine-tuning JSONL
  leo service install | uninstall | status
                                 start the companion at login (systemd user unit, launchd agent, scheduled task)
  leo connect TOOL [--apply | --undo]
                                 point an agent tool at the companion: claude-code, codex, aider, openclaw,
                                 continue, cline, langchain (and llamaindex), open-webui
  leo doctor                     check the setup, the service, the pairing and each provider key
  leo simulate [--port N] [--latency-ms N] [--tokens-per-sec N] [--require-key KEY]
  leo eval cache FILE.jsonl      would the cache serve a's answer for b? {"a","b","duplicate"} per line
  leo eval routing FILE.jsonl    share of strong calls for 95% of strong accuracy; {"source","prompt","strong_correct","weak_correct"} per line

Home: --home, else LEO_HOME, else ~/.leo-optima. Upstreams: LEO_UPSTREAM_<PROVIDER>=url.
Team database: --database, else LEO_DATABASE_URL (keys, stats, cache and team follow it too).`;

export async function main(argv: string[]): Promise<number> {
  // Everything the companion writes (token, vault, ledger and its WAL files) is for its owner alone.
  process.umask(0o077);
  try {
    const { values, positionals } = parseArgs({ args: argv, options: CLI_OPTIONS, allowPositionals: true });
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      console.log(USAGE);
      return command === undefined && !values.help ? 1 : 0;
    }
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) {
      console.error(`Unknown command '${command}'.\n\n${USAGE}`);
      return 1;
    }
    return await run(values, rest);
  } catch (err) {
    console.error(`leo: ${(err as Error).message}`);
    return 1;
  }
}
