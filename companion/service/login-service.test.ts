import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runLeo } from '../../tests/helpers/cli-process.js';
import { launchdPlist } from './launchd-agent.js';
import type { ServiceSpec } from './service-spec.js';
import { systemdUnit } from './systemd-user-unit.js';
import { windowsCommandLine, windowsPlatform, windowsTaskXml } from './windows-task.js';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'leo-service-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Values a user's machine may well have: spaces, an ampersand, a percent sign, a dollar, angle brackets. */
const awkward: ServiceSpec = {
  node: '/Users/ada/.nvm/versions/node/v20.20.2/bin/node',
  leo: '/Users/ada/Library/npm global/lib/node_modules/leo-optima/companion/bin/leo.mjs',
  args: ['start', '--home', '/Users/ada/LEO & co <home>', '--port', '8080', '--upstream', 'openai=http://127.0.0.1:8090'],
  env: { LEO_CACHE_STRICTNESS: 'strict', LEO_ROUTING: 'off' },
  home: '/Users/ada/LEO & co <home>',
  port: 8080,
  logFile: '/Users/ada/LEO & co <home>/logs/companion.log',
};

describe('leo service on Linux: a systemd user unit', () => {
  const env = { XDG_CONFIG_HOME: join(work, 'config'), LEO_HOME: join(work, 'home 100%'), LEO_CACHE_STRICTNESS: 'lenient' };
  const unitFile = join(work, 'config', 'systemd', 'user', 'leo-optima.service');
  const wants = join(work, 'config', 'systemd', 'user', 'default.target.wants', 'leo-optima.service');

  it('writes a unit systemd accepts, enables it at login, and says where its output goes', async () => {
    const installed = await runLeo(['service', 'install', '--port', '8123'], env);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain(`${env.LEO_HOME}/logs/companion.log`);
    const unit = readFileSync(unitFile, 'utf8');
    // This Node and this package's leo, with the home and port it was installed for; `%` doubled for systemd.
    expect(unit).toContain(`ExecStart="${process.execPath}" "${join(import.meta.dirname, '../bin/leo.mjs')}" "start" "--home" "${work}/home 100%%" "--port" "8123"`);
    expect(unit).toContain('Environment="LEO_CACHE_STRICTNESS=lenient"');
    expect(unit).toContain(`StandardOutput=append:${work}/home 100%%/logs/companion.log`);
    expect(lstatSync(wants).isSymbolicLink()).toBe(true);
    expect(lstatSync(unitFile).mode & 0o777).toBe(0o600);

    // systemd's own check, as a user manager would load it (it also checks that the command exists).
    const runtime = join(work, 'runtime');
    mkdirSync(runtime, { mode: 0o700 });
    await run('systemd-analyze', ['verify', '--user', unitFile], { env: { ...process.env, XDG_RUNTIME_DIR: runtime } });
    const broken = join(work, 'broken.service');
    writeFileSync(broken, unit.replace(process.execPath, '/nonexistent/node'));
    await expect(run('systemd-analyze', ['verify', '--user', broken], { env: { ...process.env, XDG_RUNTIME_DIR: runtime } })).rejects.toThrow(/nonexistent/);

    const status = await runLeo(['service', 'status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/systemd user unit: .*enabled at login/);
  });

  it('uninstalls what it installed and keeps the home', async () => {
    const removed = await runLeo(['service', 'uninstall'], env);
    expect(removed.code).toBe(0);
    expect(existsSync(unitFile)).toBe(false);
    expect(existsSync(wants)).toBe(false);
    expect(existsSync(join(env.LEO_HOME, 'logs'))).toBe(true);
    const status = await runLeo(['service', 'status'], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('not installed');
  });

  it('refuses a bad flag or action before writing anything', async () => {
    const badPort = await runLeo(['service', 'install', '--port', 'eighty'], env);
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toContain('--port takes a whole number');
    expect((await runLeo(['service', 'restart'], env)).stderr).toContain('Usage: leo service install');
    expect(existsSync(unitFile)).toBe(false);
  });

  it('quotes awkward paths so systemd reads them back whole', () => {
    expect(systemdUnit(awkward)).toContain('"--home" "/Users/ada/LEO & co <home>"');
    expect(systemdUnit({ ...awkward, args: ['start', '--upstream', 'openai=http://h/$PATH?"x"\\'] })).toContain('"openai=http://h/$$PATH?\\"x\\"\\\\"');
  });
});

/** Parses a file with Python's own readers, independent of how we wrote it. */
async function python(script: string, file: string): Promise<unknown> {
  const { stdout } = await run('python3', ['-c', script, file]);
  return JSON.parse(stdout);
}

describe('leo service on macOS: a launchd agent', () => {
  it('writes the agent we reviewed', async () => {
    await expect(launchdPlist(awkward)).toMatchFileSnapshot('__snapshots__/dev.leo-optima.companion.plist');
  });

  it('is a property list whose arguments and settings read back exactly', async () => {
    const file = join(work, 'agent.plist');
    writeFileSync(file, launchdPlist(awkward));
    const plist = (await python('import json,plistlib,sys; print(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))', file)) as Record<string, unknown>;
    expect(plist.ProgramArguments).toEqual([awkward.node, awkward.leo, ...awkward.args]);
    expect(plist.EnvironmentVariables).toEqual(awkward.env);
    expect(plist.StandardErrorPath).toBe(awkward.logFile);
    expect(plist.RunAtLoad).toBe(true);
    expect(plist.KeepAlive).toEqual({ SuccessfulExit: false });
  });
});

describe('leo service on Windows: a scheduled task', () => {
  const windows: ServiceSpec = {
    node: 'C:\\Program Files\\nodejs\\node.exe',
    leo: 'C:\\Users\\Ada\\AppData\\Roaming\\npm\\node_modules\\leo-optima\\companion\\bin\\leo.mjs',
    args: ['start', '--home', 'C:\\Users\\Ada\\.leo-optima', '--port', '8080'],
    env: { LEO_ROUTING: 'conservative' },
    home: 'C:\\Users\\Ada\\.leo-optima',
    port: 8080,
    logFile: 'C:\\Users\\Ada\\.leo-optima\\logs\\companion.log',
  };

  it('writes the task we reviewed', async () => {
    await expect(windowsTaskXml(windows, 'DESKTOP-1\\Ada')).toMatchFileSnapshot('__snapshots__/leo-optima-task.xml');
  });

  it('is task XML, in the UTF-16 schtasks reads, that starts at the user’s logon and appends the output to the log', async () => {
    const file = join(work, 'task.xml');
    writeFileSync(file, windowsPlatform(work, { USERDOMAIN: 'DESKTOP-1', USERNAME: 'Ada' }).render(windows));
    const read = `import json,sys,xml.etree.ElementTree as E
ns={"t":"http://schemas.microsoft.com/windows/2004/02/mit/task"}
r=E.parse(sys.argv[1]).getroot()
print(json.dumps({"user":r.find("t:Triggers/t:LogonTrigger/t:UserId",ns).text,"command":r.find("t:Actions/t:Exec/t:Command",ns).text,"arguments":r.find("t:Actions/t:Exec/t:Arguments",ns).text,"limit":r.find("t:Settings/t:ExecutionTimeLimit",ns).text}))`;
    const task = (await python(read, file)) as Record<string, string>;
    expect(task).toEqual({ user: 'DESKTOP-1\\Ada', command: 'cmd.exe', arguments: windowsCommandLine(windows), limit: 'PT0S' });
    expect(task.arguments).toBe(
      '/d /s /c "set "LEO_ROUTING=conservative"&& "C:\\Program Files\\nodejs\\node.exe" "C:\\Users\\Ada\\AppData\\Roaming\\npm\\node_modules\\leo-optima\\companion\\bin\\leo.mjs" "start" "--home" "C:\\Users\\Ada\\.leo-optima" "--port" "8080" >> "C:\\Users\\Ada\\.leo-optima\\logs\\companion.log" 2>&1"',
    );
  });

  it('refuses a value cmd.exe would mangle', () => {
    expect(() => windowsCommandLine({ ...windows, home: 'C:\\100%', args: ['start', '--home', 'C:\\100%'] })).toThrow(/cannot carry " or %/);
  });
});
