import { useEffect, useRef, useState } from 'react';
import { LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import { useAppServices } from '../../app/useAppServices';
import { Icon } from '../../lib/ui/Icon';
import { useAppStore } from '../../stores/useAppStore';
import { FlowEditorStoreContext } from './flow-editor-context';
import { createFlowEditorStore, type FlowEditorStore } from './flow-editor-store';
import { FlowEditorHeader } from './FlowEditorHeader';
import { FlowEditorBody } from './FlowEditorBody';
import { useAutosave } from './useAutosave';
import { preloadMonaco } from '../../lib/monaco/load-monaco';
import { RunsStoreContext } from '../runs/runs-context';
import { RunsDock } from '../runs/RunsDock';
import { createRunsStore } from '../runs/runs-store';
import { useRunsSync } from '../runs/useRunsSync';

type Loaded =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly store: FlowEditorStore }
  | { readonly kind: 'missing' }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * One flow, opened: loads it, makes its store, and keeps it in step with changes made elsewhere (another
 * window, the CLI) and after a reconnect. Keyed by flow id, so another flow gets a fresh page and store.
 */
export function FlowEditorPage({ flowId, theme }: { flowId: string; theme: 'light' | 'dark' }) {
  const { client } = useAppServices();
  const connection = useAppStore((s) => s.connection);
  const navigate = useAppStore((s) => s.navigate);
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  // The store outlives reloads (a change elsewhere, a reconnect): the canvas keeps its state.
  const storeRef = useRef<FlowEditorStore>(undefined);

  useEffect(() => {
    if (connection !== 'open') return;
    let isCurrent = true;
    const load = async () => {
      try {
        const stored = await client.call('flows.get', { id: flowId });
        if (!isCurrent) return;
        if (storeRef.current) storeRef.current.getState().receiveStored(stored);
        else {
          storeRef.current = createFlowEditorStore(stored);
          setLoaded({ kind: 'ready', store: storeRef.current });
        }
      } catch (error) {
        if (!isCurrent) return;
        if (error instanceof LedgerflowError && error.code === 'LF-1102') setLoaded({ kind: 'missing' });
        else if (!storeRef.current)
          setLoaded({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    };
    void load();
    const unsubscribe = client.on('flows.onDidChange', (change) => {
      if (change.id !== flowId) return;
      if (change.kind === 'deleted') setLoaded({ kind: 'missing' });
      else void load();
    });
    return () => {
      isCurrent = false;
      unsubscribe();
    };
  }, [client, flowId, connection]);

  if (loaded.kind !== 'ready') {
    return (
      <div className="page editor-status">
        {loaded.kind === 'loading' ? (
          <p className="muted" aria-busy="true">
            Opening the flow…
          </p>
        ) : (
          <div className="load-error" role="alert">
            <Icon name="alert" />
            <div>
              <strong>
                {loaded.kind === 'missing' ? 'This flow no longer exists.' : 'The flow could not be opened.'}
              </strong>
              <div className="muted">
                {loaded.kind === 'missing'
                  ? 'It may have been deleted in another window or from the command line.'
                  : loaded.message}
              </div>
            </div>
            <button type="button" className="btn btn-secondary" onClick={() => navigate({ page: 'flows' })}>
              Back to flows
            </button>
          </div>
        )}
      </div>
    );
  }

  return <OpenFlowEditor store={loaded.store} theme={theme} />;
}

/** The editor around a loaded flow: autosaves it, and warms Monaco up once the canvas has painted. */
function OpenFlowEditor({ store, theme }: { store: FlowEditorStore; theme: 'light' | 'dark' }) {
  const { client } = useAppServices();
  const [runsStore] = useState(() => createRunsStore(store.getState().flow.id));
  useAutosave(store, client);
  useRunsSync(runsStore, client);
  useEffect(() => preloadMonaco(), []);
  return (
    <FlowEditorStoreContext value={store}>
      <RunsStoreContext value={runsStore}>
        <div className="editor" data-testid="flow-editor">
          <FlowEditorHeader />
          <div className="editor-main">
            <FlowEditorBody theme={theme} />
            <RunsDock />
          </div>
        </div>
      </RunsStoreContext>
    </FlowEditorStoreContext>
  );
}
