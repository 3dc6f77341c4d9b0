import { execFileSync } from 'node:child_process';

/** How a platform's service tool answered: `output` is what it printed, or why it failed. */
export interface ToolRun {
  ok: boolean;
  /** The exit status; undefined when the tool could not be started at all. */
  status: number | undefined;
  stdout: string;
  stderr: string;
  output: string;
}

/** Runs `command ARGS` (launchctl, schtasks, systemctl) to completion, never throwing. */
export function runTool(command: string, args: string[]): ToolRun {
  try {
    const stdout = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, status: 0, stdout, stderr: '', output: stdout };
  } catch (err) {
    const failure = err as { status?: number | null; stdout?: string; stderr?: string; message: string };
    const stdout = failure.stdout ?? '';
    const stderr = failure.stderr ?? '';
    return { ok: false, status: failure.status ?? undefined, stdout, stderr, output: `${stdout}${stderr || failure.message}`.trim() };
  }
}
