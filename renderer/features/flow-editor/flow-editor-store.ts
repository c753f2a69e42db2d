import { createStore, type StoreApi } from 'zustand/vanilla';
import { parseFlowDocument } from '../../../shared/flow/flow-validation';
import type { Flow } from '../../../shared/flow/flow.schema';
import type { FlowProblemItem, StoredFlow } from '../../stores/flow-types';
import { jsonEqual } from './flow-edits';
import { checkNodes } from './node-checks';

/** How many edits undo reaches back. */
export const HISTORY_LIMIT = 200;
/** Edits with the same coalesce key this close together are one undo step (typing in a field). */
const COALESCE_MS = 1_000;

/** Where the document stands against the host's copy. */
export type SaveStatus = 'saved' | 'saving' | 'unsaved' | 'error';

/**
 * The state of one open flow: the document (ahead of the host's copy while edits are unsaved), its undo history,
 * problems, save state and the view state around it (selection, panels). One store per open flow, given through
 * context (zustand's "initialize state with props"). View state never enters the document (STYLE.md §6).
 *
 * Undo is a list of whole documents: edits are immutable and share every untouched node, so a step costs one
 * array and the changed objects, and undo/redo are pointer swaps.
 */
export interface FlowEditorState {
  readonly flow: Flow;
  /** The last document the host confirmed; `flow !== savedFlow` means unsaved edits. */
  readonly savedFlow: Flow;
  /** The flow format's validation and the editor's node checks of `flow`. */
  readonly problems: readonly FlowProblemItem[];
  /** When the host last saved this flow. */
  readonly updatedAt: string;
  readonly saveStatus: SaveStatus;
  /** Why the last save failed (the host's refusal or the connection), shown beside the save state. */
  readonly saveError: string | undefined;
  /** The problems the host gave when it last refused a save (cleared by the next successful one). */
  readonly hostProblems: readonly FlowProblemItem[];
  readonly past: readonly Flow[];
  readonly future: readonly Flow[];
  readonly selectedNodeIds: readonly string[];
  /** The one selected node (the inspector's subject), or undefined for none or many. */
  readonly selectedNodeId: string | undefined;
  readonly isProblemsPanelOpen: boolean;
  /** Applies an edit as one undo step (or folds it into the last one when `coalesce` matches). */
  edit(recipe: (flow: Flow) => Flow, options?: { coalesce?: string; select?: readonly string[] }): void;
  undo(): void;
  redo(): void;
  /** Takes the host's copy (after a load, or a change from another window). Unsaved local edits win. */
  receiveStored(stored: StoredFlow): void;
  markSaving(): void;
  /** The host saved `sent`; edits made meanwhile stay unsaved. */
  markSaved(sent: Flow, stored: StoredFlow): void;
  /** The save failed; `problems` are the host's reasons when it refused the document (LF-1101). */
  markSaveFailed(message: string, problems?: readonly FlowProblemItem[]): void;
  selectNode(nodeId: string | undefined): void;
  setSelection(nodeIds: readonly string[]): void;
  setProblemsPanelOpen(isOpen: boolean): void;
}

/** One flow editor's store. */
export type FlowEditorStore = StoreApi<FlowEditorState>;

/** The format's validation plus the editor's node checks. */
export function problemsOf(flow: Flow): FlowProblemItem[] {
  const parsed = parseFlowDocument(flow);
  return [...parsed.problems, ...checkNodes(flow)];
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** Creates the store for one open flow from the host's copy of it. */
export function createFlowEditorStore(
  stored: StoredFlow,
  now: () => number = () => Date.now(),
): FlowEditorStore {
  let lastCoalesce: { key: string; at: number } | undefined;
  return createStore<FlowEditorState>()((set, get) => {
    const withFlow = (flow: Flow, extra: Partial<FlowEditorState> = {}): Partial<FlowEditorState> => {
      const ids = new Set(flow.nodes.map((n) => n.id));
      const selected = (extra.selectedNodeIds ?? get().selectedNodeIds).filter((id) => ids.has(id));
      return {
        ...extra,
        flow,
        problems: problemsOf(flow),
        saveStatus: flow === get().savedFlow ? 'saved' : get().saveStatus === 'saving' ? 'saving' : 'unsaved',
        selectedNodeIds: selected,
        selectedNodeId: selected.length === 1 ? selected[0] : undefined,
      };
    };
    return {
      flow: stored.flow,
      savedFlow: stored.flow,
      problems: problemsOf(stored.flow),
      updatedAt: stored.updatedAt,
      saveStatus: 'saved',
      saveError: undefined,
      hostProblems: [],
      past: [],
      future: [],
      selectedNodeIds: [],
      selectedNodeId: undefined,
      isProblemsPanelOpen: false,
      edit(recipe, options) {
        const { flow, past } = get();
        const next = recipe(flow);
        if (next === flow) {
          if (options?.select) get().setSelection(options.select);
          return;
        }
        const at = now();
        const fold =
          options?.coalesce !== undefined &&
          lastCoalesce?.key === options.coalesce &&
          at - lastCoalesce.at < COALESCE_MS &&
          past.length > 0;
        lastCoalesce = options?.coalesce === undefined ? undefined : { key: options.coalesce, at };
        set(
          withFlow(next, {
            past: fold ? past : [...past.slice(-(HISTORY_LIMIT - 1)), flow],
            future: [],
            ...(options?.select ? { selectedNodeIds: options.select } : {}),
          }),
        );
      },
      undo() {
        const { past, future, flow } = get();
        const previous = past.at(-1);
        if (!previous) return;
        lastCoalesce = undefined;
        set(withFlow(previous, { past: past.slice(0, -1), future: [flow, ...future] }));
      },
      redo() {
        const { past, future, flow } = get();
        const next = future[0];
        if (!next) return;
        lastCoalesce = undefined;
        set(withFlow(next, { past: [...past, flow], future: future.slice(1) }));
      },
      receiveStored(next) {
        const { flow, savedFlow } = get();
        if (flow !== savedFlow) {
          // Local edits not yet saved: the autosave will write them; the host's copy must not undo them.
          set({ updatedAt: next.updatedAt });
          return;
        }
        if (jsonEqual(next.flow, flow)) {
          set({ updatedAt: next.updatedAt });
          return;
        }
        // Changed elsewhere (another window, the CLI): take it, as an undoable step.
        set({ ...withFlow(next.flow, { past: [...get().past, flow], future: [] }), savedFlow: next.flow });
        set({ saveStatus: 'saved', updatedAt: next.updatedAt });
      },
      markSaving() {
        set({ saveStatus: 'saving' });
      },
      markSaved(sent, stored) {
        const isCurrent = get().flow === sent;
        set({
          savedFlow: sent,
          updatedAt: stored.updatedAt,
          saveStatus: isCurrent ? 'saved' : 'unsaved',
          saveError: undefined,
          hostProblems: [],
        });
      },
      markSaveFailed(saveError, hostProblems = []) {
        set({ saveStatus: 'error', saveError, hostProblems });
      },
      selectNode(nodeId) {
        get().setSelection(nodeId === undefined ? [] : [nodeId]);
      },
      setSelection(nodeIds) {
        if (sameIds(nodeIds, get().selectedNodeIds)) return;
        set({ selectedNodeIds: nodeIds, selectedNodeId: nodeIds.length === 1 ? nodeIds[0] : undefined });
      },
      setProblemsPanelOpen(isProblemsPanelOpen) {
        set({ isProblemsPanelOpen });
      },
    };
  });
}
