import { useCallback, useState } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';
import {
  describeImportFailure,
  refuseOversizedFile,
  type ImportConflict,
  type ImportRefusal,
} from './flow-import';

/** Where an import stands: idle, working, or waiting on the user in a dialog. */
export type ImportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy' }
  | ImportRefusal
  | ImportConflict
  /** Imported; some connection reference could be any of several companies: ask which (ARCHITECTURE §3). */
  | { readonly kind: 'bind'; readonly flowId: string };

/**
 * Imports flow files (from the file picker or a drop): refusals open the problems dialog, a taken id opens the
 * conflict dialog, success shows a notice and, where a connection could be several of the user's companies,
 * asks which. `resolveConflict` re-sends the same text with the user's choice.
 */
export function useFlowImport() {
  const { client, store } = useAppServices();
  const [state, setState] = useState<ImportState>({ kind: 'idle' });

  const send = useCallback(
    async (fileName: string, text: string, onConflict: 'ask' | 'replace' | 'copy') => {
      const { notify, refreshFlows } = store.getState();
      setState({ kind: 'busy' });
      try {
        const result = await client.call('flows.import', { text, onConflict });
        const { bindings } = await client.call('flows.bindings', { id: result.summary.id });
        const needsChoice = bindings.some((b) => b.connectionId === null && b.candidates.length > 0);
        setState(needsChoice ? { kind: 'bind', flowId: result.summary.id } : { kind: 'idle' });
        const notes = [
          result.replaced ? 'The existing flow was replaced.' : undefined,
          result.migratedFrom !== undefined
            ? `Updated from flow format version ${result.migratedFrom}.`
            : undefined,
          result.summary.problemCount > 0
            ? `${result.summary.problemCount} ${result.summary.problemCount === 1 ? 'thing needs' : 'things need'} your attention before it can run.`
            : undefined,
        ].filter((note) => note !== undefined);
        notify({
          tone: 'success',
          text: `Imported '${result.summary.name}'`,
          ...(notes.length > 0 ? { detail: notes.join(' ') } : {}),
        });
        void refreshFlows();
      } catch (error) {
        const outcome = describeImportFailure(error, fileName, text);
        setState(outcome ?? { kind: 'idle' });
        if (!outcome) notify(errorNotice(`Could not import ${fileName}`, error));
      }
    },
    [client, store],
  );

  const importFile = useCallback(
    async (file: File) => {
      const tooLarge = refuseOversizedFile(file);
      if (tooLarge) {
        setState(tooLarge);
        return;
      }
      let text: string;
      try {
        text = await file.text();
      } catch (error) {
        store.getState().notify(errorNotice(`Could not read ${file.name}`, error));
        return;
      }
      await send(file.name, text, 'ask');
    },
    [send, store],
  );

  const resolveConflict = useCallback(
    (choice: 'replace' | 'copy') => {
      if (state.kind === 'conflict') void send(state.fileName, state.text, choice);
    },
    [send, state],
  );

  const dismiss = useCallback(() => setState({ kind: 'idle' }), []);

  return { state, importFile, resolveConflict, dismiss };
}
