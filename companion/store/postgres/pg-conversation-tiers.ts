import { CAPACITY, type ConversationMemory } from '../../routing/conversation-tiers.js';
import type { TeamDatabase } from './team-database.js';

/** The router's conversation memory on the team's database, so a conversation keeps its tier on any companion. */
export class PgConversationTiers implements ConversationMemory {
  private writes = 0;

  constructor(private readonly db: TeamDatabase) {}

  async get(conversation: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ model: string }>('SELECT model FROM conversation_tiers WHERE conversation = $1', [conversation]);
    return rows[0]?.model;
  }

  set(conversation: string, model: string, now = Date.now()): void {
    const trim = ++this.writes % 500 === 0;
    this.db
      .query('INSERT INTO conversation_tiers (conversation, model, at) VALUES ($1, $2, $3) ON CONFLICT (conversation) DO UPDATE SET model = excluded.model, at = excluded.at', [conversation, model, now])
      .then(() => (trim ? this.db.query('DELETE FROM conversation_tiers WHERE conversation IN (SELECT conversation FROM conversation_tiers ORDER BY at DESC OFFSET $1)', [CAPACITY]) : undefined))
      .catch(() => {
        // A lost note only lets the conversation's next turn be routed afresh.
      });
  }
}
