import { useEffect } from 'react';
import { LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { ContractClient } from '../../bridge/contract-client';
import type { FlowProblemItem } from '../../stores/flow-types';
import type { FlowEditorStore } from './flow-editor-store';

/** How long the document must rest before it is saved. */
export const AUTOSAVE_DELAY_MS = 600;

const isProblem = (value: unknown): value is FlowProblemItem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { path?: unknown }).path === 'string' &&
  typeof (value as { message?: unknown }).message === 'string';

/**
 * Saves the open flow through `flows.save` once edits rest for {@link AUTOSAVE_DELAY_MS}. One save at a time; edits
 * made during a save are saved after it. A refusal (LF-1101 with problems) or a lost connection keeps the local
 * document: nothing the user typed is dropped, and the next edit (or reconnect) tries again.
 */
export function startAutosave(
  store: FlowEditorStore,
  client: ContractClient,
): { flush(): Promise<void>; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | undefined;
  let stopped = false;

  const save = async (): Promise<void> => {
    timer = undefined;
    if (inFlight) return inFlight.then(save);
    const { flow, savedFlow } = store.getState();
    if (flow === savedFlow) return;
    store.getState().markSaving();
    inFlight = (async () => {
      try {
        const stored = await client.call('flows.save', { flow });
        store.getState().markSaved(flow, stored);
      } catch (error) {
        const problems =
          error instanceof LedgerflowError && Array.isArray(error.details)
            ? error.details.filter(isProblem)
            : [];
        const message =
          error instanceof LedgerflowError && error.code === 'LF-1101'
            ? `Not saved: ${problems[0]?.message ?? error.message}`
            : `Not saved: ${error instanceof Error ? error.message : String(error)}`;
        store.getState().markSaveFailed(message, problems);
      } finally {
        inFlight = undefined;
      }
    })();
    await inFlight;
    // Edits made while saving are saved next (unless the save was refused: that waits for the next edit).
    const after = store.getState();
    if (!stopped && after.saveStatus === 'unsaved') schedule();
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.flow !== previous.flow && state.flow !== state.savedFlow) schedule();
  });

  return {
    async flush() {
      if (timer) clearTimeout(timer);
      await save();
    },
    stop() {
      stopped = true;
      unsubscribe();
      // Leaving the editor with edits pending: save them now rather than drop them.
      if (timer) {
        clearTimeout(timer);
        void save();
      }
    },
  };
}

const running = new WeakMap<FlowEditorStore, { flush(): Promise<void> }>();

/** Saves the flow's pending edits now (before an export, say); resolves when the host has them or refused them. */
export function flushAutosave(store: FlowEditorStore): Promise<void> {
  return running.get(store)?.flush() ?? Promise.resolve();
}

/** Runs the autosave for the editor's lifetime. */
export function useAutosave(store: FlowEditorStore, client: ContractClient): void {
  useEffect(() => {
    const autosave = startAutosave(store, client);
    running.set(store, autosave);
    return () => {
      running.delete(store);
      autosave.stop();
    };
  }, [store, client]);
}
