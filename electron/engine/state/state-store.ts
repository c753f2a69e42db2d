import type { ErrorEnvelope } from '../../../shared/errors/ledgerflow-error';
import type { Flow } from '../../../shared/flow/flow.schema';
import type { EntityName } from '../../../shared/records/entities';

/** Shadow stops after the plan; live executes it. */
export type RunMode = 'shadow' | 'live';
/** `planning` and `executing` are unfinished: a run found in them at start-up is resumed. */
export type RunStatus = 'planning' | 'executing' | 'succeeded' | 'failed' | 'cancelled';
/** A normal run, or one that retries dead letters through the current flow. */
export type RunKind = 'run' | 'retry';
/** What the plan decided for one record at one destination. */
export type PlanAction = 'create' | 'update' | 'unchanged' | 'skip' | 'invalid';
/** Where a plan item is in execution: `none` for actions that send nothing. */
export type PlanItemStatus = 'planned' | 'inflight' | 'done' | 'dead' | 'none';

/** Flow connection key → connection id (the user's binding of the file's references). */
export type ConnectionBindings = Readonly<Record<string, string>>;

/** Per-action counts of a plan plus execution outcomes. */
export interface RunCounts {
  create: number;
  update: number;
  unchanged: number;
  skip: number;
  invalid: number;
  /** Operations written successfully. */
  written: number;
  deadLetters: number;
  /** Calls per system (reads, fetches, write batches). */
  apiCalls: Record<string, number>;
}

/** An empty count set. */
export const emptyCounts = (): RunCounts => ({
  create: 0,
  update: 0,
  unchanged: 0,
  skip: 0,
  invalid: 0,
  written: 0,
  deadLetters: 0,
  apiCalls: {},
});

/** Which records a retry run re-reads: source node → source ids, with the dead letters it settles. */
export interface RunScope {
  readonly sources: Readonly<Record<string, readonly string[]>>;
  readonly deadLetterIds: readonly string[];
}

/** One run as stored. */
export interface RunRow {
  readonly id: string;
  readonly flowId: string;
  readonly mode: RunMode;
  readonly kind: RunKind;
  readonly status: RunStatus;
  readonly flow: Flow;
  readonly bindings: ConnectionBindings;
  readonly scope: RunScope | undefined;
  readonly counts: RunCounts;
  readonly pendingCursors: Readonly<Record<string, string>> | undefined;
  readonly error: ErrorEnvelope | undefined;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly finishedAt: number | undefined;
}

/** A field's change in a diff; `before` is undefined for a create. */
export interface FieldChange {
  readonly field: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** One planned record at one destination. */
export interface PlanItem {
  readonly runId: string;
  readonly seq: number;
  readonly destNode: string;
  readonly entity: EntityName;
  readonly sourceNode: string;
  /** The source record's id: the id map's source key. */
  readonly recordKey: string;
  /** Operations on the same order key run in order (the target id when matched, else the record key). */
  readonly orderKey: string;
  readonly action: PlanAction;
  readonly reason: string | undefined;
  readonly targetId: string | undefined;
  readonly diff: readonly FieldChange[] | undefined;
  /** What would be sent (creates: everything; updates: the changed fields). */
  readonly payload: Readonly<Record<string, unknown>> | undefined;
  readonly status: PlanItemStatus;
  readonly batchId: string | undefined;
  readonly resultId: string | undefined;
  readonly error: ErrorEnvelope | undefined;
}

/** The run's counts, stored with a page of plan items. */
export interface PlanProgress {
  readonly counts: RunCounts;
  readonly now: number;
}

/** A plan item before it is stored. */
export type NewPlanItem = Omit<
  PlanItem,
  'runId' | 'seq' | 'status' | 'batchId' | 'resultId' | 'error' | 'diff'
> & {
  /** `'payload'`: every payload field as `after` (a create), stored once with the payload and read back as such. */
  readonly diff: PlanItem['diff'] | 'payload';
};

/** One operation of a journalled batch. */
export interface JournalOp {
  readonly seq: number;
  readonly kind: 'create' | 'update';
  readonly recordKey: string;
  readonly targetId?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A batch's intent, written before it is sent. */
export interface OutboxEntry {
  readonly batchId: string;
  readonly runId: string;
  readonly destNode: string;
  readonly entity: EntityName;
  readonly idempotencyKey: string;
  readonly ops: readonly JournalOp[];
  readonly status: 'pending' | 'done';
}

/** A permanent failure kept with what is needed to retry it. */
export interface DeadLetter {
  readonly id: string;
  readonly runId: string;
  readonly flowId: string;
  readonly destNode: string;
  readonly sourceNode: string;
  readonly entity: EntityName;
  readonly recordKey: string;
  readonly action: 'create' | 'update';
  readonly payload: Readonly<Record<string, unknown>>;
  readonly code: string;
  readonly message: string;
  readonly apiMessage: string | undefined;
  readonly attempts: number;
  readonly status: 'open' | 'retried' | 'discarded';
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One structured line of a run's log. */
export interface LogLine {
  readonly runId: string;
  readonly seq: number;
  readonly at: number;
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly kind: string;
  readonly node: string | undefined;
  readonly recordKey: string | undefined;
  readonly message: string;
}

/** What a batch's result commits, all in one transaction (ARCHITECTURE §5 crash safety). */
export interface BatchOutcome {
  readonly batchId: string;
  readonly flowId: string;
  readonly destNode: string;
  readonly entity: EntityName;
  readonly connectionId: string;
  readonly done: ReadonlyArray<{
    readonly seq: number;
    readonly recordKey: string;
    readonly targetId: string;
  }>;
  readonly dead: ReadonlyArray<{
    readonly seq: number;
    readonly letter: Omit<DeadLetter, 'status' | 'createdAt' | 'updatedAt'>;
  }>;
  /** Ops that go back to `planned` (an operational failure of part of the batch). */
  readonly requeue: readonly number[];
  readonly counts: RunCounts;
}

/** Filters of a plan page. */
export interface PlanItemFilter {
  readonly actions?: readonly PlanAction[];
  readonly destNode?: string;
  readonly recordKey?: string;
}

/**
 * The engine's durable state (ARCHITECTURE §1, §5): runs, plans, log lines, the id map, cursors, dead letters and
 * the outbox journal. One writer (the engine); every multi-row change is one transaction.
 */
export interface StateStore {
  createRun(run: Omit<RunRow, 'updatedAt' | 'finishedAt' | 'error' | 'pendingCursors'>): void;
  getRun(id: string): RunRow | undefined;
  listRuns(filter?: { flowId?: string; limit?: number }): RunRow[];
  unfinishedRuns(): RunRow[];
  updateRun(
    id: string,
    patch: Partial<Pick<RunRow, 'status' | 'counts' | 'pendingCursors' | 'error'>>,
    now: number,
  ): void;
  /** Ends a run; a successful one advances the flow's cursors in the same transaction. */
  finishRun(
    id: string,
    status: 'succeeded' | 'failed' | 'cancelled',
    counts: RunCounts,
    now: number,
    error?: ErrorEnvelope,
  ): void;

  clearPlan(runId: string): void;
  /** Appends a page's plan items (and, with `progress`, the run's counts) in one transaction. */
  appendPlanItems(runId: string, items: readonly NewPlanItem[], progress?: PlanProgress): number;
  planItems(runId: string, filter: PlanItemFilter, offset: number, limit: number): PlanItem[];
  countPlanItems(runId: string, filter: PlanItemFilter): number;
  /** Items to send at a destination, in plan order. */
  pendingItems(runId: string, destNode: string): PlanItem[];
  /** A planned create of this record in this run (a lookup's pending reference). */
  plannedCreate(runId: string, destNode: string, recordKey: string): PlanItem | undefined;

  idMapGet(
    flowId: string,
    destNode: string,
    entity: EntityName,
    sourceKeys: readonly string[],
  ): Map<string, string>;
  /** Target ids of records synced by any destination of this flow into `connectionId`. */
  idMapByConnection(
    flowId: string,
    entity: EntityName,
    connectionId: string,
    sourceKeys: readonly string[],
  ): Map<string, string>;
  idMapAll(flowId: string, destNode: string): Map<string, string>;

  cursor(flowId: string, sourceNode: string): string | undefined;

  /** Journals a batch's intent and marks its items in flight (one transaction). */
  journalBatch(entry: Omit<OutboxEntry, 'status'>, now: number): void;
  pendingBatches(runId: string): OutboxEntry[];
  /** Commits a batch's result: id map, items, dead letters, journal, counts (one transaction). */
  commitBatch(runId: string, outcome: BatchOutcome, now: number): void;

  deadLetters(filter: {
    flowId?: string;
    status?: DeadLetter['status'];
    ids?: readonly string[];
  }): DeadLetter[];
  setDeadLetterStatus(ids: readonly string[], status: DeadLetter['status'], now: number): void;

  appendLog(lines: readonly LogLine[]): void;
  logLines(runId: string, afterSeq: number, limit: number): LogLine[];
  lastLogSeq(runId: string): number;
  /** Links records matched by key (live runs), so the next run finds them through the id map. */
  linkIds(
    flowId: string,
    destNode: string,
    entity: EntityName,
    connectionId: string,
    pairs: ReadonlyArray<readonly [sourceKey: string, targetId: string]>,
    now: number,
  ): void;

  setting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
  /** Deletes finished runs (with plans, logs, journal) and settled dead letters older than the cutoff. */
  pruneBefore(cutoff: number): { runs: number; logLines: number };
  close(): void;
}
