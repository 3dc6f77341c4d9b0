import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runLeo } from '../../tests/helpers/cli-process.js';

const work = mkdtempSync(join(tmpdir(), 'leo-connect-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let userHome = '';
let env: NodeJS.ProcessEnv = {};
let token = '';
beforeEach(async () => {
  userHome = mkdtempSync(join(work, 'user-'));
  // A user's machine: their home folder, their shell, and the companion on port 8123.
  env = { HOME: userHome, SHELL: '/bin/bash', LEO_HOME: join(userHome, '.leo-optima'), LEO_PORT: '8123', XDG_CONFIG_HOME: '', CODEX_HOME: '', ZDOTDIR: '', OPENCLAW_CONFIG_DIR: '' };
  token = (await runLeo(['token'], env)).stdout.trim();
});

function fixture(path: string, text: string): string {
  const file = join(userHome, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o644 });
  return file;
}

/** Shows the change (nothing written, token masked), applies it, checks the result, and undoes it byte for byte. */
async function showApplyUndo(tool: string, file: string, check: (text: string) => void) {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
  const shown = await runLeo(['connect', tool], env);
  expect(shown.code).toBe(0);
  expect(shown.stdout).toContain(file);
  expect(shown.stdout).toContain('<leo token>');
  expect(shown.stdout).not.toContain(token);
  expect(existsSync(file) ? readFileSync(file, 'utf8') : null).toBe(before);

  const applied = await runLeo(['connect', tool, '--apply'], env);
  expect(applied.code).toBe(0);
  const after = readFileSync(file, 'utf8');
  check(after);
  // The file now holds the token: never readable by others.
  expect(statSync(file).mode & 0o077).toBe(0);
  expect((await runLeo(['connect', tool, '--apply'], env)).stdout).toContain('nothing to change');

  const undone = await runLeo(['connect', tool, '--undo'], env);
  expect(undone.code).toBe(0);
  if (before === null) expect(existsSync(file)).toBe(false);
  else {
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(statSync(file).mode & 0o777).toBe(0o644);
  }
  expect((await runLeo(['connect', tool, '--undo'], env)).stderr).toContain('Nothing to undo');
}

describe('leo connect', () => {
  it('claude-code: the env block of ~/.claude/settings.json, other settings kept, a competing API key taken out', async () => {
    const file = fixture('.claude/settings.json', '{"model":"opus","env":{"ANTHROPIC_API_KEY":"sk-ant-old","FOO":"1"},"permissions":{"allow":["Bash(ls)"]}}\n');
    await showApplyUndo('claude-code', file, (text) => {
      expect(JSON.parse(text)).toEqual({ model: 'opus', env: { FOO: '1', ANTHROPIC_BASE_URL: 'http://127.0.0.1:8123', ANTHROPIC_AUTH_TOKEN: token }, permissions: { allow: ['Bash(ls)'] } });
    });
  });

  it('codex: a provider of its own in config.toml, selected at the top level, comments and tables kept', async () => {
    const file = fixture('.codex/config.toml', '# my settings\nmodel = "gpt-5"\nmodel_provider = "openai"\n\n[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "docs-mcp"]\n');
    await showApplyUndo('codex', file, (text) => {
      expect(text.startsWith('# my settings\nmodel = "gpt-5"\nmodel_provider = "leo-optima"\n')).toBe(true);
      expect(parseToml(text)).toEqual({
        model: 'gpt-5',
        model_provider: 'leo-optima',
        mcp_servers: { docs: { command: 'npx', args: ['-y', 'docs-mcp'] } },
        model_providers: { 'leo-optima': { name: 'LEO Optima', base_url: 'http://127.0.0.1:8123/v1', wire_api: 'responses', http_headers: { Authorization: `Bearer ${token}` } } },
      });
    });
  });

  it('aider: openai-api-base and openai-api-key in ~/.aider.conf.yml, its comments kept', async () => {
    const file = fixture('.aider.conf.yml', '# my aider\ndark-mode: true\nopenai-api-key: sk-old # the old key\n');
    await showApplyUndo('aider', file, (text) => {
      expect(text).toContain('# my aider');
      expect(parseYaml(text)).toEqual({ 'dark-mode': true, 'openai-api-key': token, 'openai-api-base': 'http://127.0.0.1:8123/v1' });
    });
  });

  it('openclaw: two custom providers merged into openclaw.json, its agents untouched', async () => {
    const file = fixture('.openclaw/openclaw.json', JSON.stringify({ agents: { defaults: { model: { primary: 'openai/gpt-5.2' } } }, models: { providers: { ollama: { baseUrl: 'http://127.0.0.1:11434/v1' } } } }));
    await showApplyUndo('openclaw', file, (text) => {
      const config = JSON.parse(text);
      expect(config.agents).toEqual({ defaults: { model: { primary: 'openai/gpt-5.2' } } });
      expect(Object.keys(config.models.providers)).toEqual(['ollama', 'leo-optima', 'leo-optima-anthropic']);
      expect(config.models.providers['leo-optima']).toMatchObject({ baseUrl: 'http://127.0.0.1:8123/v1', apiKey: token, api: 'openai-completions' });
      expect(config.models.providers['leo-optima-anthropic']).toMatchObject({ baseUrl: 'http://127.0.0.1:8123', api: 'anthropic-messages' });
    });
  });

  it('continue: a model added to the list in ~/.continue/config.yaml, the others kept', async () => {
    const file = fixture('.continue/config.yaml', 'name: Mine\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: Local\n    provider: ollama\n    model: llama3.1\n');
    await showApplyUndo('continue', file, (text) => {
      const config = parseYaml(text);
      expect(config.models).toEqual([
        { name: 'Local', provider: 'ollama', model: 'llama3.1' },
        { name: 'GPT-4o (LEO Optima)', provider: 'openai', model: 'gpt-4o', apiBase: 'http://127.0.0.1:8123/v1', apiKey: token, roles: ['chat', 'edit', 'apply'] },
      ]);
    });
  });

  it('continue: creates the config when there is none', async () => {
    await showApplyUndo('continue', join(userHome, '.continue', 'config.yaml'), (text) => {
      expect(parseYaml(text)).toMatchObject({ schema: 'v1', models: [{ provider: 'openai', apiBase: 'http://127.0.0.1:8123/v1' }] });
    });
  });

  it('langchain (and llamaindex): a marked block of exports in the shell profile, the rest of it kept', async () => {
    const file = fixture('.bashrc', 'alias ll="ls -l"\n');
    await showApplyUndo('llamaindex', file, (text) => {
      expect(text.startsWith('alias ll="ls -l"\n\n# >>> leo-optima (leo connect langchain) >>>\n')).toBe(true);
      expect(text).toContain(`export OPENAI_API_KEY='${token}'`);
      expect(text).toContain("export OPENAI_BASE_URL='http://127.0.0.1:8123/v1'");
      expect(text).toContain("export ANTHROPIC_BASE_URL='http://127.0.0.1:8123'");
    });
  });

  it("open-webui: its two variables, in zsh's profile for a zsh user", async () => {
    env.SHELL = '/usr/bin/zsh';
    await showApplyUndo('open-webui', join(userHome, '.zshrc'), (text) => {
      expect(text).toBe(`# >>> leo-optima (leo connect open-webui) >>>\nexport OPENAI_API_BASE_URL='http://127.0.0.1:8123/v1'\nexport OPENAI_API_KEY='${token}'\n# <<< leo-optima (leo connect open-webui) <<<\n`);
    });
  });

  it('cline: the steps for its settings panel, and a clear refusal to write VS Code’s storage', async () => {
    const shown = await runLeo(['connect', 'cline'], env);
    expect(shown.stdout).toContain('API Provider: OpenAI Compatible');
    expect(shown.stdout).toContain('Base URL: http://127.0.0.1:8123/v1');
    const applied = await runLeo(['connect', 'cline', '--apply'], env);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('follow the steps above');
  });

  it('refuses a config it cannot read, and an undo that would lose later edits, changing nothing', async () => {
    const broken = fixture('.claude/settings.json', '{"model": "opus",,}');
    const refused = await runLeo(['connect', 'claude-code', '--apply'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not plain JSON');
    expect(readFileSync(broken, 'utf8')).toBe('{"model": "opus",,}');

    const file = fixture('.aider.conf.yml', 'dark-mode: true\n');
    await runLeo(['connect', 'aider', '--apply'], env);
    writeFileSync(file, `${readFileSync(file, 'utf8')}auto-commits: false\n`);
    const undo = await runLeo(['connect', 'aider', '--undo'], env);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toMatch(/was changed after leo connect applied its change; restore it yourself from .*\.leo-optima-backup-/);
    expect(readFileSync(file, 'utf8')).toContain('auto-commits: false');

    expect((await runLeo(['connect', 'vim'], env)).stderr).toContain("No recipe for 'vim'");
  });
});
