/**
 * The team database's schema, one entry per version; a companion runs those it has not seen
 * at start, in one transaction. Never edit an entry that shipped: append a new one.
 */
export const TEAM_MIGRATIONS = [
  `CREATE TABLE entries (
     id BIGSERIAL PRIMARY KEY,
     namespace TEXT NOT NULL,
     exact_key TEXT NOT NULL,
     context_key TEXT NOT NULL,
     model TEXT NOT NULL,
     prompt TEXT,
     history TEXT NOT NULL,
     vector BYTEA,
     answer TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     last_used_at BIGINT NOT NULL,
     expires_at BIGINT NOT NULL,
     hits INTEGER NOT NULL DEFAULT 0,
     bytes INTEGER NOT NULL,
     site TEXT NOT NULL DEFAULT '',
     transcript TEXT,
     UNIQUE (namespace, exact_key)
   );
   CREATE INDEX entries_lru ON entries (last_used_at, id) INCLUDE (bytes);
   CREATE INDEX entries_expires ON entries (expires_at);

   CREATE TABLE calls (
     id BIGSERIAL PRIMARY KEY,
     at BIGINT NOT NULL,
     member TEXT NOT NULL,
     site TEXT NOT NULL,
     protocol TEXT NOT NULL,
     provider TEXT NOT NULL,
     requested_model TEXT NOT NULL,
     served_model TEXT NOT NULL,
     stream BOOLEAN NOT NULL,
     status INTEGER NOT NULL,
     input_tokens INTEGER NOT NULL,
     output_tokens INTEGER NOT NULL,
     cached_input_tokens INTEGER NOT NULL,
     cache_write_tokens INTEGER NOT NULL,
     cache_write_1h_tokens INTEGER NOT NULL,
     reasoning_tokens INTEGER NOT NULL,
     usage_estimated BOOLEAN NOT NULL,
     cost_usd DOUBLE PRECISION,
     cost_avoided_usd DOUBLE PRECISION NOT NULL,
     reason TEXT NOT NULL,
     complete BOOLEAN NOT NULL,
     latency_ms DOUBLE PRECISION NOT NULL,
     detail TEXT NOT NULL,
     conversation TEXT NOT NULL
   );
   CREATE INDEX calls_at ON calls (at);
   CREATE INDEX calls_member_at ON calls (member, at);
   CREATE INDEX calls_conversation ON calls (conversation);

   CREATE TABLE conversation_tiers (conversation TEXT PRIMARY KEY, model TEXT NOT NULL, at BIGINT NOT NULL);
   CREATE INDEX conversation_tiers_at ON conversation_tiers (at);

   CREATE TABLE members (
     name TEXT PRIMARY KEY,
     role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
     token_hash TEXT NOT NULL UNIQUE,
     created_at BIGINT NOT NULL
   );

   CREATE TABLE budgets (
     scope TEXT PRIMARY KEY,
     usd DOUBLE PRECISION NOT NULL CHECK (usd >= 0),
     period TEXT NOT NULL CHECK (period IN ('day', 'month'))
   );

   CREATE TABLE key_grants (
     member TEXT NOT NULL REFERENCES members (name) ON DELETE CASCADE,
     site TEXT NOT NULL,
     daily_cap_usd DOUBLE PRECISION,
     granted_at BIGINT NOT NULL,
     PRIMARY KEY (member, site)
   );

   CREATE TABLE provider_keys (
     provider TEXT PRIMARY KEY,
     iv TEXT NOT NULL,
     tag TEXT NOT NULL,
     data TEXT NOT NULL,
     added_at TEXT NOT NULL
   );`,
];
