import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import type { CallOutput } from '../../../shared/contract/contract-registry';
import { createError, LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { Flow } from '../../../shared/flow/flow.schema';
import type { KeyValueFile, KeyValueFileFactory } from '../flows/key-value-file';
import type { HostLog } from '../host-log';

type Schedule = CallOutput<'runs.schedule.get'>;

/** Timers, injectable so tests run schedules without waiting. */
export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What the scheduler needs from the host. */
export interface RunSchedulerOptions {
  readonly dataDir: string;
  readonly openStore: KeyValueFileFactory;
  readonly log: HostLog;
  /** The flow as it is now, or undefined when it was deleted. */
  readonly flow: (flowId: string) => Flow | undefined;
  /** Starts a run of the flow in its mode, marked as started by the schedule. */
  readonly start: (flowId: string, mode: Flow['mode']) => Promise<unknown>;
  readonly clock?: SchedulerClock;
}

/** Calls a delta run of one source or destination node may make (a read or match page, and a write batch). */
const CALLS_PER_NODE = 10;
/** Scheduled runs may use at most this share of a company's daily calls; the rest is the user's. */
const SCHEDULE_SHARE = 0.5;
const STORE_NAME = 'schedules';
const KEY = 'everyMinutes';

/**
 * Runs flows every N minutes while the app runs (issue 8): a delta run in the flow's mode (shadow until the
 * bookkeeper takes it live), from the cursors the last successful run stored. Schedules are this machine's
 * (beside the bindings, never in the flow file). The shortest interval keeps a flow's scheduled runs inside half of
 * the daily call limit of the strictest API it talks to. A run that is still going when the next is due is not
 * doubled: that tick is skipped.
 */
export class RunScheduler {
  private readonly file: KeyValueFile;
  private readonly clock: SchedulerClock;
  private readonly timers = new Map<string, { handle: unknown; at: number }>();

  constructor(private readonly o: RunSchedulerOptions) {
    this.file = o.openStore({ cwd: o.dataDir, name: STORE_NAME });
    this.clock = o.clock ?? systemClock;
  }

  /** Arms every stored schedule (at start-up). */
  startAll(): void {
    for (const [flowId, minutes] of Object.entries(this.all())) {
      if (this.o.flow(flowId)) this.arm(flowId, minutes);
      else this.forget(flowId);
    }
  }

  get(flowId: string): Schedule {
    const flow = this.requireFlow(flowId);
    const everyMinutes = this.all()[flowId] ?? null;
    const timer = this.timers.get(flowId);
    return {
      flowId,
      everyMinutes,
      minimumMinutes: minimumMinutes(flow),
      ...(timer ? { nextRunAt: new Date(timer.at).toISOString() } : {}),
    };
  }

  set(flowId: string, everyMinutes: number | null): Schedule {
    const flow = this.requireFlow(flowId);
    const all = this.all();
    if (everyMinutes === null) {
      delete all[flowId];
      this.file.set(KEY, all);
      this.disarm(flowId);
      this.o.log.info('runs', `Stopped the schedule of '${flow.name}'`);
      return this.get(flowId);
    }
    const minimum = minimumMinutes(flow);
    if (everyMinutes < minimum)
      throw createError(
        'LF-1001',
        `'${flow.name}' can run at most every ${minimum} minutes: more often would use more than half of ${strictestLimit(flow)}`,
        [{ path: 'everyMinutes', message: `must be at least ${minimum}` }],
      );
    this.file.set(KEY, { ...all, [flowId]: everyMinutes });
    this.arm(flowId, everyMinutes);
    this.o.log.info('runs', `'${flow.name}' now runs every ${everyMinutes} minutes`);
    return this.get(flowId);
  }

  /** Forgets a deleted flow's schedule. */
  forget(flowId: string): void {
    this.disarm(flowId);
    const all = this.all();
    if (!(flowId in all)) return;
    delete all[flowId];
    this.file.set(KEY, all);
  }

  stopAll(): void {
    for (const flowId of [...this.timers.keys()]) this.disarm(flowId);
  }

  private arm(flowId: string, minutes: number): void {
    this.disarm(flowId);
    const ms = minutes * 60_000;
    const at = this.clock.now() + ms;
    const handle = this.clock.setTimeout(() => void this.tick(flowId), ms);
    this.timers.set(flowId, { handle, at });
  }

  private disarm(flowId: string): void {
    const timer = this.timers.get(flowId);
    if (timer) this.clock.clearTimeout(timer.handle);
    this.timers.delete(flowId);
  }

  private async tick(flowId: string): Promise<void> {
    this.timers.delete(flowId);
    const minutes = this.all()[flowId];
    const flow = this.o.flow(flowId);
    if (minutes === undefined || !flow) return this.forget(flowId);
    // The next tick is armed first, so a failing start never ends the schedule.
    this.arm(flowId, minutes);
    try {
      await this.o.start(flowId, flow.mode);
    } catch (error) {
      const e = error instanceof LedgerflowError ? error : undefined;
      if (e?.code === 'LF-3010')
        this.o.log.info('runs', `Skipped a scheduled run of '${flow.name}': ${e.message}`);
      else
        this.o.log.warn(
          'runs',
          `A scheduled run of '${flow.name}' could not start: ${(error as Error)?.message ?? String(error)}`,
        );
    }
  }

  private requireFlow(flowId: string): Flow {
    const flow = this.o.flow(flowId);
    if (!flow) throw createError('LF-1102', `There is no flow ${flowId}`);
    return flow;
  }

  private all(): Record<string, number> {
    const raw = this.file.get(KEY);
    return raw !== null && typeof raw === 'object' ? { ...(raw as Record<string, number>) } : {};
  }
}

/** The systems the flow's source, destination and lookup nodes talk to, with how many nodes each. */
function nodesPerSystem(flow: Flow): Map<keyof typeof connectorDescriptors, number> {
  const out = new Map<keyof typeof connectorDescriptors, number>();
  for (const node of flow.nodes) {
    const ref = 'connection' in node.config ? node.config.connection : undefined;
    const system = ref ? flow.connections[ref]?.system : undefined;
    if (system) out.set(system, (out.get(system) ?? 0) + 1);
  }
  return out;
}

/** The shortest interval, in minutes, that keeps scheduled runs inside half of every API's daily limit. */
export function minimumMinutes(flow: Flow): number {
  let minutes = 1;
  for (const [system, nodes] of nodesPerSystem(flow)) {
    const runsPerDay = (connectorDescriptors[system].callsPerDay * SCHEDULE_SHARE) / (nodes * CALLS_PER_NODE);
    minutes = Math.max(minutes, Math.ceil(1_440 / runsPerDay));
  }
  return minutes;
}

function strictestLimit(flow: Flow): string {
  const systems = [...nodesPerSystem(flow).keys()].map((s) => connectorDescriptors[s]);
  const strictest = systems.sort((a, b) => a.callsPerDay - b.callsPerDay)[0];
  return strictest
    ? `${strictest.label}'s ${strictest.callsPerDay.toLocaleString('en')} calls a day`
    : 'the APIs’ limits';
}
