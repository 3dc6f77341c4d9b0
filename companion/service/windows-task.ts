import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runTool } from './run-tool.js';
import { SERVICE_DESCRIPTION, type ServicePlatform, type ServiceState } from './service-platform.js';
import type { ServiceSpec } from './service-spec.js';

export const WINDOWS_TASK = 'LEO Optima companion';

const xml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** cmd.exe expands `%NAME%` even inside quotes, and a quote would end the argument: neither can be escaped there. */
function cmdQuoted(value: string): string {
  if (/["%]/.test(value)) throw new Error(`A scheduled task's command cannot carry " or %: ${JSON.stringify(value)}.`);
  return `"${value}"`;
}

/**
 * The task runs `leo start` through cmd.exe, because Task Scheduler keeps no output: cmd appends
 * it to the log. `/s /c "…"` strips exactly the outer quotes, leaving the quoted words inside.
 */
export function windowsCommandLine(spec: ServiceSpec): string {
  const settings = Object.entries(spec.env).map(([name, value]) => `set ${cmdQuoted(`${name}=${value}`)}&& `);
  const command = [spec.node, spec.leo, ...spec.args].map(cmdQuoted).join(' ');
  return `/d /s /c "${settings.join('')}${command} >> ${cmdQuoted(spec.logFile)} 2>&1"`;
}

/** The Task Scheduler definition (schtasks /Create /XML), for `userId` (DOMAIN\user) at their logon. */
export function windowsTaskXml(spec: ServiceSpec, userId: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    '  <RegistrationInfo>',
    `    <Description>${xml(SERVICE_DESCRIPTION)}</Description>`,
    '  </RegistrationInfo>',
    '  <Triggers>',
    '    <LogonTrigger>',
    '      <Enabled>true</Enabled>',
    `      <UserId>${xml(userId)}</UserId>`,
    '    </LogonTrigger>',
    '  </Triggers>',
    '  <Principals>',
    '    <Principal id="Author">',
    `      <UserId>${xml(userId)}</UserId>`,
    '      <LogonType>InteractiveToken</LogonType>',
    '      <RunLevel>LeastPrivilege</RunLevel>',
    '    </Principal>',
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <AllowHardTerminate>true</AllowHardTerminate>',
    '    <StartWhenAvailable>true</StartWhenAvailable>',
    '    <AllowStartOnDemand>true</AllowStartOnDemand>',
    '    <Enabled>true</Enabled>',
    '    <Hidden>true</Hidden>',
    // Task Scheduler stops a task after three days unless told not to.
    '    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>',
    '    <RestartOnFailure>',
    '      <Interval>PT1M</Interval>',
    '      <Count>3</Count>',
    '    </RestartOnFailure>',
    '  </Settings>',
    '  <Actions Context="Author">',
    '    <Exec>',
    '      <Command>cmd.exe</Command>',
    `      <Arguments>${xml(windowsCommandLine(spec))}</Arguments>`,
    `      <WorkingDirectory>${xml(spec.home)}</WorkingDirectory>`,
    '    </Exec>',
    '  </Actions>',
    '</Task>',
    '',
  ].join('\r\n');
}

const schtasks = (args: string[]) => runTool('schtasks', args);

export function windowsPlatform(home: string, env: NodeJS.ProcessEnv = process.env): ServicePlatform {
  const file = join(home, 'service', 'leo-optima-task.xml');
  const userId = env.USERDOMAIN ? `${env.USERDOMAIN}\\${env.USERNAME}` : (env.USERNAME ?? '');
  return {
    kind: 'scheduled task',
    file,
    // schtasks reads task XML as UTF-16 with its byte order mark.
    render: (spec) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(windowsTaskXml(spec, userId), 'utf16le')]),
    activate() {
      const created = schtasks(['/Create', '/TN', WINDOWS_TASK, '/XML', file, '/F']);
      if (!created.ok) throw new Error(`schtasks /Create failed: ${created.output}`);
      schtasks(['/Run', '/TN', WINDOWS_TASK]);
      return [`registered "${WINDOWS_TASK}": starts now and at every logon`];
    },
    deactivate() {
      schtasks(['/End', '/TN', WINDOWS_TASK]);
      const deleted = schtasks(['/Delete', '/TN', WINDOWS_TASK, '/F']);
      return [deleted.ok ? 'stopped and removed' : `was not registered (${deleted.output})`];
    },
    state(): ServiceState {
      const query = schtasks(['/Query', '/TN', WINDOWS_TASK, '/FO', 'LIST']);
      if (!query.ok) return { installed: existsSync(file), running: false, detail: 'not registered (leo service install)' };
      const status = /Status:\s*(.+)/.exec(query.output)?.[1]?.trim() ?? 'registered';
      return { installed: true, running: status === 'Running', detail: `task "${WINDOWS_TASK}", ${status}` };
    },
  };
}
