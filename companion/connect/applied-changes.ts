import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeSecretFile } from '../home.js';

/** What `leo connect TOOL --apply` did, so `--undo` can put it back. */
interface AppliedChange {
  file: string;
  /** The copy of the file as it was; null when there was no file. */
  backup: string | null;
  /** Its permissions before: a change that adds the token narrows them, undo gives them back. */
  mode: number | null;
  /** The file's hash right after the change: undo refuses to overwrite later edits. */
  afterSha256: string;
  appliedAt: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const record = (home: string, tool: string) => join(home, 'connect', `${tool}.json`);

export function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** Writes the new text, keeping a backup of the old beside it and a record in the home. */
export function applyChange(home: string, tool: string, file: string, before: string | null, after: string): string | null {
  mkdirSync(dirname(file), { recursive: true });
  let backup: string | null = null;
  const mode = before !== null ? statSync(file).mode & 0o777 : null;
  if (before !== null) {
    backup = `${file}.leo-optima-backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    copyFileSync(file, backup);
    writeFileSync(file, after);
  } else {
    // A file we create holds the token: for its owner alone.
    writeSecretFile(file, after);
  }
  // A config we change may now hold the token: no wider than it was, and never readable by others.
  chmodSync(file, statSync(file).mode & 0o700);
  mkdirSync(join(home, 'connect'), { recursive: true, mode: 0o700 });
  const applied: AppliedChange = { file, backup, mode, afterSha256: sha256(after), appliedAt: new Date().toISOString() };
  writeSecretFile(record(home, tool), `${JSON.stringify(applied, null, 2)}\n`);
  return backup;
}

/** Puts the file back as it was before `--apply`; says why not when that would lose something. */
export function undoChange(home: string, tool: string): string {
  const file = record(home, tool);
  if (!existsSync(file)) throw new Error(`Nothing to undo: leo connect ${tool} --apply has not changed anything from this home.`);
  const applied = JSON.parse(readFileSync(file, 'utf8')) as AppliedChange;
  const now = readIfExists(applied.file);
  if (now !== null && sha256(now) !== applied.afterSha256) {
    throw new Error(`${applied.file} was changed after leo connect applied its change; restore it yourself${applied.backup ? ` from ${applied.backup}` : ''} to keep those edits in mind.`);
  }
  if (applied.backup === null) {
    rmSync(applied.file, { force: true });
  } else {
    if (!existsSync(applied.backup)) throw new Error(`The backup ${applied.backup} is gone; ${applied.file} was left as it is.`);
    copyFileSync(applied.backup, applied.file);
    if (applied.mode !== null) chmodSync(applied.file, applied.mode);
    rmSync(applied.backup);
  }
  rmSync(file);
  return applied.backup === null ? `Removed ${applied.file}, which leo connect had created.` : `Restored ${applied.file} as it was before.`;
}
