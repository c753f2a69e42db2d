import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EntityName } from '../../../shared/records/entities';
import { Dec, isDecimalString } from '../../../shared/money/decimal-money';
import { PlanWriter } from './plan-writer';
import { migrateState } from './state-migrations';
import type {
  BatchOutcome,
  DeadLetter,
  LogLine,
  NewPlanItem,
  NodeCounts,
  OutboxEntry,
  PlanItem,
  PlanFlag,
  PlanItemFilter,
  PlanItemOrder,
  PlanMoney,
  PlanProgress,
  PlanReviewRowData,
  RunListFilter,
  RunRow,
  StateStore,
} from './state-store';

type Row = Record<string, unknown>;

/** `?, ?, …` for an IN list of n values. */
const marks = (n: number): string => (n > 0 ? '?' + ', ?'.repeat(n - 1) : '');

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const parse = <T>(value: unknown): T | undefined =>
  typeof value === 'string' ? (JSON.parse(value) as T) : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * The state store on SQLite (better-sqlite3): WAL so readers (the runs UI) never block the engine, and
 * `synchronous = FULL` because the outbox journal must survive a power cut, not only a crash, once a batch has
 * been sent: losing the intent could make a resume send it twice. Transactions are few (one per page planned and
 * two per batch), so the fsyncs cost little next to the HTTP calls they guard.
 */
export class SqliteStateStore implements StateStore {
  private readonly db: Database.Database;
  private readonly stmts: ReturnType<SqliteStateStore['prepare']>;
  private readonly statements = new Map<string, Database.Statement>();
  /** The plan and log writer thread (file databases only), started by the first plan; see plan-writer.ts. */
  private writer: PlanWriter | undefined;
  /** Set when the writer thread could not start: its writes then happen on this connection. */
  private writerUnavailable = false;
  /** The last plan item seq per run this store has written (or posted), so appends need not ask the database. */
  private readonly planSeqs = new Map<string, number>();

  constructor(private readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // Planning writes a 100,000-record plan in ~70 MB; checkpointing every 16 MB of WAL rather than SQLite's 4 MB
    // syncs the database a quarter as often (bench/engine.bench.ts: about +10 % plan throughput on disk).
    this.db.pragma('wal_autocheckpoint = 4000');
    migrateState(this.db);
    this.stmts = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      insertRun: db.prepare(
        `INSERT INTO runs (id, flow_id, mode, kind, status, flow_json, bindings_json, scope_json, counts_json,
           trigger, apply_json, started_at, updated_at) VALUES (@id, @flowId, @mode, @kind, @status, @flow,
           @bindings, @scope, @counts, @trigger, @apply, @startedAt, @startedAt)`,
      ),
      getRun: db.prepare('SELECT * FROM runs WHERE id = ?'),
      unfinished: db.prepare(
        `SELECT * FROM runs WHERE status IN ('planning', 'executing') ORDER BY started_at`,
      ),
      insertPlan: db.prepare(WRITER_SQL.plan),
      clearRereads: db.prepare('DELETE FROM rereads WHERE flow_id = ?'),
      insertRereads: db.prepare(
        `INSERT OR IGNORE INTO rereads (flow_id, source_node, source_key)
         SELECT ?, source_node, record_key FROM plan_items WHERE run_id = ? AND action = 'invalid'`,
      ),
      rereads: db.prepare(
        'SELECT source_key FROM rereads WHERE flow_id = ? AND source_node = ? ORDER BY source_key',
      ),
      maxSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM plan_items WHERE run_id = ?'),
      pending: db.prepare(
        `SELECT * FROM plan_items WHERE run_id = ? AND dest_node = ? AND status IN ('planned', 'inflight')
         ORDER BY seq`,
      ),
      plannedCreate: db.prepare(
        `SELECT * FROM plan_items WHERE run_id = ? AND dest_node = ? AND record_key = ? AND action = 'create'
         ORDER BY seq DESC LIMIT 1`,
      ),
      idMapUpsert: db.prepare(
        `INSERT INTO id_map (flow_id, dest_node, entity, source_key, target_id, connection_id, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (flow_id, dest_node, entity, source_key)
         DO UPDATE SET target_id = excluded.target_id, connection_id = excluded.connection_id,
           updated_at = excluded.updated_at`,
      ),
      idMapAll: db.prepare('SELECT source_key, target_id FROM id_map WHERE flow_id = ? AND dest_node = ?'),
      cursor: db.prepare('SELECT cursor FROM cursors WHERE flow_id = ? AND source_node = ?'),
      setCursor: db.prepare(
        `INSERT INTO cursors (flow_id, source_node, cursor, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (flow_id, source_node) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
      ),
      insertOutbox: db.prepare(
        `INSERT INTO outbox (batch_id, run_id, dest_node, entity, idempotency_key, ops_json, status, created_at,
           updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      ),
      markInflight: db.prepare(
        `UPDATE plan_items SET status = 'inflight', batch_id = ? WHERE run_id = ? AND seq = ?`,
      ),
      pendingOutbox: db.prepare(
        `SELECT * FROM outbox WHERE run_id = ? AND status = 'pending' ORDER BY created_at, batch_id`,
      ),
      outboxDone: db.prepare(`UPDATE outbox SET status = 'done', updated_at = ? WHERE batch_id = ?`),
      itemDone: db.prepare(
        `UPDATE plan_items SET status = 'done', result_id = ?, error_json = NULL WHERE run_id = ? AND seq = ?`,
      ),
      itemDead: db.prepare(
        `UPDATE plan_items SET status = 'dead', error_json = ? WHERE run_id = ? AND seq = ?`,
      ),
      itemRequeue: db.prepare(
        `UPDATE plan_items SET status = 'planned', batch_id = NULL WHERE run_id = ? AND seq = ?`,
      ),
      insertDead: db.prepare(
        `INSERT INTO dead_letters (id, run_id, flow_id, dest_node, source_node, entity, record_key, action,
           target_id, target_label, payload_json, code, message, api_message, attempts, status, created_at,
           updated_at)
         VALUES (@id, @runId, @flowId, @destNode, @sourceNode, @entity, @recordKey, @action, @targetId,
           @targetLabel, @payload, @code, @message, @apiMessage, @attempts, 'open', @now, @now)`,
      ),
      setCounts: db.prepare(WRITER_SQL.counts),
      syncNormal: db.prepare('PRAGMA synchronous = NORMAL'),
      syncFull: db.prepare('PRAGMA synchronous = FULL'),
      insertLog: db.prepare(WRITER_SQL.log),
      logLines: db.prepare('SELECT * FROM log_lines WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
  }

  createRun(
    run: Omit<RunRow, 'updatedAt' | 'finishedAt' | 'error' | 'pendingCursors' | 'trigger' | 'apply'> &
      Partial<Pick<RunRow, 'trigger' | 'apply'>>,
  ): void {
    this.stmts.insertRun.run({
      id: run.id,
      flowId: run.flowId,
      mode: run.mode,
      kind: run.kind,
      status: run.status,
      flow: JSON.stringify(run.flow),
      bindings: JSON.stringify(run.bindings),
      scope: json(run.scope),
      counts: JSON.stringify(run.counts),
      trigger: run.trigger ?? 'manual',
      apply: json(run.apply),
      startedAt: run.startedAt,
    });
  }

  getRun(id: string): RunRow | undefined {
    const row = this.stmts.getRun.get(id) as Row | undefined;
    return row && toRun(row);
  }

  listRuns(filter: RunListFilter = {}): RunRow[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.flowId) {
      where.push('flow_id = ?');
      values.push(filter.flowId);
    }
    if (filter.before) {
      // Keyset paging in the list's order (newest first, then by id); a run that is gone was pruned with
      // everything older.
      const anchor = this.stmts.getRun.get(filter.before) as Row | undefined;
      if (!anchor) return [];
      where.push('(started_at < ? OR (started_at = ? AND id > ?))');
      values.push(Number(anchor.started_at), Number(anchor.started_at), filter.before);
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id LIMIT ?`,
      )
      .all(...values, filter.limit ?? 100);
    return (rows as Row[]).map(toRun);
  }

  unfinishedRuns(): RunRow[] {
    return (this.stmts.unfinished.all() as Row[]).map(toRun);
  }

  updateRun(
    id: string,
    patch: Partial<Pick<RunRow, 'status' | 'counts' | 'pendingCursors' | 'error'>>,
    now: number,
  ): void {
    const sets: string[] = ['updated_at = @now'];
    const values: Record<string, unknown> = { id, now };
    if (patch.status) {
      sets.push('status = @status');
      values.status = patch.status;
    }
    if (patch.counts) {
      sets.push('counts_json = @counts');
      values.counts = JSON.stringify(patch.counts);
    }
    if ('pendingCursors' in patch) {
      sets.push('pending_cursors_json = @cursors');
      values.cursors = json(patch.pendingCursors);
    }
    if ('error' in patch) {
      sets.push('error_json = @error');
      values.error = json(patch.error);
    }
    this.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = @id`).run(values);
  }

  finishRun(
    id: string,
    status: 'succeeded' | 'failed' | 'cancelled',
    counts: RunRow['counts'],
    now: number,
    error?: RunRow['error'],
  ): void {
    this.immediately(() => {
      const run = this.getRun(id);
      if (!run) return;
      // Cursors move only when every planned record has been dealt with (written or dead-lettered), so a
      // failed or cancelled run reads the same changes again next time.
      if (status === 'succeeded' && run.pendingCursors) {
        for (const [node, cursor] of Object.entries(run.pendingCursors))
          this.stmts.setCursor.run(run.flowId, node, cursor, now);
        // A run of the whole flow read every source and every record listed to read again: what it found
        // invalid is the new list. (A dead-letter retry reads only its records and leaves the list alone.)
        if (!run.scope) {
          this.stmts.clearRereads.run(run.flowId);
          this.stmts.insertRereads.run(run.flowId, id);
        }
      }
      this.db
        .prepare(
          `UPDATE runs SET status = ?, counts_json = ?, error_json = ?, updated_at = ?, finished_at = ? WHERE id = ?`,
        )
        .run(status, JSON.stringify(counts), json(error), now, now, id);
    });
  }

  clearPlan(runId: string): void {
    // Called before a run plans (again); the run's earlier writes have settled (FlowRun waits for them).
    this.planSeqs.delete(runId);
    this.db.prepare('DELETE FROM plan_items WHERE run_id = ?').run(runId);
  }

  appendPlanItems(runId: string, items: readonly NewPlanItem[], progress?: PlanProgress): Promise<number> {
    // Planning is redone from scratch after a crash (docs/engine.md), so its writes need no power-cut durability:
    // they commit without an fsync, and the next FULL commit (a journalled batch, the run leaving `planning`)
    // makes them durable with everything before it, as the WAL is synced in order.
    let seq = this.planSeqs.get(runId) ?? (this.stmts.maxSeq.get(runId) as { seq: number }).seq;
    const rows = items.map((item) => planRow(runId, ++seq, item));
    this.planSeqs.set(runId, seq);
    const batches: WriterBatch[] = [{ statement: 'plan', rows }];
    if (progress)
      batches.push({ statement: 'counts', rows: [[JSON.stringify(progress.counts), progress.now, runId]] });
    return this.write(batches).then(() => seq);
  }

  settle(): Promise<void> {
    return this.writer?.settle() ?? Promise.resolve();
  }

  /** Writes through the writer thread where there is one, else (or when it cannot start) on this connection. */
  private async write(batches: WriterBatch[]): Promise<void> {
    const writer = this.startWriter();
    if (!writer) return this.writeHere(batches);
    try {
      await writer.write(batches);
    } catch (error) {
      if (writer.hasWritten) throw error;
      // The thread never wrote anything (it could not open the database or load SQLite): write here instead.
      this.writerUnavailable = true;
      this.writer = undefined;
      void writer.close().catch(() => undefined);
      this.writeHere(batches);
    }
  }

  private startWriter(): PlanWriter | undefined {
    if (this.writer || this.writerUnavailable || this.file === ':memory:' || !this.db.open)
      return this.writer;
    try {
      this.writer = new PlanWriter(this.file, WRITER_SQL);
    } catch {
      this.writerUnavailable = true;
    }
    return this.writer;
  }

  private writeHere(batches: readonly WriterBatch[]): void {
    const statements = {
      plan: this.stmts.insertPlan,
      counts: this.stmts.setCounts,
      log: this.stmts.insertLog,
    };
    this.relaxed(() =>
      this.immediately(() => {
        for (const { statement, rows } of batches) for (const row of rows) statements[statement].run(row);
      }),
    );
  }

  /**
   * Runs `fn` in one transaction that takes the write lock at BEGIN (`BEGIN IMMEDIATE`). Every transaction on this
   * connection goes through here: one that began deferred and had to upgrade its lock after the writer thread
   * committed would fail at once with SQLITE_BUSY (its snapshot is stale) instead of waiting for the lock.
   */
  private immediately<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Runs `fn` with `synchronous = NORMAL` (no fsync per commit), for writes a crash lets the engine redo. */
  private relaxed<T>(fn: () => T): T {
    this.stmts.syncNormal.run();
    try {
      return fn();
    } finally {
      this.stmts.syncFull.run();
    }
  }

  private planWhere(runId: string, filter: PlanItemFilter): { where: string; values: unknown[] } {
    const clauses = ['run_id = ?'];
    const values: unknown[] = [runId];
    if (filter.actions?.length) {
      clauses.push(`action IN (${filter.actions.map(() => '?').join(', ')})`);
      values.push(...filter.actions);
    }
    if (filter.destNode) {
      clauses.push('dest_node = ?');
      values.push(filter.destNode);
    }
    if (filter.recordKey) {
      clauses.push('record_key = ?');
      values.push(filter.recordKey);
    }
    if (filter.statuses?.length) {
      clauses.push(`status IN (${marks(filter.statuses.length)})`);
      values.push(...filter.statuses);
    }
    for (const word of filter.search?.toLowerCase().split(/\s+/).filter(Boolean) ?? []) {
      clauses.push(`instr(${SEARCH_TEXT}, ?) > 0`);
      values.push(word);
    }
    if (filter.flags?.length) {
      clauses.push(`(${filter.flags.map(() => 'instr(flags_json, ?) > 0').join(' OR ')})`);
      values.push(...filter.flags.map((f) => `"kind":"${f}"`));
    }
    return { where: clauses.join(' AND '), values };
  }

  planItems(runId: string, filter: PlanItemFilter, offset: number, limit: number): PlanItem[] {
    const { where, values } = this.planWhere(runId, filter);
    if (filter.order && filter.order.by !== 'plan') {
      // Another order than the primary key's: sort only the seqs (a 100,000-row sort of whole rows takes a
      // second), then read the page's rows by key.
      const seqs = (
        this.db
          .prepare(
            `SELECT seq FROM plan_items WHERE ${where} ORDER BY ${planOrder(filter.order)} LIMIT ? OFFSET ?`,
          )
          .all(...values, limit, offset) as Row[]
      ).map((r) => Number(r.seq));
      if (seqs.length === 0) return [];
      const rows = this.db
        .prepare(`SELECT * FROM plan_items WHERE run_id = ? AND seq IN (${marks(seqs.length)})`)
        .all(runId, ...seqs) as Row[];
      const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
      return seqs.map((seq) => toPlanItem(bySeq.get(seq)!));
    }
    const rows = this.db
      .prepare(`SELECT * FROM plan_items WHERE ${where} ORDER BY ${planOrder(filter.order)} LIMIT ? OFFSET ?`)
      .all(...values, limit, offset) as Row[];
    return rows.map(toPlanItem);
  }

  countPlanItems(runId: string, filter: PlanItemFilter): number {
    const { where, values } = this.planWhere(runId, filter);
    return (
      this.db.prepare(`SELECT COUNT(*) AS n FROM plan_items WHERE ${where}`).get(...values) as { n: number }
    ).n;
  }

  pendingItems(runId: string, destNode: string): PlanItem[] {
    return (this.stmts.pending.all(runId, destNode) as Row[]).map(toPlanItem);
  }

  plannedCreate(runId: string, destNode: string, recordKey: string): PlanItem | undefined {
    const row = this.stmts.plannedCreate.get(runId, destNode, recordKey) as Row | undefined;
    return row && toPlanItem(row);
  }

  idMapGet(
    flowId: string,
    destNode: string,
    entity: EntityName,
    sourceKeys: readonly string[],
  ): Map<string, string> {
    return this.inChunks(
      sourceKeys,
      (marks) =>
        `SELECT source_key, target_id FROM id_map WHERE flow_id = ? AND dest_node = ? AND entity = ?
         AND source_key IN (${marks})`,
      [flowId, destNode, entity],
    );
  }

  idMapByConnection(
    flowId: string,
    entity: EntityName,
    connectionId: string,
    sourceKeys: readonly string[],
  ): Map<string, string> {
    return this.inChunks(
      sourceKeys,
      (marks) =>
        `SELECT source_key, target_id FROM id_map WHERE flow_id = ? AND entity = ? AND connection_id = ?
         AND source_key IN (${marks})`,
      [flowId, entity, connectionId],
    );
  }

  private inChunks(
    keys: readonly string[],
    sql: (marks: string) => string,
    head: unknown[],
  ): Map<string, string> {
    const out = new Map<string, string>();
    for (let i = 0; i < keys.length; i += 500) {
      const part = keys.slice(i, i + 500);
      const rows = this.cached(sql(marks(part.length))).all(...head, ...part) as Row[];
      for (const r of rows) out.set(String(r.source_key), String(r.target_id));
    }
    return out;
  }

  /** A prepared statement for SQL built at run time (IN lists of a page's keys), reused across pages. */
  private cached(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= 100) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  idMapAll(flowId: string, destNode: string): Map<string, string> {
    const rows = this.stmts.idMapAll.all(flowId, destNode) as Row[];
    return new Map(rows.map((r) => [String(r.source_key), String(r.target_id)]));
  }

  cursor(flowId: string, sourceNode: string): string | undefined {
    return str((this.stmts.cursor.get(flowId, sourceNode) as Row | undefined)?.cursor);
  }

  rereads(flowId: string, sourceNode: string): string[] {
    return (this.stmts.rereads.all(flowId, sourceNode) as Row[]).map((r) => String(r.source_key));
  }

  journalBatch(entry: Omit<OutboxEntry, 'status'>, now: number): void {
    this.immediately(() => {
      this.stmts.insertOutbox.run(
        entry.batchId,
        entry.runId,
        entry.destNode,
        entry.entity,
        entry.idempotencyKey,
        JSON.stringify(entry.ops),
        now,
        now,
      );
      for (const op of entry.ops) this.stmts.markInflight.run(entry.batchId, entry.runId, op.seq);
    });
  }

  pendingBatches(runId: string): OutboxEntry[] {
    return (this.stmts.pendingOutbox.all(runId) as Row[]).map((r) => ({
      batchId: String(r.batch_id),
      runId: String(r.run_id),
      destNode: String(r.dest_node),
      entity: String(r.entity) as EntityName,
      idempotencyKey: String(r.idempotency_key),
      ops: JSON.parse(String(r.ops_json)) as OutboxEntry['ops'],
      status: 'pending',
    }));
  }

  commitBatch(runId: string, outcome: BatchOutcome, now: number): void {
    this.immediately(() => {
      for (const d of outcome.done) {
        this.stmts.idMapUpsert.run(
          outcome.flowId,
          outcome.destNode,
          outcome.entity,
          d.recordKey,
          d.targetId,
          outcome.connectionId,
          now,
        );
        this.stmts.itemDone.run(d.targetId, runId, d.seq);
      }
      for (const { seq, letter } of outcome.dead) {
        this.stmts.insertDead.run({
          ...letter,
          payload: JSON.stringify(letter.payload),
          apiMessage: letter.apiMessage ?? null,
          targetId: letter.targetId ?? null,
          targetLabel: letter.targetLabel ?? null,
          now,
        });
        this.stmts.itemDead.run(JSON.stringify({ code: letter.code, message: letter.message }), runId, seq);
      }
      for (const seq of outcome.requeue) this.stmts.itemRequeue.run(runId, seq);
      this.stmts.outboxDone.run(now, outcome.batchId);
      this.stmts.setCounts.run(JSON.stringify(outcome.counts), now, runId);
    });
  }

  deadLetters(filter: {
    flowId?: string;
    status?: DeadLetter['status'];
    ids?: readonly string[];
  }): DeadLetter[] {
    const clauses: string[] = [];
    const values: unknown[] = [];
    if (filter.flowId) {
      clauses.push('flow_id = ?');
      values.push(filter.flowId);
    }
    if (filter.status) {
      clauses.push('status = ?');
      values.push(filter.status);
    }
    if (filter.ids) {
      if (filter.ids.length === 0) return [];
      clauses.push(`id IN (${filter.ids.map(() => '?').join(', ')})`);
      values.push(...filter.ids);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM dead_letters ${where} ORDER BY created_at, id LIMIT 10000`)
      .all(...values) as Row[];
    return rows.map(toDeadLetter);
  }

  setDeadLetterStatus(
    ids: readonly string[],
    status: DeadLetter['status'],
    now: number,
    discardReason?: string,
  ): void {
    const stmt = this.db.prepare(
      'UPDATE dead_letters SET status = ?, updated_at = ?, discard_reason = ? WHERE id = ?',
    );
    this.immediately(() => {
      for (const id of ids) stmt.run(status, now, discardReason ?? null, id);
    });
  }

  nodeCounts(runId: string): NodeCounts[] {
    const out = new Map<string, { -readonly [K in keyof NodeCounts]: NodeCounts[K] }>();
    const entry = (node: string) => {
      let e = out.get(node);
      if (!e)
        out.set(
          node,
          (e = {
            node,
            out: 0,
            create: 0,
            update: 0,
            unchanged: 0,
            skip: 0,
            invalid: 0,
            written: 0,
            dead: 0,
          }),
        );
      return e;
    };
    const byDest = this.db
      .prepare(
        `SELECT dest_node, action, status, COUNT(*) AS n FROM plan_items WHERE run_id = ?
         GROUP BY dest_node, action, status`,
      )
      .all(runId) as Row[];
    for (const r of byDest) {
      const e = entry(String(r.dest_node));
      const n = Number(r.n);
      e.out += n;
      e[String(r.action) as PlanItem['action']] += n;
      if (r.status === 'done') e.written += n;
      if (r.status === 'dead') e.dead += n;
    }
    const bySource = this.db
      .prepare(
        `SELECT source_node, COUNT(DISTINCT record_key) AS n FROM plan_items WHERE run_id = ? GROUP BY source_node`,
      )
      .all(runId) as Row[];
    for (const r of bySource) entry(String(r.source_node)).out = Number(r.n);
    return [...out.values()];
  }

  reviewPlanItems(
    runId: string,
    change: {
      readonly hold?: readonly number[];
      readonly release?: readonly number[];
      readonly leaveOut?: ReadonlyArray<{ readonly seq: number; readonly reason: string }>;
    },
    counts: RunRow['counts'],
    now: number,
  ): void {
    const setStatus = this.db.prepare(
      `UPDATE plan_items SET status = ? WHERE run_id = ? AND seq = ? AND status IN ('planned', 'held')`,
    );
    const leaveOut = this.db.prepare(
      `UPDATE plan_items SET action = 'skip', status = 'none', reason = ? WHERE run_id = ? AND seq = ?
       AND status IN ('planned', 'held')`,
    );
    this.immediately(() => {
      for (const seq of change.hold ?? []) setStatus.run('held', runId, seq);
      for (const seq of change.release ?? []) setStatus.run('planned', runId, seq);
      for (const { seq, reason } of change.leaveOut ?? []) leaveOut.run(reason, runId, seq);
      this.stmts.setCounts.run(JSON.stringify(counts), now, runId);
    });
  }

  appendLog(lines: readonly LogLine[]): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    // Log lines are no part of the journal protocol: they commit without an fsync (see appendPlanItems), and go
    // through the writer thread when there is one, so that they never wait for a plan page's transaction.
    const rows = lines.map((l) => [
      l.runId,
      l.seq,
      l.at,
      l.level,
      l.kind,
      l.node ?? null,
      l.recordKey ?? null,
      l.message,
    ]);
    const stored = this.writer ? this.write([{ statement: 'log', rows }]) : this.writeHereAsync('log', rows);
    return stored.catch((error: unknown) =>
      console.error(`Ledgerflow: could not store ${rows.length} log line(s): ${String(error)}`),
    );
  }

  private async writeHereAsync(statement: WriterBatch['statement'], rows: unknown[][]): Promise<void> {
    this.writeHere([{ statement, rows }]);
  }

  logLines(runId: string, afterSeq: number, limit: number): LogLine[] {
    return (this.stmts.logLines.all(runId, afterSeq, limit) as Row[]).map((r) => ({
      runId: String(r.run_id),
      seq: Number(r.seq),
      at: Number(r.at),
      level: String(r.level) as LogLine['level'],
      kind: String(r.kind),
      node: str(r.node),
      recordKey: str(r.record_key),
      message: String(r.message),
    }));
  }

  lastLogSeq(runId: string): number {
    const row = this.db
      .prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM log_lines WHERE run_id = ?')
      .get(runId);
    return (row as { seq: number }).seq;
  }

  linkIds(
    flowId: string,
    destNode: string,
    entity: EntityName,
    connectionId: string,
    pairs: ReadonlyArray<readonly [sourceKey: string, targetId: string]>,
    now: number,
  ): void {
    this.immediately(() => {
      for (const [sourceKey, targetId] of pairs)
        this.stmts.idMapUpsert.run(flowId, destNode, entity, sourceKey, targetId, connectionId, now);
    });
  }

  setting(key: string): string | undefined {
    return str((this.stmts.getSetting.get(key) as Row | undefined)?.value);
  }

  setSetting(key: string, value: string): void {
    this.stmts.setSetting.run(key, value);
  }

  pruneBefore(cutoff: number): { runs: number; logLines: number } {
    return this.immediately(() => {
      const old = `SELECT id FROM runs WHERE finished_at IS NOT NULL AND finished_at < ?`;
      const logLines = this.db.prepare(`DELETE FROM log_lines WHERE run_id IN (${old})`).run(cutoff).changes;
      this.db.prepare(`DELETE FROM plan_items WHERE run_id IN (${old})`).run(cutoff);
      this.db.prepare(`DELETE FROM outbox WHERE run_id IN (${old})`).run(cutoff);
      this.db.prepare(`DELETE FROM dead_letters WHERE status != 'open' AND updated_at < ?`).run(cutoff);
      const runs = this.db.prepare(`DELETE FROM runs WHERE id IN (${old})`).run(cutoff).changes;
      return { runs, logLines };
    });
  }

  close(): void {
    // Callers settle() first (Engine.close does); anything still posted is redone work (plan, log lines).
    void this.writer?.close().catch(() => undefined);
    this.writer = undefined;
    if (this.db.open) this.db.close();
  }

  idMapRows(
    flowId: string,
    destNode: string,
    entity: EntityName,
    by: 'source' | 'target',
    keys: readonly string[],
  ): Array<{ readonly sourceKey: string; readonly targetId: string; readonly updatedAt: number }> {
    const out: Array<{ sourceKey: string; targetId: string; updatedAt: number }> = [];
    const column = by === 'source' ? 'source_key' : 'target_id';
    for (let i = 0; i < keys.length; i += 500) {
      const part = keys.slice(i, i + 500);
      const sql = `SELECT source_key, target_id, updated_at FROM id_map WHERE flow_id = ? AND dest_node = ?
         AND entity = ? AND ${column} IN (${marks(part.length)})`;
      for (const r of this.cached(sql).all(flowId, destNode, entity, ...part) as Row[])
        out.push({
          sourceKey: String(r.source_key),
          targetId: String(r.target_id),
          updatedAt: Number(r.updated_at),
        });
    }
    return out;
  }

  visitPlanReview(runId: string, visit: (row: PlanReviewRowData) => void): void {
    const rows = this.db
      .prepare(
        `SELECT dest_node, entity, action, status, money_json, flags_json FROM plan_items WHERE run_id = ?
         ORDER BY seq`,
      )
      .iterate(runId) as IterableIterator<Row>;
    for (const r of rows) {
      const flags = parse<PlanFlag[]>(r.flags_json);
      visit({
        destNode: String(r.dest_node),
        entity: String(r.entity) as EntityName,
        action: String(r.action) as PlanItem['action'],
        status: String(r.status) as PlanItem['status'],
        money: parse<PlanMoney>(r.money_json),
        flagKinds: flags ? flags.map((f) => f.kind) : [],
      });
    }
  }
}

const withRead = (counts: RunRow['counts']): RunRow['counts'] => ({ ...counts, read: counts.read ?? 0 });

function toRun(r: Row): RunRow {
  return {
    id: String(r.id),
    flowId: String(r.flow_id),
    mode: String(r.mode) as RunRow['mode'],
    kind: String(r.kind) as RunRow['kind'],
    status: String(r.status) as RunRow['status'],
    flow: JSON.parse(String(r.flow_json)) as RunRow['flow'],
    bindings: JSON.parse(String(r.bindings_json)) as RunRow['bindings'],
    scope: parse(r.scope_json),
    trigger: r.trigger === 'schedule' ? 'schedule' : 'manual',
    apply: parse(r.apply_json),
    // Runs stored before `read` was counted show 0.
    counts: withRead(JSON.parse(String(r.counts_json)) as RunRow['counts']),
    pendingCursors: parse(r.pending_cursors_json),
    error: parse(r.error_json),
    startedAt: Number(r.started_at),
    updatedAt: Number(r.updated_at),
    finishedAt: num(r.finished_at),
  };
}

/**
 * A create's diff is every payload field as `after`; it is stored as this marker (a JSON string, never a diff)
 * instead of a second copy of the payload, and rebuilt from the payload when read.
 */
const PAYLOAD_DIFF = '"=payload"';

function isPayloadDiff(item: NewPlanItem): boolean {
  const { diff, payload } = item;
  if (item.action !== 'create' || !Array.isArray(diff) || !payload) return false;
  let i = 0;
  for (const field in payload) {
    if (!Object.hasOwn(payload, field)) return false;
    const change = diff[i++];
    const after = payload[field];
    if (
      !change ||
      change.field !== field ||
      change.after !== after ||
      after === undefined ||
      'before' in change
    )
      return false;
  }
  return i === diff.length;
}

function payloadDiff(payload: Readonly<Record<string, unknown>> | undefined): PlanItem['diff'] {
  return payload && Object.entries(payload).map(([field, after]) => ({ field, after }));
}

function toPlanItem(r: Row): PlanItem {
  return {
    runId: String(r.run_id),
    seq: Number(r.seq),
    destNode: String(r.dest_node),
    entity: String(r.entity) as EntityName,
    sourceNode: String(r.source_node),
    recordKey: String(r.record_key),
    orderKey: String(r.order_key),
    action: String(r.action) as PlanItem['action'],
    reason: str(r.reason),
    targetId: str(r.target_id),
    diff: r.diff_json === PAYLOAD_DIFF ? payloadDiff(parse(r.payload_json)) : parse(r.diff_json),
    payload: parse(r.payload_json),
    status: String(r.status) as PlanItem['status'],
    batchId: str(r.batch_id),
    resultId: str(r.result_id),
    error: parse(r.error_json),
    ...(typeof r.label === 'string' ? { label: r.label } : {}),
    ...(typeof r.subtitle === 'string' ? { subtitle: r.subtitle } : {}),
    ...(typeof r.flags_json === 'string' ? { flags: parse<PlanFlag[]>(r.flags_json) } : {}),
    ...(typeof r.money_json === 'string' ? { money: moneyOf(r) } : {}),
    ...(typeof r.record_json === 'string' ? { record: parse<Record<string, unknown>>(r.record_json) } : {}),
  };
}

function toDeadLetter(r: Row): DeadLetter {
  return {
    id: String(r.id),
    runId: String(r.run_id),
    flowId: String(r.flow_id),
    destNode: String(r.dest_node),
    sourceNode: String(r.source_node),
    entity: String(r.entity) as EntityName,
    recordKey: String(r.record_key),
    action: String(r.action) as DeadLetter['action'],
    targetId: str(r.target_id),
    targetLabel: str(r.target_label),
    payload: JSON.parse(String(r.payload_json)) as DeadLetter['payload'],
    code: String(r.code),
    message: String(r.message),
    apiMessage: str(r.api_message),
    attempts: Number(r.attempts),
    status: String(r.status) as DeadLetter['status'],
    discardReason: str(r.discard_reason),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** Statements the writer thread runs (plan-writer.ts), by name; this connection prepares the same texts. */
const WRITER_SQL = {
  plan: `INSERT INTO plan_items (run_id, seq, dest_node, entity, source_node, record_key, order_key, action, reason,
      target_id, diff_json, payload_json, status, label, subtitle, search_text, flags_json, money_json,
      line_amounts_json, record_json, change_count, amount_hundredths)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  counts: 'UPDATE runs SET counts_json = ?, updated_at = ? WHERE id = ?',
  log: `INSERT OR REPLACE INTO log_lines (run_id, seq, at, level, kind, node, record_key, message)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
} as const;

interface WriterBatch {
  readonly statement: keyof typeof WRITER_SQL;
  readonly rows: readonly unknown[][];
}

/**
 * What planWhere searches a plan item's words in: its label, details, record key, target id and reason, joined by
 * spaces and lowercased (by the Unicode default, no locale, as the words searched for are). SQLite's lower()
 * folds ASCII only, so `search_text` holds the lowercased words only for the rows where that is not enough (an
 * upper-case letter beyond ASCII, such as Å, Ä, Ö); the other rows are lowercased by SQL when searched. At 100,000
 * records that is about 7 MB less to write while planning.
 */
const SEARCH_TEXT = `COALESCE(search_text, lower(concat_ws(' ', NULLIF(label, ''), NULLIF(subtitle, ''),
  NULLIF(record_key, ''), NULLIF(target_id, ''), NULLIF(reason, ''))))`;

/**
 * The search_text of a plan item: its words joined and lowercased where SQL's lower() would not fold them the same
 * (see SEARCH_TEXT), else null.
 */
function ownSearchText(words: ReadonlyArray<string | undefined>): string | null {
  if (!words.some((w) => w && foldsBeyondAscii(w))) return null;
  return words
    .filter((w): w is string => !!w)
    .join(' ')
    .toLowerCase();
}

/** Whether lowercasing changes a character of `text` beyond ASCII (Å → å), which SQLite's lower() would not. */
function foldsBeyondAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u007f]/.test(text)) return false;
  // eslint-disable-next-line no-control-regex
  const beyond = text.replace(/[\u0000-\u007f]+/g, '');
  return beyond.toLowerCase() !== beyond;
}

/**
 * The insertPlan parameters of a new plan item, in one array (bound as is: this runs for every planned record):
 * the item, then the plan review's columns: label, details, search words, flags, money, record, changes, amount.
 */
function planRow(runId: string, seq: number, item: NewPlanItem): unknown[] {
  const { diff, money } = item;
  // Fields an update changes (or a skip left different); a create writes every field and changes none.
  const changes = Array.isArray(diff) && item.action !== 'create' ? diff.length : 0;
  let totals: string | null = null;
  let lines: string | null = null;
  if (money) {
    const { lines: lineAmounts, ...rest } = money;
    totals = JSON.stringify(rest);
    if (lineAmounts) lines = JSON.stringify(lineAmounts);
  }
  return [
    runId,
    seq,
    item.destNode,
    item.entity,
    item.sourceNode,
    item.recordKey,
    item.orderKey,
    item.action,
    item.reason ?? null,
    item.targetId ?? null,
    diff === undefined
      ? null
      : diff === 'payload' || isPayloadDiff(item)
        ? PAYLOAD_DIFF
        : JSON.stringify(diff),
    item.payload === undefined ? null : JSON.stringify(item.payload),
    item.action === 'create' || item.action === 'update' ? 'planned' : 'none',
    item.label ?? null,
    item.subtitle ?? null,
    ownSearchText([item.label, item.subtitle, item.recordKey, item.targetId, item.reason]),
    item.flags?.length ? JSON.stringify(item.flags) : null,
    totals,
    lines,
    item.record ? JSON.stringify(item.record) : null,
    changes,
    money && isDecimalString(money.gross)
      ? new Dec(money.gross).times(100).toDecimalPlaces(0).toNumber()
      : null,
  ];
}

/** A stored item's money: its totals, with the per-line amounts put back. */
function moneyOf(r: Row): PlanMoney {
  const totals = JSON.parse(String(r.money_json)) as PlanMoney;
  return typeof r.line_amounts_json === 'string'
    ? { ...totals, lines: JSON.parse(r.line_amounts_json) as PlanMoney['lines'] }
    : totals;
}

/** ORDER BY of a plan page; plan order breaks ties. */
function planOrder(order: PlanItemOrder | undefined): string {
  const dir = order?.descending ? 'DESC' : 'ASC';
  switch (order?.by ?? 'plan') {
    case 'plan':
      return `seq ${dir}`;
    case 'record':
      return `COALESCE(label, record_key) COLLATE NOCASE ${dir}, seq`;
    case 'action':
      return `CASE action WHEN 'create' THEN 0 WHEN 'update' THEN 1 WHEN 'invalid' THEN 2 WHEN 'skip' THEN 3
        ELSE 4 END ${dir}, seq`;
    case 'changes':
      return `change_count ${dir}, seq`;
    case 'amount':
      return `amount_hundredths ${dir} NULLS LAST, seq`;
    case 'flags':
      return `json_array_length(COALESCE(flags_json, '[]')) ${dir}, seq`;
  }
}
