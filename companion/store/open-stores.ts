import { ConversationTiers, type ConversationMemory } from '../routing/conversation-tiers.js';
import type { CacheAdmin } from './cache-admin.js';
import { CacheStore } from './cache-store.js';
import { KeyVault, loadMasterKey } from './key-vault.js';
import { Ledger } from './ledger.js';
import type { LedgerStore } from './ledger-store.js';
import { PgCacheEntries } from './postgres/pg-cache-entries.js';
import { PgConversationTiers } from './postgres/pg-conversation-tiers.js';
import { PgKeyShelf } from './postgres/pg-key-shelf.js';
import { PgLedger } from './postgres/pg-ledger.js';
import { TeamDatabase } from './postgres/team-database.js';
import { TeamMembers } from './postgres/team-members.js';

/** What a team companion has beyond one person's: its database and members. */
export interface Team {
  db: TeamDatabase;
  members: TeamMembers;
}

/**
 * Where the companion keeps what it learns: SQLite files in the home (one person, the
 * default) or the team's PostgreSQL (`--database`, `LEO_DATABASE_URL`). The master key that
 * seals provider keys always comes from the home or `LEO_VAULT_KEY`, never the database.
 */
export interface CompanionStores {
  vault: KeyVault;
  ledger: LedgerStore;
  conversations: ConversationMemory;
  /** Opens the cache's entries; only a companion with its cache on needs them. */
  cacheEntries(): CacheAdmin;
  team?: Team;
  close(): Promise<void>;
}

export async function openStores(home: string, databaseUrl: string | undefined): Promise<CompanionStores> {
  if (databaseUrl === undefined) return homeStores(home);
  const db = await TeamDatabase.open(databaseUrl);
  try {
    const shelf = await PgKeyShelf.open(db);
    const ledger = new PgLedger(db);
    let entries: PgCacheEntries | undefined;
    return {
      vault: new KeyVault(loadMasterKey(home), shelf),
      ledger,
      conversations: new PgConversationTiers(db),
      cacheEntries: () => (entries ??= new PgCacheEntries(db)),
      team: { db, members: new TeamMembers(db) },
      async close() {
        await ledger.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

function homeStores(home: string): CompanionStores {
  const ledger = new Ledger(home);
  let entries: CacheStore | undefined;
  return {
    vault: KeyVault.ofHome(home),
    ledger,
    conversations: new ConversationTiers(ledger.db),
    cacheEntries: () => (entries ??= new CacheStore(home)),
    async close() {
      ledger.close();
      entries?.close();
    },
  };
}
