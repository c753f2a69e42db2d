import { FlowCanvas } from '../canvas/FlowCanvas';
import { FlowProblemsPanel } from './FlowProblemsPanel';
import { useFlowEditor } from './useFlowEditor';

/** The canvas, with the problems panel beside it when open. */
export function FlowEditorBody({ theme }: { theme: 'light' | 'dark' }) {
  const isPanelOpen = useFlowEditor((s) => s.isProblemsPanelOpen);
  return (
    <div className="editor-body">
      <FlowCanvas theme={theme} />
      {isPanelOpen && <FlowProblemsPanel />}
    </div>
  );
}
