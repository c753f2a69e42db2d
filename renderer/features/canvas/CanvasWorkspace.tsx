import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useContext, useRef, useState } from 'react';
import { FlowEditorStoreContext } from '../flow-editor/flow-editor-context';
import { addNode, type NodeTemplate } from '../flow-editor/flow-edits';
import { CanvasToolbar } from './CanvasToolbar';
import { FlowCanvas, NODE_HALF } from './FlowCanvas';
import { Palette } from './Palette';
import { useCanvasShortcuts } from './useCanvasShortcuts';

/** The palette and the canvas, sharing one React Flow instance (the palette adds at the view's centre). */
export function CanvasWorkspace({ theme }: { theme: 'light' | 'dark' }) {
  return (
    <ReactFlowProvider>
      <Workspace theme={theme} />
    </ReactFlowProvider>
  );
}

function Workspace({ theme }: { theme: 'light' | 'dark' }) {
  const store = useContext(FlowEditorStoreContext)!;
  const { screenToFlowPosition } = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);
  const [isSnapping, setSnapping] = useState(true);
  useCanvasShortcuts(store, canvasRef);

  const addAtCentre = useCallback(
    (template: NodeTemplate) => {
      const rect = canvasRef.current?.getBoundingClientRect();
      const centre = rect
        ? screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 })
        : { x: 0, y: 0 };
      // Step aside from nodes already at the centre, so clicking twice gives two visible nodes.
      const position = { x: centre.x - NODE_HALF.x, y: centre.y - NODE_HALF.y };
      const taken = store.getState().flow.nodes.map((n) => n.position);
      while (taken.some((p) => Math.abs(p.x - position.x) < 40 && Math.abs(p.y - position.y) < 40)) {
        position.x += 40;
        position.y += 40;
      }
      let added = '';
      store.getState().edit((f) => {
        const result = addNode(f, template, position);
        added = result.nodeId;
        return result.flow;
      });
      store.getState().setSelection([added]);
    },
    [store, screenToFlowPosition],
  );

  return (
    <div className="workspace">
      <Palette onAdd={addAtCentre} />
      <div className="workspace-canvas" ref={canvasRef}>
        <FlowCanvas
          theme={theme}
          isSnapping={isSnapping}
          toolbar={<CanvasToolbar isSnapping={isSnapping} onSnappingChange={setSnapping} />}
        />
      </div>
    </div>
  );
}
