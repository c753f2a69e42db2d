import { useCallback, useRef, useState } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';
import { saveTextFile } from '../../lib/save-file';
import { Icon } from '../../lib/ui/Icon';
import type { FlowSummary } from '../../stores/flow-types';
import { useAppStore } from '../../stores/useAppStore';
import { DeleteFlowDialog } from './DeleteFlowDialog';
import { DropOverlay } from './DropOverlay';
import type { FlowAction } from './FlowRow';
import { FlowsTable } from './FlowsTable';
import { ImportBindingsDialog } from '../connection-bindings/ImportBindingsDialog';
import { ImportConflictDialog } from './ImportConflictDialog';
import { ImportProblemsDialog } from './ImportProblemsDialog';
import { NameFlowDialog } from './NameFlowDialog';
import { useFileDrop } from './useFileDrop';
import { useFlowImport } from './useFlowImport';
import { StartScreen } from '../start/StartScreen';
import { TemplatesSection } from '../start/TemplatesSection';

type OpenDialog =
  | { readonly kind: 'new' }
  | { readonly kind: 'rename'; readonly flow: FlowSummary }
  | { readonly kind: 'delete'; readonly flow: FlowSummary };

/** The start page: every flow, with new, import and the per-flow actions. */
export function FlowsListPage() {
  const { client, store } = useAppServices();
  const flows = useAppStore((s) => s.flows);
  const status = useAppStore((s) => s.flowsStatus);
  const loadError = useAppStore((s) => s.flowsError);
  const [dialog, setDialog] = useState<OpenDialog>();
  const fileInput = useRef<HTMLInputElement>(null);
  const flowImport = useFlowImport();
  const { importFile } = flowImport;

  const onDroppedFile = useCallback(
    (file: File, count: number) => {
      if (count > 1)
        store
          .getState()
          .notify({ tone: 'info', text: `Importing ${file.name} only: drop one file at a time.` });
      void importFile(file);
    },
    [importFile, store],
  );
  const isDragging = useFileDrop(onDroppedFile, dialog === undefined && flowImport.state.kind === 'idle');

  const pickFile = () => fileInput.current?.click();

  const onAction = useCallback(
    async (action: FlowAction, flow: FlowSummary) => {
      const { navigate, notify, duplicateFlow } = store.getState();
      switch (action) {
        case 'open':
          navigate({ page: 'editor', flowId: flow.id });
          return;
        case 'rename':
        case 'delete':
          setDialog({ kind: action, flow });
          return;
        case 'duplicate':
          try {
            const copy = await duplicateFlow(flow.id);
            notify({ tone: 'success', text: `Duplicated as '${copy.name}'` });
          } catch (error) {
            notify(errorNotice(`Could not duplicate '${flow.name}'`, error));
          }
          return;
        case 'export':
          try {
            const file = await client.call('flows.export', { id: flow.id });
            saveTextFile(file.fileName, file.text);
            notify({ tone: 'success', text: `Exported '${flow.name}'`, detail: `Saved as ${file.fileName}` });
          } catch (error) {
            notify(errorNotice(`Could not export '${flow.name}'`, error));
          }
          return;
      }
    },
    [client, store],
  );

  return (
    <div className="page flows-page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Flows</h1>
          <p className="page-subtitle">Keep Visma eAccounting, Visma.net ERP and Xero in step.</p>
        </div>
        <div className="page-actions">
          <button type="button" className="btn btn-secondary" onClick={pickFile}>
            <Icon name="upload" /> Import
          </button>
          <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'new' })}>
            <Icon name="plus" /> New flow
          </button>
        </div>
      </div>

      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Import a flow file"
        data-testid="import-file-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so choosing the same file again fires change again.
          event.target.value = '';
          if (file) void importFile(file);
        }}
      />

      {status === 'loading' && flows.length === 0 ? (
        <div className="table-card table-loading" aria-busy="true">
          Loading flows…
        </div>
      ) : status === 'failed' ? (
        <div className="load-error" role="alert">
          <Icon name="alert" />
          <div>
            <strong>The flows could not be loaded.</strong>
            <div className="muted">{loadError}</div>
          </div>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => void store.getState().refreshFlows()}
          >
            Try again
          </button>
        </div>
      ) : flows.length === 0 ? (
        <StartScreen onNew={() => setDialog({ kind: 'new' })} onImport={pickFile} />
      ) : (
        <>
          <FlowsTable flows={flows} onAction={onAction} />
          <p className="list-footnote muted small">
            {flows.length} {flows.length === 1 ? 'flow' : 'flows'} · Drop a flow file anywhere on this page to
            import it.
          </p>
          <TemplatesSection />
        </>
      )}

      {isDragging && <DropOverlay />}

      {dialog?.kind === 'new' && (
        <NameFlowDialog
          title="New flow"
          submitLabel="Create flow"
          initialName=""
          description="Name it after what it keeps in step, e.g. the systems and the records. It starts empty, in shadow mode."
          onClose={() => setDialog(undefined)}
          onSubmit={async (name) => {
            const stored = await store.getState().createFlow(name);
            setDialog(undefined);
            store.getState().navigate({ page: 'editor', flowId: stored.flow.id });
          }}
        />
      )}
      {dialog?.kind === 'rename' && (
        <NameFlowDialog
          title="Rename flow"
          submitLabel="Rename"
          initialName={dialog.flow.name}
          onClose={() => setDialog(undefined)}
          onSubmit={async (name) => {
            await store.getState().renameFlow(dialog.flow.id, name);
            setDialog(undefined);
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteFlowDialog
          flowName={dialog.flow.name}
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            try {
              await store.getState().deleteFlow(dialog.flow.id);
              store.getState().notify({ tone: 'success', text: `Deleted '${dialog.flow.name}'` });
            } catch (error) {
              store.getState().notify(errorNotice(`Could not delete '${dialog.flow.name}'`, error));
            }
            setDialog(undefined);
          }}
        />
      )}
      {flowImport.state.kind === 'refused' && (
        <ImportProblemsDialog refusal={flowImport.state} onClose={flowImport.dismiss} />
      )}
      {flowImport.state.kind === 'bind' && (
        <ImportBindingsDialog flowId={flowImport.state.flowId} onClose={flowImport.dismiss} />
      )}
      {flowImport.state.kind === 'conflict' && (
        <ImportConflictDialog
          conflict={flowImport.state}
          onChoose={flowImport.resolveConflict}
          onClose={flowImport.dismiss}
        />
      )}
    </div>
  );
}
