import { Icon } from '../../lib/ui/Icon';
import { ModeBadge } from '../../lib/ui/ModeBadge';
import { useAppStore } from '../../stores/useAppStore';
import { useFlowEditor } from './useFlowEditor';

/** The editor's bar: back to the flows, the flow's name and mode, and how many problems it has. */
export function FlowEditorHeader() {
  const navigate = useAppStore((s) => s.navigate);
  const name = useFlowEditor((s) => s.flow.name);
  const description = useFlowEditor((s) => s.flow.description);
  const mode = useFlowEditor((s) => s.flow.mode);
  const problemCount = useFlowEditor((s) => s.problems.length);
  const isPanelOpen = useFlowEditor((s) => s.isProblemsPanelOpen);
  const setPanelOpen = useFlowEditor((s) => s.setProblemsPanelOpen);

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
      </div>
      <div className="editor-header-end">
        {problemCount > 0 ? (
          <button
            type="button"
            className="btn btn-attention"
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
      </div>
    </div>
  );
}
