import { useContext } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { FlowBindingsButton } from '../connection-bindings/FlowBindingsButton';
import { errorNotice } from '../../lib/error-notice';
import { saveTextFile } from '../../lib/save-file';
import { Icon } from '../../lib/ui/Icon';
import { ModeBadge } from '../../lib/ui/ModeBadge';
import { useAppStore } from '../../stores/useAppStore';
import { FlowEditorStoreContext } from './flow-editor-context';
import { SaveState } from './SaveState';
import { RunControls } from '../runs/RunControls';
import './flow-editor.css';
import { flushAutosave } from './useAutosave';
import { useFlowEditor } from './useFlowEditor';

/** The editor's bar: back to the flows, the flow's name and mode, save state, problems and export. */
export function FlowEditorHeader() {
  const { client, store: appStore } = useAppServices();
  const store = useContext(FlowEditorStoreContext)!;
  const navigate = useAppStore((s) => s.navigate);
  const flowId = useFlowEditor((s) => s.flow.id);
  const name = useFlowEditor((s) => s.flow.name);
  const description = useFlowEditor((s) => s.flow.description);
  const mode = useFlowEditor((s) => s.flow.mode);
  const problemCount = useFlowEditor(
    (s) =>
      s.problems.length +
      s.hostProblems.filter((h) => !s.problems.some((p) => p.path === h.path && p.message === h.message))
        .length,
  );
  const hasErrors = useFlowEditor(
    (s) => s.problems.some((p) => p.severity === 'error') || s.hostProblems.length > 0,
  );
  const isPanelOpen = useFlowEditor((s) => s.isProblemsPanelOpen);
  const setPanelOpen = useFlowEditor((s) => s.setProblemsPanelOpen);

  const exportFlow = async () => {
    const { notify } = appStore.getState();
    try {
      await flushAutosave(store);
      if (store.getState().saveStatus !== 'saved') {
        notify({
          tone: 'error',
          text: `Could not export '${name}': it has unsaved changes`,
          detail: store.getState().saveError,
        });
        return;
      }
      const file = await client.call('flows.export', { id: store.getState().flow.id });
      saveTextFile(file.fileName, file.text);
      notify({ tone: 'success', text: `Exported '${name}'`, detail: `Saved as ${file.fileName}` });
    } catch (error) {
      notify(errorNotice(`Could not export '${name}'`, error));
    }
  };

  return (
    <div className="editor-header">
      <button type="button" className="btn btn-ghost" onClick={() => navigate({ page: 'flows' })}>
        <Icon name="arrow-left" /> Flows
      </button>
      <span className="editor-header-divider" aria-hidden="true" />
      <div className="editor-title">
        <h1 className="editor-name" title={description ?? name}>
          {name}
        </h1>
        <ModeBadge mode={mode} />
        <SaveState />
      </div>
      <div className="editor-header-end">
        {problemCount > 0 ? (
          <button
            type="button"
            className={`btn ${hasErrors ? 'btn-attention btn-attention-error' : 'btn-attention'}`}
            aria-expanded={isPanelOpen}
            aria-controls="flow-problems"
            onClick={() => setPanelOpen(!isPanelOpen)}
          >
            <Icon name="alert" size={14} />
            {problemCount} {problemCount === 1 ? 'problem' : 'problems'}
          </button>
        ) : (
          <span className="ready">
            <Icon name="check" size={14} /> No problems
          </span>
        )}
        <FlowBindingsButton flowId={flowId} />
        <RunControls />
        <button type="button" className="btn btn-secondary btn-compact" onClick={() => void exportFlow()}>
          <Icon name="download" size={15} /> Export
        </button>
      </div>
    </div>
  );
}
