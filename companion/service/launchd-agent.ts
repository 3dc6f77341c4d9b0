import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { runTool } from './run-tool.js';
import type { ServicePlatform, ServiceState } from './service-platform.js';
import type { ServiceSpec } from './service-spec.js';

export const LAUNCHD_LABEL = 'dev.leo-optima.companion';

const xml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const string = (value: string) => `<string>${xml(value)}</string>`;

export function launchdPlist(spec: ServiceSpec): string {
  const env = Object.entries(spec.env);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key>${string(LAUNCHD_LABEL)}`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...[spec.node, spec.leo, ...spec.args].map((arg) => `    ${string(arg)}`),
    '  </array>',
    ...(env.length ? ['  <key>EnvironmentVariables</key>', '  <dict>', ...env.map(([name, value]) => `    <key>${xml(name)}</key>${string(value)}`), '  </dict>'] : []),
    '  <key>RunAtLoad</key><true/>',
    // Restarted when it fails, not after `leo` exits cleanly (a refused newer home, a port in use is an exit 1 and retried).
    '  <key>KeepAlive</key>',
    '  <dict><key>SuccessfulExit</key><false/></dict>',
    '  <key>ThrottleInterval</key><integer>10</integer>',
    `  <key>StandardOutPath</key>${string(spec.logFile)}`,
    `  <key>StandardErrorPath</key>${string(spec.logFile)}`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

const launchctl = (args: string[]) => runTool('launchctl', args);

export function launchdPlatform(): ServicePlatform {
  const file = join(homedir(), 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
  const domain = `gui/${userInfo().uid}`;
  return {
    kind: 'launchd agent',
    file,
    render: launchdPlist,
    activate() {
      // A loaded older definition would shadow the new file.
      launchctl(['bootout', `${domain}/${LAUNCHD_LABEL}`]);
      const loaded = launchctl(['bootstrap', domain, file]);
      if (!loaded.ok) throw new Error(`launchctl bootstrap ${domain} ${file} failed: ${loaded.output}`);
      return [`loaded into ${domain}: starts now and at every login`];
    },
    deactivate() {
      const out = launchctl(['bootout', `${domain}/${LAUNCHD_LABEL}`]);
      return [out.ok ? 'stopped and unloaded' : `was not loaded (${out.output})`];
    },
    state(): ServiceState {
      if (!existsSync(file)) return { installed: false, running: false, detail: 'not installed (leo service install)' };
      const printed = launchctl(['print', `${domain}/${LAUNCHD_LABEL}`]);
      if (!printed.ok) return { installed: true, running: false, detail: `${file}, not loaded` };
      return { installed: true, running: /state = running/.test(printed.output), detail: `${file}, ${/state = (\w+)/.exec(printed.output)?.[1] ?? 'loaded'}` };
    },
  };
}
