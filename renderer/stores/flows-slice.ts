import type { StateCreator } from 'zustand/vanilla';
import type { ContractClient } from '../bridge/contract-client';
import type { AppState } from './app-store';
import type { FlowSummary, StoredFlow } from './flow-types';

/** What the flows list knows: the summaries, and whether they have been loaded. */
export interface FlowsSlice {
  flows: FlowSummary[];
  flowsStatus: 'loading' | 'ready' | 'failed';
  flowsError: string | undefined;
  /** Reloads the list from the host; the newest answer wins when calls overlap. */
  refreshFlows(): Promise<void>;
  createFlow(name: string): Promise<StoredFlow>;
  renameFlow(id: string, name: string): Promise<FlowSummary>;
  duplicateFlow(id: string): Promise<FlowSummary>;
  deleteFlow(id: string): Promise<void>;
}

/** The flows slice; every change goes through the contract, then the list is reloaded from the host. */
export function createFlowsSlice(client: ContractClient): StateCreator<AppState, [], [], FlowsSlice> {
  let latestRequest = 0;
  return (set, get) => ({
    flows: [],
    flowsStatus: 'loading',
    flowsError: undefined,
    async refreshFlows() {
      const request = ++latestRequest;
      try {
        const { flows } = await client.call('flows.list', {});
        if (request === latestRequest) set({ flows, flowsStatus: 'ready', flowsError: undefined });
      } catch (error) {
        if (request !== latestRequest) return;
        // A failed refresh keeps what is shown; only a first load has nothing to fall back on.
        set({
          flowsStatus: get().flowsStatus === 'ready' ? 'ready' : 'failed',
          flowsError: error instanceof Error ? error.message : String(error),
        });
      }
    },
    async createFlow(name) {
      const stored = await client.call('flows.create', { name });
      void get().refreshFlows();
      return stored;
    },
    async renameFlow(id, name) {
      const summary = await client.call('flows.rename', { id, name });
      void get().refreshFlows();
      return summary;
    },
    async duplicateFlow(id) {
      const summary = await client.call('flows.duplicate', { id });
      void get().refreshFlows();
      return summary;
    },
    async deleteFlow(id) {
      await client.call('flows.delete', { id });
      set({ flows: get().flows.filter((flow) => flow.id !== id) });
      void get().refreshFlows();
    },
  });
}
