import { randomUUID } from 'node:crypto';
import { createError, LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { EntityName } from '../../../shared/records/entities';
import type { WriteOp, WriteResult } from '../../connectors/kit/connector';
import type { ConnectionGateway } from '../connection-gateway';
import type { DestinationStage } from '../graph/flow-compiler';
import { isPendingRef } from '../nodes/lookup-node';
import { targetLabelOf } from '../plan/plan-review';
import { orderedBatches } from '../runtime/ordered-batches';
import type {
  BatchOutcome,
  JournalOp,
  OutboxEntry,
  PlanItem,
  RunCounts,
  StateStore,
} from '../state/state-store';

/** What the executor needs from its run. */
export interface ExecutorContext {
  readonly store: StateStore;
  readonly runId: string;
  readonly flowId: string;
  readonly counts: RunCounts;
  readonly now: () => number;
  readonly signal: AbortSignal;
  /** The entity each destination node writes (to resolve pending references). */
  readonly entityOf: (destNode: string) => EntityName;
  readonly log: (
    level: 'debug' | 'info' | 'warn' | 'error',
    kind: string,
    message: string,
    node?: string,
    recordKey?: string,
  ) => void;
  readonly progress: () => void;
}

/** Batch size and parallel batches per destination. */
export interface ExecutorSettings {
  readonly batchSize?: number;
  readonly concurrency?: number;
}

/**
 * Executes one destination's plan (ARCHITECTURE §5.5–6): batches at the destination's size with per-key
 * ordering, each batch journalled (ops + Idempotency-Key) before it is sent and committed with its result in one
 * transaction (id map, plan items, dead letters, journal, counts). On resume, batches still in the journal are
 * reconciled against the destination before anything is sent again.
 */
export class BatchExecutor {
  constructor(
    private readonly ctx: ExecutorContext,
    private readonly stage: DestinationStage,
    private readonly gateway: ConnectionGateway,
    private readonly matchKeys: readonly string[],
    private readonly settings: ExecutorSettings = {},
  ) {}

  /**
   * Settles batches a previous process journalled but did not commit. Creates are looked for in the destination
   * by their match keys: found ones are committed as written. If none was found the batch is sent again exactly
   * as journalled, with the same Idempotency-Key (a request the API did process replays its answer, so records
   * without match values are not duplicated within the key's window); otherwise the rest go back to the plan.
   */
  async reconcile(entry: OutboxEntry): Promise<void> {
    const creates = entry.ops.filter((op) => op.kind === 'create');
    const found = new Map<number, string>();
    for (const key of this.matchKeys) {
      const open = creates.filter((op) => !found.has(op.seq) && scalar(op.data[key]));
      if (open.length === 0) continue;
      const records = await this.gateway.fetch(
        this.stage.entity,
        { key, values: [...new Set(open.map((op) => String(op.data[key])))] },
        this.ctx.signal,
      );
      const byValue = new Map<string, string>();
      for (const r of records) {
        const v = r.data[key];
        if (scalar(v) && r.data.isActive !== false) byValue.set(String(v).toLowerCase(), r.sourceId);
      }
      for (const op of open) {
        const id = byValue.get(String(op.data[key]).toLowerCase());
        if (id) found.set(op.seq, id);
      }
    }
    this.ctx.log(
      'info',
      'reconcile',
      `Reconciling an interrupted batch of ${entry.ops.length}: ${found.size} already in the destination`,
      this.stage.node.id,
    );
    if (found.size === 0) {
      await this.send(entry);
      return;
    }
    const done = entry.ops
      .filter((op) => found.has(op.seq))
      .map((op) => ({ seq: op.seq, recordKey: op.recordKey, targetId: found.get(op.seq)! }));
    this.ctx.counts.written += done.length;
    this.commit(entry.batchId, {
      done,
      dead: [],
      requeue: entry.ops.filter((op) => !found.has(op.seq)).map((op) => op.seq),
    });
  }

  /** Sends every planned item of the destination; stops between batches when the run is cancelled. */
  async run(): Promise<void> {
    const items = this.ctx.store
      .pendingItems(this.ctx.runId, this.stage.node.id)
      .filter((i) => i.status === 'planned');
    if (items.length === 0) return;
    const size = Math.max(1, Math.min(this.settings.batchSize ?? Infinity, this.batchLimit()));
    // One kind per batch: Xero takes creates (PUT) and updates (POST) in separate requests, and a batch sent as
    // one request either fails whole (retried with its Idempotency-Key) or answers record by record, while a
    // batch of two requests could fail half-way (a 503 on one of them) and leave retryable failures behind.
    const batches = [
      ...orderedBatches(
        items.filter((i) => i.action !== 'update'),
        size,
        (i) => i.orderKey,
      ),
      ...orderedBatches(
        items.filter((i) => i.action === 'update'),
        size,
        (i) => i.orderKey,
      ),
    ];
    const concurrency = Math.max(1, this.settings.concurrency ?? 2);
    // A batch waits for the earlier batches that touch the same records; others run in parallel.
    const lastOfKey = new Map<string, Promise<void>>();
    const running = new Set<Promise<void>>();
    let failure: unknown;
    for (const batch of batches) {
      if (this.ctx.signal.aborted || failure) break;
      while (running.size >= concurrency) await Promise.race(running);
      if (this.ctx.signal.aborted || failure) break;
      const deps = [...new Set(batch.map((i) => lastOfKey.get(i.orderKey)).filter((p) => p !== undefined))];
      const task: Promise<void> = Promise.all(deps)
        .then(() => this.sendItems(batch))
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => running.delete(task));
      running.add(task);
      for (const i of batch) lastOfKey.set(i.orderKey, task);
    }
    await Promise.all(running);
    if (failure && !isAbort(failure)) throw failure;
  }

  private batchLimit(): number {
    const d = this.gateway.describe().entities.find((e) => e.entity === this.stage.entity);
    return d?.capabilities.batchSize ?? 50;
  }

  private async sendItems(items: readonly PlanItem[]): Promise<void> {
    const ops: JournalOp[] = [];
    const unresolved: Array<{ item: PlanItem; reason: string }> = [];
    for (const item of items) {
      const data = this.resolveRefs(item.payload ?? {});
      if (typeof data === 'string') unresolved.push({ item, reason: data });
      else
        ops.push({
          seq: item.seq,
          kind: item.action === 'update' ? 'update' : 'create',
          recordKey: item.recordKey,
          ...(item.targetId ? { targetId: item.targetId } : {}),
          data,
        });
    }
    if (unresolved.length) {
      this.ctx.counts.deadLetters += unresolved.length;
      this.commit(`unresolved-${randomUUID()}`, {
        done: [],
        dead: unresolved.map(({ item, reason }) =>
          this.deadLetter(
            item.seq,
            item.recordKey,
            item.action,
            item.payload ?? {},
            createError('LF-3006', reason),
            1,
          ),
        ),
        requeue: [],
      });
    }
    if (ops.length === 0) return;
    const batchId = randomUUID();
    const entry: OutboxEntry = {
      batchId,
      runId: this.ctx.runId,
      destNode: this.stage.node.id,
      entity: this.stage.entity,
      idempotencyKey: `lf-${batchId}`,
      ops,
      status: 'pending',
    };
    this.ctx.store.journalBatch(entry, this.ctx.now());
    await this.send(entry);
  }

  /** Sends a journalled batch and commits its outcome. */
  private async send(entry: OutboxEntry): Promise<void> {
    const ops: WriteOp[] = entry.ops.map((op) =>
      op.kind === 'update'
        ? { kind: 'update', key: String(op.seq), id: op.targetId!, data: op.data }
        : { kind: 'create', key: String(op.seq), data: op.data },
    );
    const node = this.stage.node.id;
    this.ctx.log(
      'debug',
      'batch-sent',
      `Sending ${ops.length} ${this.stage.entity} op(s) (${entry.idempotencyKey})`,
      node,
    );
    let results: WriteResult[];
    let attempts = 1;
    try {
      results = await this.gateway.writeBatch(this.stage.entity, ops, entry.idempotencyKey, this.ctx.signal);
    } catch (error) {
      if (isAbort(error)) throw error;
      // Retries ran out (or the failure is not retryable): every op of the batch becomes a dead letter.
      attempts = error instanceof LedgerflowError && error.kind === 'operational' ? 11 : 1;
      const e =
        error instanceof LedgerflowError && error.kind === 'operational'
          ? createError('LF-3002', `Gave up after retrying: ${error.message}`, {
              apiMessage: error.message,
              cause: error.code,
            })
          : error instanceof LedgerflowError
            ? error
            : createError('LF-9001', String(error));
      results = ops.map((op) => ({ key: op.key, ok: false, error: e }));
    }
    const bySeq = new Map(entry.ops.map((op) => [String(op.seq), op]));
    const done: Array<{ seq: number; recordKey: string; targetId: string }> = [];
    const dead: BatchOutcome['dead'][number][] = [];
    for (const r of results) {
      const op = bySeq.get(r.key)!;
      if (r.ok) {
        done.push({ seq: op.seq, recordKey: op.recordKey, targetId: r.id });
        continue;
      }
      dead.push(this.deadLetter(op.seq, op.recordKey, op.kind, op.data, r.error, attempts));
      this.ctx.log('warn', 'dead-letter', r.error.message, node, op.recordKey);
    }
    this.ctx.counts.written += done.length;
    this.ctx.counts.deadLetters += dead.length;
    this.commit(entry.batchId, { done, dead, requeue: [] });
    this.ctx.log(
      'info',
      'batch-done',
      `Wrote ${done.length} ${this.stage.entity}(s), ${dead.length} dead letter(s)`,
      node,
    );
  }

  private commit(batchId: string, parts: Pick<BatchOutcome, 'done' | 'dead' | 'requeue'>): void {
    this.ctx.store.commitBatch(
      this.ctx.runId,
      {
        batchId,
        flowId: this.ctx.flowId,
        destNode: this.stage.node.id,
        entity: this.stage.entity,
        connectionId: this.stage.connection.connectionId,
        ...parts,
        counts: this.ctx.counts,
      },
      this.ctx.now(),
    );
    this.ctx.progress();
  }

  private deadLetter(
    seq: number,
    recordKey: string,
    action: string,
    payload: Readonly<Record<string, unknown>>,
    error: LedgerflowError,
    attempts: number,
  ): BatchOutcome['dead'][number] {
    const details = error.details as { apiMessage?: unknown } | undefined;
    const item = this.ctx.store.planItems(
      this.ctx.runId,
      { destNode: this.stage.node.id, recordKey },
      0,
      1,
    )[0];
    return {
      seq,
      letter: {
        id: randomUUID(),
        runId: this.ctx.runId,
        flowId: this.ctx.flowId,
        destNode: this.stage.node.id,
        sourceNode: item?.sourceNode ?? '',
        entity: this.stage.entity,
        recordKey,
        action: action === 'update' ? 'update' : 'create',
        ...(item?.targetId ? { targetId: item.targetId, targetLabel: targetLabelOf(item) } : {}),
        payload,
        code: error.code,
        message: error.message,
        apiMessage: typeof details?.apiMessage === 'string' ? details.apiMessage : undefined,
        attempts,
      },
    };
  }

  /** Replaces pending references with the ids the referenced records got; a message when one has none. */
  private resolveRefs(value: Readonly<Record<string, unknown>>): Record<string, unknown> | string {
    let problem: string | undefined;
    const walk = (v: unknown): unknown => {
      if (isPendingRef(v)) {
        const { node, key } = v.$lfRef;
        const id = this.ctx.store.idMapGet(this.ctx.flowId, node, this.ctx.entityOf(node), [key]).get(key);
        if (!id)
          problem ??= `the referenced ${this.ctx.entityOf(node)} '${key}' was not written (see its dead letter)`;
        return id;
      }
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === 'object')
        return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    const out = walk(value) as Record<string, unknown>;
    return problem ?? out;
  }
}

const scalar = (v: unknown): v is string | number =>
  (typeof v === 'string' && v !== '') || typeof v === 'number';

/** Whether an error is the run's cancellation. */
export function isAbort(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR')
  );
}
