import { createError, LedgerflowError, toErrorEnvelope } from '../../shared/errors/ledgerflow-error';
import { entityLabels, type EntityName } from '../../shared/records/entities';
import type { ConnectionGateway } from './connection-gateway';
import { compileFlow, type CompiledFlow, type SourceStage } from './graph/flow-compiler';
import { BatchExecutor, isAbort } from './execute/batch-executor';
import type { FlowItem, Rejection } from './nodes/flow-item';
import { isPendingRef, LookupNode } from './nodes/lookup-node';
import { PendingCreates, RunLookupResolver } from './plan/lookup-resolver';
import { DestinationPlanner } from './plan/plan-builder';
import type {
  LogLine,
  PlanItem,
  PlanItemFilter,
  RunApply,
  RunCounts,
  RunRow,
  StateStore,
} from './state/state-store';
import type { SystemId } from '../../shared/connectors/connector-descriptor';

/** How long a line logged while planning may wait in the buffer before it is stored and sent. */
const LOG_STORE_DELAY_MS = 250;

/** Records read again by id per request (connectors split further to their own limits). */
const REREAD_PAGE = 500;
/** Plan items read back from the store at a time (an apply run compares its plan with the reviewed one). */
const STORED_PLAN_PAGE = 5000;
/** Pages of plan items the store may still be writing while the planner goes on. */
const PAGES_IN_FLIGHT = 2;

/** What one run needs from the engine around it. */
export interface FlowRunContext {
  readonly store: StateStore;
  readonly now: () => number;
  readonly connections: ReadonlyMap<string, { readonly system: SystemId }>;
  readonly gateway: (connectionId: string) => Promise<ConnectionGateway>;
  readonly emitLog: (line: LogLine) => void;
  readonly emitProgress: (run: RunRow) => void;
  readonly redact: (text: string) => string;
  readonly batchSize?: number;
  readonly concurrency?: number;
  readonly pageSize?: number;
}

/**
 * One run of a flow (ARCHITECTURE §5): read the sources page by page, push each page through the nodes, plan it
 * at every destination below, store the plan; a shadow run ends there, a live run executes exactly that plan.
 * Every step is resumable from the state database: a run found unfinished is planned again if it was still
 * planning (nothing was written yet), or reconciled and continued if it was executing.
 */
export class FlowRun {
  private readonly abort = new AbortController();
  private readonly counts: RunCounts;
  private logSeq: number;
  private logBuffer: LogLine[] = [];
  private logTimer: ReturnType<typeof setTimeout> | undefined;
  /** Log lines are sent in order, each batch once it is stored. */
  private logSent: Promise<void> = Promise.resolve();
  /**
   * Pages of plan items being written, oldest first, while the next one is planned. Two may be in flight: the
   * writer's pauses (a WAL checkpoint) then do not stall the planner.
   */
  private appending: Promise<void>[] = [];
  private appendFailure: unknown;
  private compiled: CompiledFlow | undefined;

  constructor(
    private readonly ctx: FlowRunContext,
    private run: RunRow,
  ) {
    this.counts = structuredClone(run.counts);
    this.logSeq = ctx.store.lastLogSeq(run.id);
  }

  get id(): string {
    return this.run.id;
  }

  /** Stops cleanly between batches (and between pages while planning). */
  cancel(): void {
    this.abort.abort(new DOMException('The run was cancelled', 'AbortError'));
  }

  /**
   * Runs (or resumes) to the end, or to a wait for confirmation; resolves with the stored run once everything it
   * handed to the store is written. Never rejects: a failure is the run's status. The caller announces the final
   * state (Engine does, after it has let go of the run, so that nobody hears "finished" while it still runs).
   */
  async execute(): Promise<RunRow> {
    const run = await this.executeRun();
    // Log lines (and plan items of a run that stopped while planning) may still be on their way to the database,
    // and its last lines on their way out.
    await this.ctx.store.settle();
    await this.logSent;
    return run;
  }

  private async executeRun(): Promise<RunRow> {
    const { store } = this.ctx;
    const signal = this.abort.signal;
    try {
      const pending = new PendingCreates();
      const resolver = new RunLookupResolver(store, this.run.flowId, pending, signal);
      resolver.useGateways(this.ctx.gateway);
      const compiled = compileFlow(this.run.flow, this.run.bindings, this.ctx.connections, resolver);
      this.compiled = compiled;
      pending.indexOnly(
        [...compiled.transforms.values()].filter((t): t is LookupNode => t instanceof LookupNode),
      );
      const planners = new Map<string, DestinationPlanner>();
      for (const d of compiled.destinations) {
        const gateway = await this.ctx.gateway(d.connection.connectionId);
        planners.set(
          d.node.id,
          new DestinationPlanner({
            store,
            runId: this.run.id,
            flowId: this.run.flowId,
            stage: d,
            gateway,
            pending,
            signal,
          }),
        );
      }
      if (this.run.status === 'planning') {
        const resumed = store.lastLogSeq(this.run.id) > 0;
        store.clearPlan(this.run.id);
        Object.assign(this.counts, { read: 0, create: 0, update: 0, unchanged: 0, skip: 0, invalid: 0 });
        this.log(
          'info',
          'run-started',
          `${resumed ? 'Resuming' : 'Starting'} a ${this.run.mode} run of '${this.run.flow.name}'`,
        );
        const cursors = await this.plan(compiled, planners, signal);
        if (signal.aborted) return await this.finish('cancelled');
        // An apply run compares its fresh plan with the reviewed one before it may leave `planning`: a crash
        // before this point plans and compares again, so nothing unreviewed is ever written.
        const held = this.run.apply ? this.reviewAgainstPlan(compiled, this.run.apply) : 0;
        this.update({
          status:
            this.run.mode === 'shadow' ? this.run.status : held > 0 ? 'awaiting-confirmation' : 'executing',
          pendingCursors: cursors,
        });
        if (this.run.mode === 'shadow') return await this.finish('succeeded');
        this.linkMatched(compiled);
        if (held > 0) return this.awaitConfirmation(held);
      } else if (this.run.kind === 'apply' && this.counts.written + this.counts.deadLetters === 0) {
        this.log('info', 'run-confirmed', `Writing the reviewed plan of '${this.run.flow.name}'`);
      } else {
        this.log('info', 'run-resumed', `Resuming the live run of '${this.run.flow.name}' where it stopped`);
      }
      await this.executePlan(compiled, planners, signal);
      if (signal.aborted) return await this.finish('cancelled');
      return await this.finish('succeeded');
    } catch (error) {
      if (isAbort(error) || signal.aborted) return await this.finish('cancelled');
      const e =
        error instanceof LedgerflowError
          ? error
          : createError('LF-9001', String((error as Error)?.stack ?? error));
      this.log('error', 'run-failed', e.message);
      return await this.finish('failed', e);
    }
  }

  private async plan(
    compiled: CompiledFlow,
    planners: ReadonlyMap<string, DestinationPlanner>,
    signal: AbortSignal,
  ): Promise<Record<string, string>> {
    const cursors: Record<string, string> = {};
    for (const source of compiled.sources) {
      if (signal.aborted) break;
      const gateway = await this.ctx.gateway(source.connection.connectionId);
      let pages = 0;
      for await (const records of this.readSource(source, gateway, signal, cursors)) {
        pages++;
        this.counts.read += records.length;
        const items: FlowItem[] = records.map((record) => ({
          sourceNode: source.node.id,
          key: record.sourceId,
          record,
        }));
        await this.planItems(compiled, planners, source, items);
        this.log(
          'debug',
          'page-read',
          `Planned page ${pages} of ${source.entity} (${items.length} records)`,
          source.node.id,
        );
        this.progress();
        if (signal.aborted) break;
      }
    }
    await this.planWritten();
    return cursors;
  }

  /** Waits for the plan items handed to the store; a failed write fails the run. */
  private async planWritten(inFlight = 0): Promise<void> {
    while (this.appending.length > inFlight) await this.appending.shift();
    if (this.appendFailure !== undefined) throw this.appendFailure;
  }

  private async *readSource(
    source: SourceStage,
    gateway: ConnectionGateway,
    signal: AbortSignal,
    cursors: Record<string, string>,
  ) {
    const scoped = this.run.scope?.sources[source.node.id];
    if (this.run.scope) {
      // A dead-letter retry re-reads exactly its records, through the flow as it is now.
      if (scoped?.length) yield await gateway.fetch(source.entity, { ids: scoped }, signal);
      return;
    }
    const stored = this.ctx.store.cursor(this.run.flowId, source.node.id);
    const since = stored ? { since: new Date(stored) } : {};
    const pageSize = this.ctx.pageSize ? { pageSize: this.ctx.pageSize } : {};
    this.log(
      'info',
      'read-started',
      (stored ? `Reading ${source.entity} changed since ${stored}` : `Reading all ${source.entity}`) +
        (source.reads.length > 1 ? ` in ${source.reads.length} reads, one per listed filter value` : ''),
      source.node.id,
    );
    // Records the last live run found invalid are read again by id: they may not have changed since, but the flow
    // (or what it looks up) may have. A full read finds them anyway.
    const again = stored
      ? new Set(this.ctx.store.rereads(this.run.flowId, source.node.id))
      : new Set<string>();
    // Listed filter values are several reads; a record two of them find is planned once.
    const seen = source.reads.length > 1 ? new Set<string>() : undefined;
    for (const filter of source.reads) {
      const options = { ...since, ...pageSize, ...(Object.keys(filter).length ? { filter } : {}) };
      for await (const page of gateway.read(source.entity, options, signal)) {
        if (page.cursor && (!cursors[source.node.id] || page.cursor > cursors[source.node.id]!))
          cursors[source.node.id] = page.cursor;
        let records = page.records;
        if (seen) {
          records = records.filter((r) => !seen.has(r.sourceId));
          for (const r of records) seen.add(r.sourceId);
        }
        for (const r of records) again.delete(r.sourceId);
        yield records;
      }
    }
    if (again.size === 0) return;
    this.log(
      'info',
      'reread-started',
      `Reading again ${again.size} ${again.size === 1 ? entityLabels[source.entity].one : entityLabels[source.entity].many} the last live run found invalid`,
      source.node.id,
    );
    const keys = [...again];
    for (let i = 0; i < keys.length; i += REREAD_PAGE) {
      signal.throwIfAborted();
      const records = await gateway.fetch(source.entity, { ids: keys.slice(i, i + REREAD_PAGE) }, signal);
      if (records.length) yield records;
    }
  }

  /** Pushes one page through the nodes below a source and plans what reaches each destination. */
  private async planItems(
    compiled: CompiledFlow,
    planners: ReadonlyMap<string, DestinationPlanner>,
    source: SourceStage,
    items: readonly FlowItem[],
  ): Promise<void> {
    const outputs = new Map<string, readonly FlowItem[]>([[source.node.id, items]]);
    const rejectedAt = new Map<string, Rejection[]>();
    const reach = compiled.reachable.get(source.node.id) ?? [];
    const planned = [];
    for (const id of reach) {
      if (id === source.node.id) continue;
      const parents = (compiled.parents.get(id) ?? []).filter((p) => outputs.has(p));
      const input =
        parents.length === 1 ? outputs.get(parents[0]!)! : parents.flatMap((p) => outputs.get(p)!);
      const transform = compiled.transforms.get(id);
      if (transform) {
        const out = await transform.process(input);
        outputs.set(id, out.passed);
        for (const r of out.rejected)
          for (const d of compiled.destinationsBelow.get(id) ?? [])
            (rejectedAt.get(d) ?? rejectedAt.set(d, []).get(d)!).push(r);
        continue;
      }
      const planner = planners.get(id);
      if (planner) {
        const newItems = await planner.planPage(input, rejectedAt.get(id) ?? []);
        for (const item of newItems) this.counts[item.action]++;
        for (const item of newItems)
          if (item.action === 'invalid' || item.action === 'skip')
            this.log(
              item.action === 'invalid' ? 'warn' : 'debug',
              `plan-${item.action}`,
              item.reason ?? item.action,
              id,
              item.recordKey,
            );
        planned.push(...newItems);
      }
    }
    // The store writes this page while the next ones are planned; PAGES_IN_FLIGHT at most.
    await this.planWritten(PAGES_IN_FLIGHT - 1);
    this.appending.push(
      this.ctx.store.appendPlanItems(this.run.id, planned, { counts: this.counts, now: this.ctx.now() }).then(
        () => undefined,
        (error: unknown) => void (this.appendFailure ??= error),
      ),
    );
  }

  /**
   * Apply runs: compares this run's plan with the reviewed one, record by record. Writes the reviewer left out
   * become skips; writes that differ from what was reviewed (another action, target or payload: the source or the
   * destination changed meanwhile), and writes that were not in the reviewed plan at all, are held for
   * confirmation. Returns how many are held.
   */
  private reviewAgainstPlan(compiled: CompiledFlow, apply: RunApply): number {
    const { store } = this.ctx;
    const excluded = new Set(apply.exclude);
    const hold: number[] = [];
    const leaveOut: Array<{ seq: number; reason: string }> = [];
    const fingerprint = (i: PlanItem) => JSON.stringify([i.action, i.targetId ?? null, i.payload ?? null]);
    const leftOut = new Set<number>();
    /** Creates left out, by `node \0 key` (what a pending reference names), with how the plan labels them. */
    const leftOutCreates = new Map<string, string>();
    const leave = (item: PlanItem, reason: string) => {
      leaveOut.push({ seq: item.seq, reason });
      leftOut.add(item.seq);
      this.counts[item.action]--;
      this.counts.skip++;
      if (item.action === 'create')
        leftOutCreates.set(
          `${item.destNode}\u0000${item.recordKey}`,
          `${entityLabels[item.entity].one} '${item.label || item.recordKey}'`,
        );
    };
    /** The first pending reference in a payload to a create that is left out, as its label. */
    const leftOutRef = (value: unknown): string | undefined => {
      if (isPendingRef(value)) return leftOutCreates.get(`${value.$lfRef.node}\u0000${value.$lfRef.key}`);
      if (Array.isArray(value)) {
        for (const v of value) {
          const found = leftOutRef(v);
          if (found) return found;
        }
      } else if (value !== null && typeof value === 'object')
        for (const v of Object.values(value)) {
          const found = leftOutRef(v);
          if (found) return found;
        }
      return undefined;
    };
    for (const d of compiled.destinations) {
      const reviewed = new Map<string, { seq: number; fingerprint: string }>();
      for (const i of this.storedPlan(apply.planOf, { destNode: d.node.id }))
        reviewed.set(i.recordKey, { seq: i.seq, fingerprint: fingerprint(i) });
      for (const item of this.plannedWrites(d.node.id)) {
        const before = reviewed.get(item.recordKey);
        if (before && excluded.has(before.seq)) leave(item, 'Left out when the plan was reviewed');
        else if (!before || before.fingerprint !== fingerprint(item)) hold.push(item.seq);
      }
    }
    // A write that refers to a record left out (an invoice to a customer this plan would have created) cannot be
    // sent: it is left out too, saying why, rather than refused by the API. References chain (a payment to such
    // an invoice), so this repeats until nothing more is left out.
    for (let added = leftOutCreates.size; added > 0;) {
      added = 0;
      for (const d of compiled.destinations)
        for (const item of this.plannedWrites(d.node.id)) {
          if (leftOut.has(item.seq)) continue;
          const ref = leftOutRef(item.payload);
          if (!ref) continue;
          leave(item, `Refers to ${ref}, which was left out when the plan was reviewed`);
          added++;
        }
    }
    const held = hold.filter((seq) => !leftOut.has(seq));
    store.reviewPlanItems(this.run.id, { hold: held, leaveOut }, this.counts, this.ctx.now());
    if (leaveOut.length)
      this.log('info', 'plan-left-out', `${leaveOut.length} record(s) left out as reviewed`);
    return held.length;
  }

  /** This run's creates and updates at a destination, in plan order. */
  private plannedWrites(destNode: string): Generator<PlanItem> {
    return this.storedPlan(this.run.id, { destNode, actions: ['create', 'update'] });
  }

  /** A run's stored plan items matching a filter, in plan order, read back a page at a time. */
  private *storedPlan(runId: string, filter: PlanItemFilter): Generator<PlanItem> {
    for (let offset = 0; ; offset += STORED_PLAN_PAGE) {
      const page = this.ctx.store.planItems(runId, filter, offset, STORED_PLAN_PAGE);
      yield* page;
      if (page.length < STORED_PLAN_PAGE) return;
    }
  }

  /** Stops an apply run until the user confirms the held writes (the run stays stored, waiting). */
  private awaitConfirmation(held: number): RunRow {
    this.log(
      'warn',
      'plan-changed',
      `${held} record(s) changed since the plan was reviewed: confirm them to continue`,
    );
    this.flushLog();
    this.run = this.ctx.store.getRun(this.run.id)!;
    return this.run;
  }

  /**
   * Live: records matched by key that need no write (unchanged, skipped) are linked in the id map before anything
   * is sent. An update is linked when its write succeeds (commitBatch): a refused one must leave no link, or its
   * retry would go to the same (perhaps wrongly matched) target whatever the fixed flow now matches.
   */
  private linkMatched(compiled: CompiledFlow): void {
    for (const d of compiled.destinations) {
      const pairs: Array<[string, string]> = [];
      const total = this.ctx.store.countPlanItems(this.run.id, { destNode: d.node.id });
      for (let offset = 0; offset < total; offset += 5000)
        for (const item of this.ctx.store.planItems(
          this.run.id,
          { destNode: d.node.id, actions: ['unchanged', 'skip'] },
          offset,
          5000,
        ))
          if (item.targetId && !item.reason?.startsWith('matches the same'))
            pairs.push([item.recordKey, item.targetId]);
      this.ctx.store.linkIds(
        this.run.flowId,
        d.node.id,
        d.entity,
        d.connection.connectionId,
        pairs,
        this.ctx.now(),
      );
    }
  }

  private async executePlan(
    compiled: CompiledFlow,
    planners: ReadonlyMap<string, DestinationPlanner>,
    signal: AbortSignal,
  ): Promise<void> {
    const entityOf = (node: string): EntityName =>
      compiled.destinations.find((d) => d.node.id === node)!.entity;
    const pendingBatches = this.ctx.store.pendingBatches(this.run.id);
    for (const d of compiled.destinations) {
      if (signal.aborted) return;
      const gateway = await this.ctx.gateway(d.connection.connectionId);
      const executor = new BatchExecutor(
        {
          store: this.ctx.store,
          runId: this.run.id,
          flowId: this.run.flowId,
          counts: this.counts,
          now: this.ctx.now,
          signal,
          entityOf,
          log: (level, kind, message, node, key) => this.log(level, kind, message, node, key),
          progress: () => this.progress(),
        },
        d,
        gateway,
        planners.get(d.node.id)!.fieldMatchKeys,
        {
          ...(this.ctx.batchSize ? { batchSize: this.ctx.batchSize } : {}),
          ...(this.ctx.concurrency ? { concurrency: this.ctx.concurrency } : {}),
        },
      );
      for (const entry of pendingBatches.filter((b) => b.destNode === d.node.id))
        await executor.reconcile(entry);
      await executor.run();
    }
  }

  private async finish(
    status: 'succeeded' | 'failed' | 'cancelled',
    error?: LedgerflowError,
  ): Promise<RunRow> {
    const { store, now } = this.ctx;
    this.log(
      status === 'failed' ? 'error' : 'info',
      'run-finished',
      `Run ${status}: ${this.counts.create} to create, ${this.counts.update} to update, ${this.counts.unchanged} unchanged, ${this.counts.skip} skipped, ${this.counts.invalid} invalid; ${this.counts.written} written, ${this.counts.deadLetters} dead letter(s)`,
    );
    this.flushLog();
    // The store holds the run's whole log before it says the run has ended.
    await this.logSent;
    // A shadow run shows what a live run would do; it must not move the cursors a live run reads from.
    if (this.run.mode === 'shadow' && status === 'succeeded')
      store.updateRun(this.run.id, { pendingCursors: undefined }, now());
    store.finishRun(this.run.id, status, this.counts, now(), error ? toErrorEnvelope(error) : undefined);
    if (status === 'succeeded' && this.run.scope?.deadLetterIds.length)
      store.setDeadLetterStatus(this.run.scope.deadLetterIds, 'retried', now());
    this.run = store.getRun(this.run.id)!;
    return this.run;
  }

  private update(patch: Parameters<StateStore['updateRun']>[1]): void {
    this.ctx.store.updateRun(this.run.id, { ...patch, counts: this.counts }, this.ctx.now());
    this.run = this.ctx.store.getRun(this.run.id)!;
  }

  private progress(): void {
    this.flushLog();
    this.ctx.emitProgress({ ...this.run, counts: structuredClone(this.counts), updatedAt: this.ctx.now() });
  }

  private log(
    level: LogLine['level'],
    kind: string,
    message: string,
    node?: string,
    recordKey?: string,
  ): void {
    const line: LogLine = {
      runId: this.run.id,
      seq: ++this.logSeq,
      at: this.ctx.now(),
      level,
      kind,
      node,
      recordKey,
      message: this.ctx.redact(message),
    };
    this.logBuffer.push(line);
    // Planning logs a line per skipped or invalid record: those are stored (and sent) in batches. Elsewhere a line
    // marks a step (a batch sent, a retry, the end) and goes out at once.
    if (this.logBuffer.length >= 200 || this.run.status !== 'planning') this.flushLog();
    else this.logTimer ??= setTimeout(() => this.flushLog(), LOG_STORE_DELAY_MS);
  }

  /**
   * Stores the buffered lines, then sends them: a line anyone has received can be read back from the store, so a
   * log panel that opens mid-run and catches up from the store never misses lines sent before it listened.
   */
  private flushLog(): void {
    clearTimeout(this.logTimer);
    this.logTimer = undefined;
    if (this.logBuffer.length === 0) return;
    const lines = this.logBuffer;
    this.logBuffer = [];
    const stored = this.ctx.store.appendLog(lines);
    this.logSent = this.logSent
      .then(() => stored)
      .then(() => {
        for (const line of lines) this.ctx.emitLog(line);
      })
      .catch((error: unknown) => console.error(`Ledgerflow: could not send log lines: ${String(error)}`));
  }

  /** Counts API calls of this run per system. */
  noteCalls(system: string, calls: number): void {
    this.counts.apiCalls[system] = (this.counts.apiCalls[system] ?? 0) + calls;
  }

  /** A line in this run's log from outside the run (retries, the breaker). */
  note(level: LogLine['level'], kind: string, message: string): void {
    this.log(level, kind, message);
  }

  /** The compiled flow (after execute() has started). */
  get flow(): CompiledFlow | undefined {
    return this.compiled;
  }
}
