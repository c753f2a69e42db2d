import { useEffect } from 'react';
import type { ContractClient } from '../../bridge/contract-client';
import { useAppStore } from '../../stores/useAppStore';
import { lastFinishedRun, RECENT_RUNS, type RunsStore } from './runs-store';

/** Loads the flow's recent runs and keeps them current (after a reconnect too). */
export function useRunsSync(store: RunsStore, client: ContractClient): void {
  const connection = useAppStore((s) => s.connection);
  useEffect(() => {
    if (connection !== 'open') return;
    const { flowId } = store.getState();
    let isCurrent = true;
    const off = client.on('runs.onDidChange', (run) => store.getState().receiveRun(run));
    client
      .call('runs.list', { flowId, limit: RECENT_RUNS })
      .then(({ runs }) => isCurrent && store.getState().receiveRuns(runs))
      .catch(() => undefined);
    // The canvas shows the last finished run's counts on its nodes: load them whenever that run changes.
    const loadNodeCounts = () => {
      const last = lastFinishedRun(store.getState());
      if (!last || store.getState().nodeCounts?.runId === last.id) return;
      client
        .call('runs.nodeCounts', { runId: last.id })
        .then(({ nodes }) => isCurrent && store.getState().receiveNodeCounts(last.id, nodes))
        .catch(() => undefined);
    };
    const offStore = store.subscribe((s, before) => s.runs !== before.runs && loadNodeCounts());
    return () => {
      isCurrent = false;
      off();
      offStore();
    };
  }, [store, client, connection]);
}
