import type { SealedKey, SealedKeyShelf } from '../key-vault.js';
import type { TeamDatabase } from './team-database.js';

const CHANNEL = 'leo_keys';

/**
 * The team's sealed provider keys in PostgreSQL (sealed by the vault before they get here:
 * the database never holds a key in the clear). Each companion keeps them in memory and
 * reloads when any companion or `leo keys` changes them.
 */
export class PgKeyShelf implements SealedKeyShelf {
  private sealed: Readonly<Record<string, SealedKey>> = {};

  private constructor(private readonly db: TeamDatabase) {}

  static async open(db: TeamDatabase): Promise<PgKeyShelf> {
    const shelf = new PgKeyShelf(db);
    await shelf.reload();
    const reloadQuietly = () => void shelf.reload().catch(() => undefined);
    db.onChange(CHANNEL, reloadQuietly);
    db.onGap(reloadQuietly);
    return shelf;
  }

  read(): Readonly<Record<string, SealedKey>> {
    return this.sealed;
  }

  async write(provider: string, sealed: SealedKey | undefined): Promise<void> {
    if (sealed) {
      await this.db.query(
        `INSERT INTO provider_keys (provider, iv, tag, data, added_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (provider) DO UPDATE SET iv = excluded.iv, tag = excluded.tag, data = excluded.data, added_at = excluded.added_at`,
        [provider, sealed.iv, sealed.tag, sealed.data, sealed.addedAt],
      );
    } else {
      await this.db.query('DELETE FROM provider_keys WHERE provider = $1', [provider]);
    }
    await this.reload();
    await this.db.notify(CHANNEL, provider);
  }

  private async reload(): Promise<void> {
    const { rows } = await this.db.query<{ provider: string } & SealedKey>('SELECT provider, iv, tag, data, added_at AS "addedAt" FROM provider_keys');
    this.sealed = Object.fromEntries(rows.map(({ provider, ...sealed }) => [provider, sealed]));
  }
}
