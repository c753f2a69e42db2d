import { CanvasWorkspace } from '../canvas/CanvasWorkspace';
import { Inspector } from '../canvas/inspector/Inspector';
import { FlowProblemsPanel } from './FlowProblemsPanel';
import { useFlowEditor } from './useFlowEditor';

/** Palette and canvas, the inspector beside them, and the problems panel when open. */
export function FlowEditorBody({ theme }: { theme: 'light' | 'dark' }) {
  const isPanelOpen = useFlowEditor((s) => s.isProblemsPanelOpen);
  return (
    <div className="editor-body">
      <CanvasWorkspace theme={theme} />
      <Inspector />
      {isPanelOpen && <FlowProblemsPanel />}
    </div>
  );
}
