import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Flow } from '../../../shared/flow/flow.schema';
import type { FlowProblemItem, StoredFlow } from '../../stores/flow-types';

/**
 * The state of one open flow: the document, its problems and the view state around it (selection). One store
 * per open flow, given through context (zustand's "initialize state with props"); the canvas edits it.
 * View state never enters the document (STYLE.md §6).
 */
export interface FlowEditorState {
  readonly flow: Flow;
  readonly problems: readonly FlowProblemItem[];
  /** When the host last saved this flow. */
  readonly updatedAt: string;
  readonly selectedNodeId: string | undefined;
  readonly isProblemsPanelOpen: boolean;
  /** Takes the host's copy (after a load, a save, or a change from another window). */
  receiveStored(stored: StoredFlow): void;
  selectNode(nodeId: string | undefined): void;
  setProblemsPanelOpen(isOpen: boolean): void;
}

/** One flow editor's store. */
export type FlowEditorStore = StoreApi<FlowEditorState>;

/** Creates the store for one open flow from the host's copy of it. */
export function createFlowEditorStore(stored: StoredFlow): FlowEditorStore {
  return createStore<FlowEditorState>()((set, get) => ({
    flow: stored.flow,
    problems: stored.problems,
    updatedAt: stored.updatedAt,
    selectedNodeId: undefined,
    isProblemsPanelOpen: false,
    receiveStored(next) {
      const selected = get().selectedNodeId;
      const stillThere = selected !== undefined && next.flow.nodes.some((node) => node.id === selected);
      set({
        flow: next.flow,
        problems: next.problems,
        updatedAt: next.updatedAt,
        selectedNodeId: stillThere ? selected : undefined,
      });
    },
    selectNode(selectedNodeId) {
      set({ selectedNodeId });
    },
    setProblemsPanelOpen(isProblemsPanelOpen) {
      set({ isProblemsPanelOpen });
    },
  }));
}
