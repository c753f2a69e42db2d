import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createRunsStore, type NodeCounts, type RunsState, type RunsStore } from './runs-store';

/** The open flow's runs store. */
export const RunsStoreContext = createContext<RunsStore | undefined>(undefined);

/** Selects from the open flow's runs store. */
export function useRuns<T>(selector: (s: RunsState) => T): T {
  const store = useContext(RunsStoreContext);
  if (!store) throw new Error('useRuns must be used inside the flow editor');
  return useStore(store, selector);
}

const noRuns = createRunsStore('');

/** What a node did in the flow's last finished run; undefined outside an editor or before any run. */
export function useNodeRunCounts(nodeId: string): NodeCounts | undefined {
  const store = useContext(RunsStoreContext) ?? noRuns;
  return useStore(store, (s) => s.nodeCounts?.byNode.get(nodeId));
}

/** The open flow's runs store itself (for event handlers). */
export function useRunsStore(): RunsStore {
  const store = useContext(RunsStoreContext);
  if (!store) throw new Error('useRunsStore must be used inside the flow editor');
  return store;
}
