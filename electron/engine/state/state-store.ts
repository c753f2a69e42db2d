import type { ErrorEnvelope } from '../../../shared/errors/ledgerflow-error';
import type { Flow } from '../../../shared/flow/flow.schema';
import type { EntityName } from '../../../shared/records/entities';

/** Shadow stops after the plan; live executes it. */
export type RunMode = 'shadow' | 'live';
/**
 * `planning` and `executing` are unfinished: a run found in them at start-up is resumed. `awaiting-confirmation`:
 * an apply run found records changed since the reviewed plan and waits (durably) for the user's confirmation.
 */
export type RunStatus =
  'planning' | 'awaiting-confirmation' | 'executing' | 'succeeded' | 'failed' | 'cancelled';
/** A normal run, one that retries dead letters through the current flow, or one that applies a reviewed plan. */
export type RunKind = 'run' | 'retry' | 'apply';
/** Who started a run. */
export type RunTrigger = 'manual' | 'schedule';
/** What the plan decided for one record at one destination. */
export type PlanAction = 'create' | 'update' | 'unchanged' | 'skip' | 'invalid';
/**
 * Where a plan item is in execution: `none` for actions that send nothing; `held` for a write of an apply run that
 * differs from the reviewed plan and waits for the user's confirmation.
 */
export type PlanItemStatus = 'planned' | 'inflight' | 'done' | 'dead' | 'none' | 'held';

/** Flow connection key → connection id (the user's binding of the file's references). */
export type ConnectionBindings = Readonly<Record<string, string>>;

/** Per-action counts of a plan plus execution outcomes. */
export interface RunCounts {
  /** Source records read. */
  read: number;
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
  read: 0,
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

/** What an apply run applies: a reviewed shadow run's plan, minus the records the reviewer left out. */
export interface RunApply {
  /** The shadow run whose plan was reviewed. */
  readonly planOf: string;
  /** Seqs (in the shadow run's plan) of the records left out. */
  readonly exclude: readonly number[];
}

/** Which runs `listRuns` returns, newest first. */
export interface RunListFilter {
  readonly flowId?: string;
  /** At most this many (default 100). */
  readonly limit?: number;
  /** Only runs listed after this one (the next page of a list that ended with it). */
  readonly before?: string;
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
  readonly trigger: RunTrigger;
  readonly apply: RunApply | undefined;
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
  /** How a bookkeeper recognises the record (its number or name) and what else identifies it (plan review). */
  readonly label?: string | undefined;
  readonly subtitle?: string | undefined;
  /** Why the record asks for a second look: a possible duplicate, a rounding difference. */
  readonly flags?: readonly PlanFlag[] | undefined;
  /** The money the destination would book for a create or update. */
  readonly money?: PlanMoney | undefined;
  /** An update's whole record as the destination would hold it (the payload has only the changed fields). */
  readonly record?: Readonly<Record<string, unknown>> | undefined;
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
  /** An update's record in the destination: its id, and its label there before the write. */
  readonly targetId?: string | undefined;
  readonly targetLabel?: string | undefined;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly code: string;
  readonly message: string;
  readonly apiMessage: string | undefined;
  readonly attempts: number;
  readonly status: 'open' | 'retried' | 'discarded';
  readonly discardReason: string | undefined;
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
    readonly letter: Omit<DeadLetter, 'status' | 'discardReason' | 'createdAt' | 'updatedAt'>;
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
  readonly statuses?: readonly PlanItemStatus[];
  /** Words found in the record's label, details, source id, id at the destination or reason (any case). */
  readonly search?: string;
  /** Only records carrying one of these flags. */
  readonly flags?: readonly PlanFlagKind[];
  /** The order of the page (default: plan order). */
  readonly order?: PlanItemOrder;
}

/** What one node did in a run (the canvas shows the last run's). */
export interface NodeCounts {
  readonly node: string;
  /** Records that left the node: read at a source, planned at a destination. */
  readonly out: number;
  readonly create: number;
  readonly update: number;
  readonly unchanged: number;
  readonly skip: number;
  readonly invalid: number;
  readonly written: number;
  readonly dead: number;
}

/**
 * The engine's durable state (ARCHITECTURE §1, §5): runs, plans, log lines, the id map, cursors, dead letters and
 * the outbox journal. One writer (the engine); every multi-row change is one transaction.
 */
export interface StateStore {
  createRun(
    run: Omit<RunRow, 'updatedAt' | 'finishedAt' | 'error' | 'pendingCursors' | 'trigger' | 'apply'> &
      Partial<Pick<RunRow, 'trigger' | 'apply'>>,
  ): void;
  getRun(id: string): RunRow | undefined;
  listRuns(filter?: RunListFilter): RunRow[];
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
  /**
   * Stores a page of plan items (and the run's counts with them); resolves with the last seq once committed.
   * The write may happen on another thread: the caller may plan its next page meanwhile, and calls settle()
   * before reading the plan back.
   */
  appendPlanItems(runId: string, items: readonly NewPlanItem[], progress?: PlanProgress): Promise<number>;
  /** Resolves when every plan item and log line handed to the store so far has been written. */
  settle(): Promise<void>;
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
  /**
   * Source records to read again on the next delta run of a flow (by id): those the last successful live run
   * planned as invalid. A successful live run of the whole flow replaces the list with its own invalid records.
   */
  rereads(flowId: string, sourceNode: string): string[];

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
  setDeadLetterStatus(
    ids: readonly string[],
    status: DeadLetter['status'],
    now: number,
    discardReason?: string,
  ): void;
  /** What each source and destination node did in a run. */
  nodeCounts(runId: string): NodeCounts[];
  /**
   * Changes plan items of an unfinished run in one transaction (an apply run's review): `hold` writes wait for
   * confirmation, `release` lets held ones be written, `leaveOut` turns them into skips with a reason.
   */
  reviewPlanItems(
    runId: string,
    change: {
      readonly hold?: readonly number[];
      readonly release?: readonly number[];
      readonly leaveOut?: ReadonlyArray<{ readonly seq: number; readonly reason: string }>;
    },
    counts: RunCounts,
    now: number,
  ): void;

  /**
   * Stores log lines; resolves once they can be read back (it never rejects: a line that cannot be stored is
   * reported on stderr, and the run goes on).
   */
  appendLog(lines: readonly LogLine[]): Promise<void>;
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
  /**
   * Id-map rows of one destination with the time each was last written or linked, by source key or by target
   * id (a two-way flow asks the opposite direction which of its records it wrote or matched, and when).
   */
  idMapRows(
    flowId: string,
    destNode: string,
    entity: EntityName,
    by: 'source' | 'target',
    keys: readonly string[],
  ): Array<{ readonly sourceKey: string; readonly targetId: string; readonly updatedAt: number }>;
  /** Calls `visit` with every plan item of a run as the plan summary reads it (synchronously, in plan order). */
  visitPlanReview(runId: string, visit: (row: PlanReviewRowData) => void): void;
}

/** The kinds of plan flag. */
export type PlanFlagKind = 'possible-duplicate' | 'rounding';

/** Why a planned record asks for a second look, in a bookkeeper's words. */
export interface PlanFlag {
  readonly kind: PlanFlagKind;
  readonly message: string;
  /** A possible duplicate: the look-alike already at the destination. */
  readonly existingId?: string;
  readonly existingLabel?: string;
  /** A rounding difference: the total as the source states it and as the destination would compute it. */
  readonly sourceTotal?: string;
  readonly destinationTotal?: string;
  /** destination − source. */
  readonly difference?: string;
}

/** Money of one tax code of a record (decimal strings). */
export interface PlanMoneyLine {
  /** Undefined: lines without a tax code (the destination's default applies). */
  readonly taxCode?: string;
  /** Percent; undefined when not known. */
  readonly rate?: string;
  readonly net: string;
  readonly tax: string;
  readonly gross: string;
}

/** The money a destination would book for one record, by its own rounding rules (decimal strings). */
export interface PlanMoney {
  /** ISO 4217; empty when the record names none (the destination's base currency). */
  readonly currency: string;
  readonly net: string;
  readonly tax: string;
  readonly gross: string;
  readonly byTax: readonly PlanMoneyLine[];
  /** Each payload line's amount as the destination would work it out (null for a text row); documents only. */
  readonly lines?: ReadonlyArray<PlanLineAmount | null>;
  /** Some line's tax rate was not known (tax counted as 0 there). */
  readonly isTaxIncomplete?: boolean;
}

/** One document line's amount (decimal strings): net, tax and the rate it was taxed at when known. */
export interface PlanLineAmount {
  readonly net: string;
  readonly tax: string;
  readonly rate?: string;
}

/** The order of a plan page. */
export interface PlanItemOrder {
  readonly by: 'plan' | 'record' | 'action' | 'changes' | 'amount' | 'flags';
  readonly descending?: boolean;
}

/** One plan item as the plan summary reads it. */
export interface PlanReviewRowData {
  readonly destNode: string;
  readonly entity: EntityName;
  readonly action: PlanAction;
  readonly status: PlanItemStatus;
  readonly money: PlanMoney | undefined;
  readonly flagKinds: readonly PlanFlagKind[];
}
