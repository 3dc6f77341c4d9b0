import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { runTool } from './run-tool.js';
import { SERVICE_DESCRIPTION, type ServicePlatform, type ServiceState } from './service-platform.js';
import type { ServiceSpec } from './service-spec.js';

const UNIT = 'leo-optima.service';

/** systemd expands `%` specifiers in every setting; inside quotes, quotes and backslashes are escaped. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&').replace(/%/g, '%%')}"`;
}

/** A command line also expands `$VARIABLES`. */
const commandWord = (value: string) => quoted(value).replace(/\$/g, '$$$$');

export function systemdUnit(spec: ServiceSpec): string {
  const command = [spec.node, spec.leo, ...spec.args].map(commandWord).join(' ');
  const log = spec.logFile.replace(/%/g, '%%');
  return [
    '[Unit]',
    `Description=${SERVICE_DESCRIPTION}`,
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${command}`,
    ...Object.entries(spec.env).map(([name, value]) => `Environment=${quoted(`${name}=${value}`)}`),
    'Restart=on-failure',
    'RestartSec=5',
    `StandardOutput=append:${log}`,
    `StandardError=append:${log}`,
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

/** `systemctl --user ARGS`, or undefined when no user instance answers (a container, an SSH session without lingering). */
function systemctl(args: string[]): string | undefined {
  const run = runTool('systemctl', ['--user', ...args]);
  // `is-active` answers "inactive" with a non-zero status: that is an answer, not an absent manager.
  const answered = run.ok || (run.status !== undefined && run.stdout !== '' && !/Failed to connect/.test(run.stderr));
  return answered ? run.stdout.trim() : undefined;
}

export function systemdPlatform(env: NodeJS.ProcessEnv = process.env): ServicePlatform {
  const folder = join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'systemd', 'user');
  const file = join(folder, UNIT);
  // What `systemctl --user enable` makes: it works with no user manager running, and takes effect at the next login.
  const wantedBy = join(folder, 'default.target.wants', UNIT);
  return {
    kind: 'systemd user unit',
    file,
    render: systemdUnit,
    activate() {
      mkdirSync(dirname(wantedBy), { recursive: true });
      rmSync(wantedBy, { force: true });
      symlinkSync(file, wantedBy);
      const lines = [`enabled: starts at login (${wantedBy})`];
      if (systemctl(['daemon-reload']) === undefined) {
        return [...lines, 'no systemd user instance answers in this session: it starts at your next login; until then run `leo start`'];
      }
      systemctl(['restart', UNIT]);
      return [...lines, `started: systemctl --user status ${UNIT}`];
    },
    deactivate() {
      const reachable = systemctl(['stop', UNIT]) !== undefined;
      rmSync(wantedBy, { force: true });
      if (reachable) systemctl(['daemon-reload']);
      return [reachable ? 'stopped and disabled' : 'disabled (no systemd user instance answers here, so nothing was stopped)'];
    },
    state(): ServiceState {
      if (!existsSync(file)) return { installed: false, running: false, detail: 'not installed (leo service install)' };
      const enabled = existsSync(wantedBy) ? 'enabled at login' : 'not enabled';
      const active = systemctl(['is-active', UNIT]);
      if (active === undefined) return { installed: true, running: undefined, detail: `${file}, ${enabled}; no systemd user instance answers here` };
      return { installed: true, running: active === 'active', detail: `${file}, ${enabled}, ${active}` };
    },
  };
}
