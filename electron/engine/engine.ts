import { randomUUID } from 'node:crypto';
import { redactSecrets } from '../../shared/errors/redact-secrets';
import type { SystemId } from '../../shared/connectors/connector-descriptor';
import { createError } from '../../shared/errors/ledgerflow-error';
import type { Flow } from '../../shared/flow/flow.schema';
import type { Connector } from '../connectors/kit/connector';
import { ConnectionGateway } from './connection-gateway';
import { CircuitBreaker } from './runtime/circuit-breaker';
import { RateBudget } from './runtime/rate-budget';
import { FlowRun } from './flow-run';
import { planCsvOf, planSummaryOf } from './plan/plan-review';
import type { BreakerSettings } from './runtime/circuit-breaker';
import { systemEngineClock, type EngineClock } from './runtime/engine-clock';
import type { RateBudgetLimits } from './runtime/rate-budget';
import type { RetryPolicy } from './runtime/retry-policy';
import { SqliteStateStore } from './state/sqlite-state-store';
import {
  emptyCounts,
  type ConnectionBindings,
  type DeadLetter,
  type LogLine,
  type PlanItem,
  type PlanItemFilter,
  type NodeCounts,
  type RunMode,
  type RunListFilter,
  type RunRow,
  type RunTrigger,
  type StateStore,
} from './state/state-store';

/** Where the engine gets connectors: the host's connections (or the sandbox's), by id. */
export interface ConnectorProvider {
  /** Every connection the engine may use, with its system. */
  connections(): Promise<ReadonlyMap<string, { readonly system: SystemId }>>;
  /** A connector for one connection; its token source and HTTP client are the provider's business. */
  connector(connectionId: string): Promise<Connector>;
}

/** What the engine tells the world: structured log lines and run progress (ARCHITECTURE §6). */
export type EngineEvent =
  | { readonly type: 'log'; readonly flowId: string; readonly line: LogLine }
  | { readonly type: 'progress'; readonly run: RunRow };

/** Tuning, mostly for tests and benchmarks; defaults follow the connector's description. */
export interface EngineSettings {
  readonly retryPolicy?: RetryPolicy;
  readonly breaker?: BreakerSettings;
  readonly rateLimits?: RateBudgetLimits;
  readonly batchSize?: number;
  readonly concurrency?: number;
  readonly pageSize?: number;
  readonly random?: () => number;
}

/** The engine's ports (STYLE.md §4): everything it touches outside itself. */
export interface EnginePorts {
  /** The SQLite state file (e.g. `<appHome>/state/engine.sqlite`), or `:memory:`. */
  readonly storagePath: string;
  readonly connectors: ConnectorProvider;
  readonly clock?: EngineClock;
  readonly onEvent?: (event: EngineEvent) => void;
  /** Removes secrets from text before it is logged (tokens are redacted at the source). */
  readonly redact?: (text: string) => string;
  readonly settings?: EngineSettings;
}

/** A started run. */
export interface RunHandle {
  readonly runId: string;
  /** Resolves with the finished run (its status says how it ended). */
  readonly done: Promise<RunRow>;
  cancel(): void;
}

/** The engine: runs flows, and answers questions about runs, plans and dead letters. */
export interface Engine {
  start(input: {
    flow: Flow;
    bindings: ConnectionBindings;
    mode: RunMode;
    runId?: string;
    trigger?: RunTrigger;
  }): Promise<RunHandle>;
  /**
   * Applies a reviewed shadow run's plan: a live run of the same flow and bindings that writes exactly that plan
   * minus `exclude` (seqs of the shadow plan). Writes that differ from the reviewed plan (the source changed) are
   * held and the run waits in `awaiting-confirmation` for `confirm`.
   */
  apply(planOf: string, exclude: readonly number[]): Promise<RunHandle>;
  /** Confirms an awaiting apply run's held writes (`include`; the others are left out) and lets it write. */
  confirm(runId: string, include: readonly number[]): Promise<RunHandle>;
  /** Resumes one unfinished run. */
  resume(runId: string): Promise<RunHandle>;
  /** Resumes every unfinished run (at start-up, after a crash). */
  resumeUnfinished(): Promise<RunHandle[]>;
  cancel(runId: string): boolean;
  active(): string[];
  listRuns(filter?: RunListFilter): RunRow[];
  getRun(runId: string): RunRow;
  planItems(
    runId: string,
    filter: PlanItemFilter,
    offset: number,
    limit: number,
  ): { items: PlanItem[]; total: number };
  logLines(runId: string, afterSeq: number, limit: number): LogLine[];
  deadLetters(filter: { flowId?: string; status?: DeadLetter['status'] }): DeadLetter[];
  /** Retries dead letters through `flow` as it is now (the fixed flow): one live run per flow. */
  retryDeadLetters(ids: readonly string[], flow: Flow, bindings: ConnectionBindings): Promise<RunHandle>;
  discardDeadLetters(ids: readonly string[], reason?: string): number;
  /** What each source and destination node did in a run. */
  nodeCounts(runId: string): NodeCounts[];
  /** A run's plan summed up per destination: records per action and status, flagged records, money per tax code. */
  planSummary(runId: string): ReturnType<typeof planSummaryOf>;
  /** A run's plan as a CSV file for a spreadsheet. */
  planCsv(runId: string): Promise<{ fileName: string; text: string }>;
  /** Deletes finished runs and their logs older than `days` days. */
  applyRetention(days: number): { runs: number; logLines: number };
  readonly store: StateStore;
  close(): Promise<void>;
}

/** Redacts token-shaped strings; hosts add their own known secrets on top (`ports.redact`). */
export const redactTokens = (text: string): string => redactSecrets(text);

/**
 * Creates the engine. Importing this module does nothing; the worker, the CLI and tests are thin composition
 * roots around this one function (STYLE.md §4).
 */
export function createEngine(ports: EnginePorts): Engine {
  const clock = ports.clock ?? systemEngineClock;
  const store = new SqliteStateStore(ports.storagePath);
  const settings = ports.settings ?? {};
  const running = new Map<string, { run: FlowRun; done: Promise<RunRow>; flowId: string }>();
  const redact = (text: string) => redactTokens(ports.redact ? ports.redact(text) : text);
  const emit = (event: EngineEvent) => {
    try {
      ports.onEvent?.(event);
    } catch {
      // A listener's bug must not stop a run.
    }
  };

  // One budget and one breaker per connection, shared by every run that uses it (the tenant's limits and the
  // API's health do not depend on which flow calls); each run gets its own gateway for its log and counts.
  const shared = new Map<
    string,
    Promise<{ connector: Connector; budget: RateBudget; breaker: CircuitBreaker; listeners: Set<FlowRun> }>
  >();
  const connectionOf = (connectionId: string) => {
    let entry = shared.get(connectionId);
    if (!entry) {
      entry = ports.connectors.connector(connectionId).then((connector) => {
        const limits = connector.describe().rateLimits;
        const listeners = new Set<FlowRun>();
        return {
          connector,
          listeners,
          budget: new RateBudget(
            settings.rateLimits ?? {
              concurrent: limits.concurrentPerTenant,
              perMinute: limits.perMinutePerTenant,
              perDay: limits.perDayPerTenant,
            },
            clock,
          ),
          breaker: new CircuitBreaker(clock, settings.breaker, (state, ms) => {
            for (const run of listeners)
              run.note(
                state === 'open' ? 'warn' : 'info',
                'breaker',
                `The circuit breaker of ${connectionId} is ${state}${ms ? ` for ${Math.round(ms / 1000)} s` : ''}`,
              );
          }),
        };
      });
      entry.catch(() => shared.delete(connectionId));
      shared.set(connectionId, entry);
    }
    return entry;
  };

  const gatewayFor = async (
    run: FlowRun,
    connectionId: string,
    system: SystemId,
  ): Promise<ConnectionGateway> => {
    const c = await connectionOf(connectionId);
    c.listeners.add(run);
    return new ConnectionGateway(
      connectionId,
      c.connector,
      {
        clock,
        ...(settings.retryPolicy ? { retryPolicy: settings.retryPolicy } : {}),
        ...(settings.random ? { random: settings.random } : {}),
      },
      {
        onCall: (_system, calls) => run.noteCalls(system, calls),
        onRetry: (what, notice) =>
          run.note(
            'warn',
            'retry',
            `Retry ${notice.retry} of ${what} in ${notice.delayMs} ms: ${(notice.error as Error)?.message}`,
          ),
        onBreaker: () => undefined,
      },
      c,
    );
  };

  const launch = async (row: RunRow): Promise<RunHandle> => {
    const connections = await ports.connectors.connections();
    const gateways = new Map<string, Promise<ConnectionGateway>>();
    const run: FlowRun = new FlowRun(
      {
        store,
        now: () => clock.now(),
        connections,
        gateway: (id) => {
          let g = gateways.get(id);
          if (!g) gateways.set(id, (g = gatewayFor(run, id, connections.get(id)?.system ?? 'xero')));
          return g;
        },
        emitLog: (line) => emit({ type: 'log', flowId: row.flowId, line }),
        emitProgress: (r) => emit({ type: 'progress', run: r }),
        redact,
        ...(settings.batchSize ? { batchSize: settings.batchSize } : {}),
        ...(settings.concurrency ? { concurrency: settings.concurrency } : {}),
        ...(settings.pageSize ? { pageSize: settings.pageSize } : {}),
      },
      row,
    );
    const done = run
      .execute()
      .finally(() => {
        running.delete(row.id);
        for (const c of shared.values())
          void c.then(
            (x) => x.listeners.delete(run),
            () => undefined,
          );
      })
      .then((ended) => {
        // Announced only now: whoever hears that the run ended may start the flow again at once.
        emit({ type: 'progress', run: ended });
        return ended;
      });
    running.set(row.id, { run, done, flowId: row.flowId });
    return { runId: row.id, done, cancel: () => run.cancel() };
  };

  const requireIdle = (flowId: string) => {
    for (const r of running.values())
      if (r.flowId === flowId) throw createError('LF-3010', 'This flow is already running', { flowId });
    const waiting = store.listRuns({ flowId, limit: 20 }).find((r) => r.status === 'awaiting-confirmation');
    if (waiting)
      throw createError(
        'LF-3010',
        'An applied plan of this flow is waiting for your confirmation: confirm or cancel it first',
        { flowId, runId: waiting.id },
      );
  };

  const createRun = (
    input: {
      flow: Flow;
      bindings: ConnectionBindings;
      mode: RunMode;
      runId?: string;
      trigger?: RunTrigger;
      apply?: RunRow['apply'];
    },
    kind: RunRow['kind'],
    scope?: RunRow['scope'],
  ): RunRow => {
    requireIdle(input.flow.id);
    const id = input.runId ?? randomUUID();
    store.createRun({
      id,
      flowId: input.flow.id,
      mode: input.mode,
      kind,
      status: 'planning',
      flow: input.flow,
      bindings: input.bindings,
      scope,
      counts: emptyCounts(),
      trigger: input.trigger ?? 'manual',
      ...(input.apply ? { apply: input.apply } : {}),
      startedAt: clock.now(),
    });
    return store.getRun(id)!;
  };

  return {
    store,
    async start(input) {
      return launch(createRun(input, 'run'));
    },
    async apply(planOf, exclude) {
      const base = store.getRun(planOf);
      if (!base) throw createError('LF-3007', `There is no run ${planOf}`);
      if (base.mode !== 'shadow' || base.status !== 'succeeded')
        throw createError(
          'LF-3012',
          'Only the plan of a finished shadow run can be applied: run the flow in shadow mode first',
          { runId: planOf, mode: base.mode, status: base.status },
        );
      const newer = store.listRuns({ flowId: base.flowId, limit: 1 })[0];
      if (newer && newer.id !== base.id && newer.startedAt > base.startedAt && newer.kind !== 'retry')
        throw createError(
          'LF-3012',
          'This flow has run since this plan was made: review the newest shadow run instead',
          { runId: planOf, newer: newer.id },
        );
      // The reviewed plan was made with the flow and companies as they were then: apply with those, so only a
      // change in the data (never an edit of the flow made meanwhile) can make a record differ from what was shown.
      return launch(
        createRun(
          {
            flow: base.flow,
            bindings: base.bindings,
            mode: 'live',
            apply: { planOf, exclude: [...new Set(exclude)].sort((a, b) => a - b) },
          },
          'apply',
        ),
      );
    },
    async confirm(runId, include) {
      const row = store.getRun(runId);
      if (!row) throw createError('LF-3007', `There is no run ${runId}`);
      if (row.status !== 'awaiting-confirmation')
        throw createError('LF-3013', 'This run is not waiting for a confirmation', {
          runId,
          status: row.status,
        });
      const wanted = new Set(include);
      const held = store.planItems(runId, { statuses: ['held'] }, 0, 1_000_000);
      const counts = structuredClone(row.counts);
      const leaveOut: Array<{ seq: number; reason: string }> = [];
      for (const item of held)
        if (!wanted.has(item.seq)) {
          counts[item.action]--;
          counts.skip++;
          leaveOut.push({ seq: item.seq, reason: 'Left out: it changed after the plan was reviewed' });
        }
      store.reviewPlanItems(
        runId,
        { release: held.filter((i) => wanted.has(i.seq)).map((i) => i.seq), leaveOut },
        counts,
        clock.now(),
      );
      store.updateRun(runId, { status: 'executing', counts }, clock.now());
      return launch(store.getRun(runId)!);
    },
    async resume(runId) {
      const row = store.getRun(runId);
      if (!row) throw createError('LF-3007', `There is no run ${runId}`);
      if (running.has(runId)) {
        const r = running.get(runId)!;
        return { runId, done: r.done, cancel: () => r.run.cancel() };
      }
      if (row.status !== 'planning' && row.status !== 'executing')
        return { runId, done: Promise.resolve(row), cancel: () => undefined };
      return launch(row);
    },
    async resumeUnfinished() {
      const handles: RunHandle[] = [];
      for (const row of store.unfinishedRuns()) handles.push(await this.resume(row.id));
      return handles;
    },
    cancel(runId) {
      const r = running.get(runId);
      r?.run.cancel();
      if (r) return true;
      // An apply run waiting for confirmation has no process to stop: it simply ends.
      const row = store.getRun(runId);
      if (row?.status !== 'awaiting-confirmation') return false;
      store.finishRun(runId, 'cancelled', row.counts, clock.now());
      emit({ type: 'progress', run: store.getRun(runId)! });
      return true;
    },
    active: () => [...running.keys()],
    listRuns: (filter) => store.listRuns(filter),
    getRun(runId) {
      const row = store.getRun(runId);
      if (!row) throw createError('LF-3007', `There is no run ${runId}`);
      return row;
    },
    planItems(runId, filter, offset, limit) {
      this.getRun(runId);
      return {
        items: store.planItems(runId, filter, offset, limit),
        total: store.countPlanItems(runId, filter),
      };
    },
    logLines: (runId, afterSeq, limit) => store.logLines(runId, afterSeq, limit),
    deadLetters: (filter) => store.deadLetters(filter),
    async retryDeadLetters(ids, flow, bindings) {
      const letters = store.deadLetters({ ids, status: 'open' });
      if (letters.length === 0 || letters.length !== new Set(ids).size)
        throw createError('LF-3008', 'Some of these dead letters are not open any more', { ids });
      if (letters.some((l) => l.flowId !== flow.id))
        throw createError('LF-1001', 'Dead letters of different flows are retried one flow at a time');
      const sources: Record<string, string[]> = {};
      for (const l of letters) (sources[l.sourceNode] ??= []).push(l.recordKey);
      return launch(
        createRun({ flow, bindings, mode: 'live' }, 'retry', {
          sources,
          deadLetterIds: letters.map((l) => l.id),
        }),
      );
    },
    discardDeadLetters(ids, reason) {
      const open = store.deadLetters({ ids, status: 'open' });
      store.setDeadLetterStatus(
        open.map((l) => l.id),
        'discarded',
        clock.now(),
        reason,
      );
      return open.length;
    },
    nodeCounts(runId) {
      this.getRun(runId);
      return store.nodeCounts(runId);
    },
    planSummary(runId) {
      return planSummaryOf(store, this.getRun(runId));
    },
    async planCsv(runId) {
      return planCsvOf(store, this.getRun(runId));
    },
    applyRetention(days) {
      const kept = Math.max(1, days);
      store.setSetting('retentionDays', String(kept));
      return store.pruneBefore(clock.now() - kept * 86_400_000);
    },
    async close() {
      for (const r of running.values()) r.run.cancel();
      await Promise.allSettled([...running.values()].map((r) => r.done));
      await store.settle();
      store.close();
    },
  };
}
