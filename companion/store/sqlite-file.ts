import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { writeSecretFile } from '../home.js';
import { UPGRADE_COMMAND } from '../../shared/companion-contract.js';

/** The file belongs to a newer LEO Optima: this one must neither change it nor set it aside. */
export class NewerSchemaError extends Error {}

/**
 * Opens one of the companion's SQLite files: created 0600, WAL, and brought to the newest
 * schema by running the migrations it has not seen (`user_version` counts them). Throws,
 * having changed nothing, for a file that is not a database or comes from a newer version.
 */
export function openSqliteFile(file: string, migrations: readonly string[]): Database.Database {
  if (!existsSync(file)) writeSecretFile(file, '');
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    // Read before anything is set: switching to WAL rewrites the header of a file we may have to leave alone.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length) {
      throw new NewerSchemaError(
        `${file} was written by a newer LEO Optima (schema ${version}; this one reads up to ${migrations.length}). Nothing was changed: upgrade the companion (${UPGRADE_COMMAND}) to use this home.`,
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    for (let v = version; v < migrations.length; v++) {
      db.transaction(() => {
        db.exec(migrations[v]!);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
