import type Database from 'better-sqlite3';
import { createError } from '../../../shared/errors/ledgerflow-error';

/**
 * The state database's schema, one migration per `PRAGMA user_version` step (ARCHITECTURE §1, §5). A migration
 * never edits an earlier one: a database written by an older Ledgerflow moves forward one step at a time, inside
 * one transaction per step, so a crash mid-migration leaves the previous version intact.
 */
export const stateMigrations: readonly string[] = [
  // 1: runs, their plans and logs; the id map, cursors, dead letters and the outbox journal.
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    flow_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    flow_json TEXT NOT NULL,
    bindings_json TEXT NOT NULL,
    scope_json TEXT,
    counts_json TEXT NOT NULL,
    pending_cursors_json TEXT,
    error_json TEXT,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    finished_at INTEGER
  );
  CREATE INDEX runs_by_flow ON runs (flow_id, started_at);
  CREATE INDEX runs_by_status ON runs (status);

  CREATE TABLE plan_items (
    run_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    dest_node TEXT NOT NULL,
    entity TEXT NOT NULL,
    source_node TEXT NOT NULL,
    record_key TEXT NOT NULL,
    order_key TEXT NOT NULL,
    action TEXT NOT NULL,
    reason TEXT,
    target_id TEXT,
    diff_json TEXT,
    payload_json TEXT,
    status TEXT NOT NULL,
    batch_id TEXT,
    result_id TEXT,
    error_json TEXT,
    PRIMARY KEY (run_id, seq)
  );
  CREATE INDEX plan_items_by_status ON plan_items (run_id, dest_node, status, seq);
  CREATE INDEX plan_items_by_key ON plan_items (run_id, dest_node, record_key);

  CREATE TABLE id_map (
    flow_id TEXT NOT NULL,
    dest_node TEXT NOT NULL,
    entity TEXT NOT NULL,
    source_key TEXT NOT NULL,
    target_id TEXT NOT NULL,
    connection_id TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (flow_id, dest_node, entity, source_key)
  );
  CREATE INDEX id_map_by_connection ON id_map (flow_id, entity, connection_id, source_key);

  CREATE TABLE cursors (
    flow_id TEXT NOT NULL,
    source_node TEXT NOT NULL,
    cursor TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (flow_id, source_node)
  );

  CREATE TABLE outbox (
    batch_id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    dest_node TEXT NOT NULL,
    entity TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    ops_json TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX outbox_by_status ON outbox (run_id, status);

  CREATE TABLE dead_letters (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    flow_id TEXT NOT NULL,
    dest_node TEXT NOT NULL,
    source_node TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_key TEXT NOT NULL,
    action TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    api_message TEXT,
    attempts INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX dead_letters_by_flow ON dead_letters (flow_id, status, created_at);

  CREATE TABLE log_lines (
    run_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    level TEXT NOT NULL,
    kind TEXT NOT NULL,
    node TEXT,
    record_key TEXT,
    message TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  );

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: who started a run (the user or a schedule), what plan an apply run applies, and why a dead letter was
  // discarded.
  `
  ALTER TABLE runs ADD COLUMN trigger TEXT NOT NULL DEFAULT 'manual';
  ALTER TABLE runs ADD COLUMN apply_json TEXT;
  ALTER TABLE dead_letters ADD COLUMN discard_reason TEXT;
  `,
  // 3: what the plan review shows of each record: a label and details to find it by (and their lowercased words
  // for search), flags (possible duplicate, rounding), the money the destination would book (its totals, apart
  // from the per-line amounts only the record's detail needs), an update's whole record, and what the table sorts
  // by: how many fields change, and the gross amount in hundredths (an integer: exact).
  `
  ALTER TABLE plan_items ADD COLUMN label TEXT;
  ALTER TABLE plan_items ADD COLUMN subtitle TEXT;
  ALTER TABLE plan_items ADD COLUMN search_text TEXT;
  ALTER TABLE plan_items ADD COLUMN flags_json TEXT;
  ALTER TABLE plan_items ADD COLUMN money_json TEXT;
  ALTER TABLE plan_items ADD COLUMN line_amounts_json TEXT;
  ALTER TABLE plan_items ADD COLUMN record_json TEXT;
  ALTER TABLE plan_items ADD COLUMN change_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE plan_items ADD COLUMN amount_hundredths INTEGER;
  `,
  // 4: plan items lose their index by status. Each run reads its pending items once per destination (a scan of
  // the run's rows by key serves that), while the index cost every planned record a third b-tree insert and every
  // status change an index update: a sixth of the planner's time at 100,000 records (bench/engine.bench.ts).
  `
  DROP INDEX plan_items_by_status;
  `,
  // 5: records a successful live run planned as invalid, per (flow, source node): the next delta run reads them
  // again by id, although they have not changed, so fixing the flow (a mapping, a value map, a missing customer)
  // is enough for them to be synced.
  `
  CREATE TABLE rereads (
    flow_id TEXT NOT NULL,
    source_node TEXT NOT NULL,
    source_key TEXT NOT NULL,
    PRIMARY KEY (flow_id, source_node, source_key)
  ) WITHOUT ROWID;
  `,
  // 6: the destination record an update was for (its id, and how the destination knew it before the write), so a
  // dead letter shows which record it would have changed: a match on the wrong record is plain to see.
  `
  ALTER TABLE dead_letters ADD COLUMN target_id TEXT;
  ALTER TABLE dead_letters ADD COLUMN target_label TEXT;
  `,
];

/** The schema version this Ledgerflow writes. */
export const STATE_VERSION = stateMigrations.length;

/**
 * Brings a database to STATE_VERSION. A database from a newer Ledgerflow is refused rather than guessed at.
 */
export function migrateState(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > STATE_VERSION)
    throw createError(
      'LF-3011',
      `The state database is from a newer Ledgerflow (schema ${current}, this version knows ${STATE_VERSION})`,
    );
  for (let version = current; version < STATE_VERSION; version++) {
    db.transaction(() => {
      db.exec(stateMigrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
