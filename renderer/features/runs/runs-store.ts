import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CallOutput } from '../../../shared/contract/contract-registry';

/** A run as the contract gives it. */
export type RunSummary = CallOutput<'runs.get'>;

/** What one node did in a run. */
export type NodeCounts = CallOutput<'runs.nodeCounts'>['nodes'][number];

/** The tabs of the runs dock under the canvas. */
export type DockTab = 'log' | 'plan' | 'dead-letters' | 'history';

/** How many runs of a flow the editor keeps at hand (the history tab pages further). */
export const RECENT_RUNS = 50;

/**
 * The runs of one open flow: the recent ones (kept current by `runs.onDidChange`), which one the dock shows, and
 * the dock's view state. One store per open flow, like the flow editor's; view state only.
 */
export interface RunsState {
  readonly flowId: string;
  /** Newest first. */
  readonly runs: readonly RunSummary[];
  /** The run the dock shows; undefined follows the newest. */
  readonly selectedRunId: string | undefined;
  readonly dockTab: DockTab;
  readonly isDockOpen: boolean;
  /** A record the plan tab should scroll to and open (set by "jump to record" in the log). */
  readonly focusRecordKey: string | undefined;
  /** What each node did in the last finished run (the canvas shows it on the nodes). */
  readonly nodeCounts:
    { readonly runId: string; readonly byNode: ReadonlyMap<string, NodeCounts> } | undefined;
  receiveNodeCounts(runId: string, nodes: readonly NodeCounts[]): void;
  receiveRuns(runs: readonly RunSummary[]): void;
  /** A run started, progressed or finished. */
  receiveRun(run: RunSummary): void;
  selectRun(runId: string | undefined): void;
  openDock(tab?: DockTab): void;
  setDockOpen(isOpen: boolean): void;
  focusRecord(recordKey: string | undefined): void;
}

/** One flow's runs store. */
export type RunsStore = StoreApi<RunsState>;

export function createRunsStore(flowId: string): RunsStore {
  return createStore<RunsState>()((set) => ({
    flowId,
    runs: [],
    selectedRunId: undefined,
    dockTab: 'log',
    isDockOpen: false,
    focusRecordKey: undefined,
    nodeCounts: undefined,
    receiveNodeCounts: (runId, nodes) =>
      set({ nodeCounts: { runId, byNode: new Map(nodes.map((n) => [n.node, n])) } }),
    // A list answer can be older than an event that arrived while it was on its way: merge, newest state wins.
    receiveRuns: (runs) =>
      set((s) => {
        const byId = new Map(s.runs.map((r) => [r.id, r]));
        for (const r of runs) {
          const known = byId.get(r.id);
          if (!known || known.updatedAt <= r.updatedAt) byId.set(r.id, r);
        }
        return { runs: [...byId.values()].sort(newestFirst).slice(0, RECENT_RUNS) };
      }),
    receiveRun: (run) =>
      set((s) => {
        if (run.flowId !== s.flowId) return s;
        const before = s.runs.find((r) => r.id === run.id);
        const others = s.runs.filter((r) => r.id !== run.id);
        const runs = [run, ...others].sort(newestFirst).slice(0, RECENT_RUNS);
        // An applied plan that waits for confirmation needs the bookkeeper: show its held records.
        const needsConfirmation =
          run.status === 'awaiting-confirmation' && before?.status !== 'awaiting-confirmation';
        return needsConfirmation
          ? { runs, isDockOpen: true, dockTab: 'plan' as const, selectedRunId: run.id }
          : { runs };
      }),
    selectRun: (selectedRunId) => set({ selectedRunId }),
    openDock: (tab) => set((s) => ({ isDockOpen: true, dockTab: tab ?? s.dockTab })),
    setDockOpen: (isDockOpen) => set({ isDockOpen }),
    focusRecord: (focusRecordKey) =>
      set(focusRecordKey ? { focusRecordKey, isDockOpen: true, dockTab: 'plan' } : { focusRecordKey }),
  }));
}

const newestFirst = (a: RunSummary, b: RunSummary) => b.startedAt.localeCompare(a.startedAt);

/** The run the dock shows: the selected one, else the newest. */
export const shownRun = (s: RunsState): RunSummary | undefined =>
  (s.selectedRunId ? s.runs.find((r) => r.id === s.selectedRunId) : undefined) ?? s.runs[0];

/** The newest run that has ended (its counts are final). */
export const lastFinishedRun = (s: RunsState): RunSummary | undefined => s.runs.find((r) => r.finishedAt);

/** A run that has not ended (a crash-resumed one included). */
export const isActive = (run: RunSummary | undefined): boolean =>
  run !== undefined && (run.status === 'planning' || run.status === 'executing');
