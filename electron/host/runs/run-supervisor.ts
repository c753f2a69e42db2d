import type { CallOutput, EventPayload } from '../../../shared/contract/contract-registry';
import { createError } from '../../../shared/errors/ledgerflow-error';
import type { Flow } from '../../../shared/flow/flow.schema';
import {
  createEngine,
  type ConnectorProvider,
  type Engine,
  type EngineEvent,
  type EngineSettings,
} from '../../engine/engine';
import type { ConnectionEndpoint } from '../../engine/endpoint-connector-provider';
import type {
  ConnectionBindings,
  DeadLetter,
  LogLine,
  NodeCounts,
  PlanFlagKind,
  PlanItem,
  PlanItemOrder,
  PlanMoney,
  RunRow,
} from '../../engine/state/state-store';
import type { DestinationPlanSummary, PlanDestination } from '../../engine/plan/plan-review';
import type { WorkerMethod } from '../../engine/worker-protocol';
import { EngineWorkerClient, type ForkWorker } from './engine-worker';

type RunSummary = CallOutput<'runs.get'>;

/** The engine as the supervisor drives it: in this process, or in a worker behind messages. */
export interface RunBackend {
  call<T = unknown>(method: WorkerMethod, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** The engine in the host's own process (the CLI, tests, and the hosts for now: see docs/engine.md). */
export function inProcessBackend(options: {
  storagePath: string;
  connectors: ConnectorProvider;
  settings?: EngineSettings;
  onEvent: (event: EngineEvent) => void;
}): RunBackend {
  const engine: Engine = createEngine({
    storagePath: options.storagePath,
    connectors: options.connectors,
    onEvent: options.onEvent,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  void engine.resumeUnfinished().catch(() => undefined);
  return {
    async call<T>(method: WorkerMethod, ...args: unknown[]): Promise<T> {
      const fn = (engine as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!;
      const result = await fn.apply(engine, args);
      if (result && typeof result === 'object' && 'runId' in result && 'done' in result)
        return { runId: (result as { runId: string }).runId } as T;
      return result as T;
    },
    close: () => engine.close(),
  };
}

/**
 * The engine in a background process (`child_process.fork` in Node, `utilityProcess.fork` in Electron: the
 * caller's `fork`). The worker asks for access tokens per connection over the channel; if it dies it is
 * started again and resumes its unfinished runs, so a crash loses nothing (ARCHITECTURE §5.6).
 */
export function workerBackend(options: {
  fork: ForkWorker;
  entryFile: string;
  storagePath: string;
  endpoints: () => Promise<Readonly<Record<string, ConnectionEndpoint>>>;
  token: (connectionId: string, rejected?: string) => Promise<string>;
  settings?: EngineSettings;
  onEvent: (event: EngineEvent) => void;
  onCrash?: (message: string) => void;
}): RunBackend {
  let client: Promise<EngineWorkerClient> | undefined;
  let closing = false;
  const start = async (): Promise<EngineWorkerClient> => {
    const c = new EngineWorkerClient(options.fork(options.entryFile), {
      storagePath: options.storagePath,
      endpoints: await options.endpoints(),
      token: options.token,
      onEvent: options.onEvent,
      ...(options.settings ? { settings: options.settings } : {}),
      onExit: (code, signal) => {
        client = undefined;
        if (closing) return;
        options.onCrash?.(`The engine worker stopped (${signal ?? `exit code ${code}`}); restarting it`);
        void get()
          .then((next) => next.call('resumeUnfinished'))
          .catch(() => undefined);
      },
    });
    await c.ready;
    await c.call('resumeUnfinished');
    return c;
  };
  const get = () => (client ??= start());
  return {
    async call<T>(method: WorkerMethod, ...args: unknown[]): Promise<T> {
      const c = await get();
      // Connections may have been added since the worker started.
      if (method === 'start' || method === 'apply' || method === 'confirm' || method === 'retryDeadLetters')
        c.updateEndpoints(await options.endpoints());
      return c.call<T>(method, ...args);
    },
    async close() {
      closing = true;
      const c = await client?.catch(() => undefined);
      await c?.shutdown();
    },
  };
}

/** What the supervisor needs from the host. */
export interface RunSupervisorOptions {
  readonly backend: (onEvent: (event: EngineEvent) => void) => RunBackend;
  readonly flow: (flowId: string) => Flow;
  readonly bindings: (flow: Flow) => ConnectionBindings | Promise<ConnectionBindings>;
  readonly emit: <N extends 'runs.onDidAppendLog' | 'runs.onDidChange'>(
    event: N,
    payload: EventPayload<N>,
  ) => void;
}

/**
 * The host's run supervisor (ARCHITECTURE §1): owns the engine's life (through its backend), starts and
 * cancels runs, answers the runs calls of the contract, and relays the engine's events as `runs.onDidAppendLog`
 * and `runs.onDidChange`.
 */
export class RunSupervisor {
  private backend: RunBackend | undefined;

  constructor(private readonly o: RunSupervisorOptions) {}

  private engine(): RunBackend {
    return (this.backend ??= this.o.backend((event) => this.relay(event)));
  }

  async start(
    flowId: string,
    mode: 'shadow' | 'live',
    trigger: 'manual' | 'schedule' = 'manual',
  ): Promise<{ runId: string }> {
    const flow = this.o.flow(flowId);
    const bindings = await this.o.bindings(flow);
    return this.engine().call('start', { flow, bindings, mode, trigger });
  }

  /** Applies a reviewed shadow plan minus the excluded records (see Engine.apply). */
  async apply(runId: string, exclude: readonly number[]): Promise<{ runId: string }> {
    return this.engine().call('apply', runId, exclude);
  }

  /** Confirms an awaiting apply run's held records (see Engine.confirm). */
  async confirm(runId: string, include: readonly number[]): Promise<{ runId: string }> {
    return this.engine().call('confirm', runId, include);
  }

  async log(runId: string, afterSeq: number, limit: number): Promise<CallOutput<'runs.log'>> {
    const run = await this.engine().call<RunRow>('getRun', runId);
    const lines = await this.engine().call<LogLine[]>('logLines', runId, afterSeq, limit);
    return { lines: lines.map((l) => logLineOf(run.flowId, l)) };
  }

  async nodeCounts(runId: string): Promise<CallOutput<'runs.nodeCounts'>> {
    return { nodes: await this.engine().call<NodeCounts[]>('nodeCounts', runId) };
  }

  /**
   * Starts the engine now rather than on the first runs call: unfinished runs resume at once after a crash, and
   * the worker's start-up (a process, SQLite, the connectors) is not paid while the user is working in the editor.
   */
  warmUp(): void {
    void this.engine()
      .call('active')
      .catch(() => undefined);
  }

  async cancel(runId: string): Promise<{ runId: string; cancelled: boolean }> {
    const cancelled = await this.engine().call<boolean>('cancel', runId);
    return { runId, cancelled };
  }

  async list(filter: {
    flowId?: string | undefined;
    limit: number;
    before?: string | undefined;
  }): Promise<RunSummary[]> {
    const { flowId, limit, before } = filter;
    const rows = await this.engine().call<RunRow[]>('listRuns', {
      ...(flowId ? { flowId } : {}),
      limit,
      ...(before ? { before } : {}),
    });
    return rows.map(summaryOf);
  }

  async get(runId: string): Promise<RunSummary> {
    return summaryOf(await this.engine().call<RunRow>('getRun', runId));
  }

  async planItems(input: {
    runId: string;
    page: number;
    pageSize: number;
    actions?: PlanItem['action'][] | undefined;
    destNode?: string | undefined;
    recordKey?: string | undefined;
    statuses?: PlanItem['status'][] | undefined;
    search?: string | undefined;
    flags?: PlanFlagKind[] | undefined;
    order?: PlanItemOrder | undefined;
    withDetail?: boolean | undefined;
  }): Promise<CallOutput<'runs.planItems'>> {
    const filter = {
      ...(input.actions ? { actions: input.actions } : {}),
      ...(input.statuses ? { statuses: input.statuses } : {}),
      ...(input.destNode ? { destNode: input.destNode } : {}),
      ...(input.recordKey ? { recordKey: input.recordKey } : {}),
      ...(input.search?.trim() ? { search: input.search } : {}),
      ...(input.flags ? { flags: input.flags } : {}),
      ...(input.order ? { order: input.order } : {}),
    };
    const withDetail = input.withDetail !== false;
    const { items, total } = await this.engine().call<{ items: PlanItem[]; total: number }>(
      'planItems',
      input.runId,
      filter,
      input.page * input.pageSize,
      input.pageSize,
    );
    return {
      items: items.map((i) => ({
        seq: i.seq,
        destNode: i.destNode,
        entity: i.entity,
        sourceNode: i.sourceNode,
        recordKey: i.recordKey,
        action: i.action,
        ...(i.reason ? { reason: i.reason } : {}),
        ...(i.targetId ? { targetId: i.targetId } : {}),
        ...(i.diff && withDetail ? { diff: [...i.diff] } : {}),
        status: i.status,
        ...(i.resultId ? { resultId: i.resultId } : {}),
        ...(i.label ? { label: i.label } : {}),
        ...(i.subtitle ? { subtitle: i.subtitle } : {}),
        ...(i.flags?.length ? { flags: i.flags.map((f) => ({ ...f })) } : {}),
        ...(i.money ? { money: moneyOf(i.money, withDetail) } : {}),
        ...(withDetail && (i.record ?? i.payload) ? { record: { ...(i.record ?? i.payload) } } : {}),
        changeCount: i.action === 'create' || i.action === 'invalid' ? 0 : (i.diff?.length ?? 0),
      })),
      total,
      page: input.page,
      pageSize: input.pageSize,
    };
  }

  async planSummary(runId: string): Promise<CallOutput<'runs.planSummary'>> {
    const destinations = await this.engine().call<
      Array<DestinationPlanSummary & { readonly destination: PlanDestination }>
    >('planSummary', runId);
    return {
      runId,
      destinations: destinations.map(({ destination: d, ...s }) => ({
        destNode: s.destNode,
        destLabel: d.label,
        entity: s.entity,
        ...(d.system ? { system: d.system } : {}),
        ...(d.connectionId ? { connectionId: d.connectionId } : {}),
        ...(d.connectionLabel ? { connectionLabel: d.connectionLabel } : {}),
        actions: { ...s.actions },
        statuses: { ...s.statuses },
        flagged: { ...s.flagged },
        byTax: s.byTax.map((t) => ({ ...t })),
        totals: s.totals.map(({ taxCode: _taxCode, rate: _rate, ...t }) => ({ ...t })),
        incompleteTax: s.incompleteTax,
      })),
    };
  }

  async planCsv(runId: string): Promise<CallOutput<'runs.planCsv'>> {
    return this.engine().call<{ fileName: string; text: string }>('planCsv', runId);
  }

  async deadLetters(
    flowId: string | undefined,
    status: DeadLetter['status'],
  ): Promise<CallOutput<'runs.deadLetters.list'>> {
    const letters = await this.engine().call<DeadLetter[]>('deadLetters', {
      ...(flowId ? { flowId } : {}),
      status,
    });
    return {
      deadLetters: letters.map((l) => ({
        id: l.id,
        runId: l.runId,
        flowId: l.flowId,
        destNode: l.destNode,
        sourceNode: l.sourceNode,
        entity: l.entity,
        recordKey: l.recordKey,
        action: l.action,
        ...(l.targetId ? { targetId: l.targetId } : {}),
        ...(l.targetLabel ? { targetLabel: l.targetLabel } : {}),
        payload: { ...l.payload },
        code: l.code,
        message: l.message,
        ...(l.apiMessage ? { apiMessage: l.apiMessage } : {}),
        attempts: l.attempts,
        status: l.status,
        ...(l.discardReason ? { discardReason: l.discardReason } : {}),
        createdAt: new Date(l.createdAt).toISOString(),
        ...(l.status !== 'open' ? { closedAt: new Date(l.updatedAt).toISOString() } : {}),
      })),
    };
  }

  async retryDeadLetters(ids: readonly string[]): Promise<{ runId: string }> {
    const letters = await this.engine().call<DeadLetter[]>('deadLetters', { status: 'open' });
    const wanted = letters.filter((l) => ids.includes(l.id));
    if (wanted.length !== new Set(ids).size)
      throw createError('LF-3008', 'Some of these dead letters are not open any more', { ids });
    const flowIds = new Set(wanted.map((l) => l.flowId));
    if (flowIds.size !== 1)
      throw createError('LF-1001', 'Dead letters of different flows are retried one flow at a time', [
        { path: 'ids', message: 'must all belong to one flow' },
      ]);
    // The flow as it is now: the user may have fixed the mapping that made these records fail.
    const flow = this.o.flow([...flowIds][0]!);
    return this.engine().call('retryDeadLetters', ids, flow, await this.o.bindings(flow));
  }

  async discardDeadLetters(ids: readonly string[], reason: string): Promise<{ discarded: number }> {
    return { discarded: await this.engine().call<number>('discardDeadLetters', ids, reason) };
  }

  async close(): Promise<void> {
    await this.backend?.close();
    this.backend = undefined;
  }

  private pendingLines: Array<EventPayload<'runs.onDidAppendLog'>['lines'][number]> = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  private relay(event: EngineEvent): void {
    if (event.type === 'log') {
      // Lines go out in batches (at most every 50 ms, or 1,000 at a time): a fast run logs thousands a second.
      this.pendingLines.push(logLineOf(event.flowId, event.line));
      if (this.pendingLines.length >= 1_000) this.flushLines();
      else this.flushTimer ??= setTimeout(() => this.flushLines(), LOG_BATCH_MS);
      return;
    }
    // A run's change follows the lines logged before it, so the log never lags the status it explains.
    this.flushLines();
    this.safeEmit(() => this.o.emit('runs.onDidChange', summaryOf(event.run)));
  }

  private flushLines(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingLines.length === 0) return;
    const lines = this.pendingLines;
    this.pendingLines = [];
    this.safeEmit(() => this.o.emit('runs.onDidAppendLog', { lines }));
  }

  private safeEmit(emit: () => void): void {
    try {
      emit();
    } catch {
      // A relay problem (a closed transport) must not reach the engine.
    }
  }
}

const LOG_BATCH_MS = 50;

/** A log line as the contract shows it. */
function logLineOf(flowId: string, l: LogLine): EventPayload<'runs.onDidAppendLog'>['lines'][number] {
  return {
    runId: l.runId,
    flowId,
    seq: l.seq,
    at: new Date(l.at).toISOString(),
    level: l.level,
    kind: l.kind,
    ...(l.node ? { node: l.node } : {}),
    ...(l.recordKey ? { recordKey: l.recordKey } : {}),
    message: l.message,
  };
}

/** A plan item's money as the contract shows it; its per-line amounts only with the detail. */
function moneyOf(
  { lines, byTax, ...totals }: PlanMoney,
  withDetail: boolean,
): NonNullable<CallOutput<'runs.planItems'>['items'][number]['money']> {
  return {
    ...totals,
    byTax: byTax.map((l) => ({ ...l })),
    ...(lines && withDetail ? { lines: lines.map((l) => l && { ...l }) } : {}),
  };
}

/** A stored run as the contract shows it. */
export function summaryOf(run: RunRow): RunSummary {
  return {
    id: run.id,
    flowId: run.flowId,
    flowName: run.flow.name,
    mode: run.mode,
    kind: run.kind,
    trigger: run.trigger,
    ...(run.apply ? { planOf: run.apply.planOf } : {}),
    status: run.status,
    counts: { ...run.counts, apiCalls: { ...run.counts.apiCalls } },
    startedAt: new Date(run.startedAt).toISOString(),
    updatedAt: new Date(run.updatedAt).toISOString(),
    ...(run.finishedAt !== undefined ? { finishedAt: new Date(run.finishedAt).toISOString() } : {}),
    ...(run.error ? { error: run.error } : {}),
  };
}
