import { Panel, useReactFlow } from '@xyflow/react';
import { useContext } from 'react';
import { fitViewOptions } from './canvas-view';
import { FlowEditorStoreContext } from '../flow-editor/flow-editor-context';
import { layoutFlow } from '../flow-editor/flow-edits';
import { useFlowEditor } from '../flow-editor/useFlowEditor';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

/** Undo, redo, tidy up (auto-layout), zoom to fit and snap to grid, over the canvas's top-left corner. */
export function CanvasToolbar({
  isSnapping,
  onSnappingChange,
}: {
  isSnapping: boolean;
  onSnappingChange: (on: boolean) => void;
}) {
  const store = useContext(FlowEditorStoreContext)!;
  const canUndo = useFlowEditor((s) => s.past.length > 0);
  const canRedo = useFlowEditor((s) => s.future.length > 0);
  const hasNodes = useFlowEditor((s) => s.flow.nodes.length > 0);
  const { fitView } = useReactFlow();

  return (
    <Panel position="top-left" className="canvas-toolbar" aria-label="Canvas tools">
      <button
        type="button"
        className="tool-button"
        onClick={() => store.getState().undo()}
        disabled={!canUndo}
        title={`Undo (${mod}Z)`}
        aria-label="Undo"
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M9 14 4 9l5-5" />
          <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
        </svg>
      </button>
      <button
        type="button"
        className="tool-button"
        onClick={() => store.getState().redo()}
        disabled={!canRedo}
        title={`Redo (Shift+${mod}Z)`}
        aria-label="Redo"
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="m15 14 5-5-5-5" />
          <path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13" />
        </svg>
      </button>
      <span className="tool-divider" aria-hidden="true" />
      <button
        type="button"
        className="tool-button tool-button-text"
        disabled={!hasNodes}
        title="Arrange the nodes left to right, in the order records flow"
        onClick={() => {
          store.getState().edit(layoutFlow);
          // The canvas takes the new positions on its next render; fit once it has.
          setTimeout(() => void fitView({ ...fitViewOptions, duration: 250 }), 80);
        }}
      >
        Tidy up
      </button>
      <button
        type="button"
        className="tool-button tool-button-text"
        disabled={!hasNodes}
        title="Zoom to fit the whole flow"
        onClick={() => void fitView({ ...fitViewOptions, duration: 250 })}
      >
        Fit
      </button>
      <span className="tool-divider" aria-hidden="true" />
      <label className="tool-toggle" title="Snap nodes to a 15 px grid">
        <input type="checkbox" checked={isSnapping} onChange={(e) => onSnappingChange(e.target.checked)} />
        Snap
      </label>
    </Panel>
  );
}
