import { join } from 'node:path';
import type { Machine } from './recipe.js';

const BEGIN = (tool: string) => `# >>> leo-optima (leo connect ${tool}) >>>`;
const END = (tool: string) => `# <<< leo-optima (leo connect ${tool}) <<<`;

/** The file the user's login shell reads at start: fish's conf.d, zsh's .zshrc, else bash's .bashrc. */
export function shellProfile(machine: Machine): { file: string; fish: boolean } {
  const shell = machine.env.SHELL ?? '';
  if (shell.endsWith('/fish')) return { file: join(machine.env.XDG_CONFIG_HOME || join(machine.userHome, '.config'), 'fish', 'conf.d', 'leo-optima.fish'), fish: true };
  if (shell.endsWith('/zsh')) return { file: join(machine.env.ZDOTDIR || machine.userHome, '.zshrc'), fish: false };
  return { file: join(machine.userHome, '.bashrc'), fish: false };
}

const quoted = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The profile with this tool's block of exports put in (replacing an earlier one), everything else as it was. */
export function withExports(before: string | null, tool: string, exports: Record<string, string>, fish: boolean): string {
  const lines = Object.entries(exports).map(([name, value]) => (fish ? `set -gx ${name} ${quoted(value)}` : `export ${name}=${quoted(value)}`));
  const block = [BEGIN(tool), ...lines, END(tool)].join('\n');
  const text = before ?? '';
  const start = text.indexOf(BEGIN(tool));
  const end = text.indexOf(END(tool));
  if (start >= 0 && end > start) return text.slice(0, start) + block + text.slice(end + END(tool).length);
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${text === '' ? '' : '\n'}${block}\n`;
}
