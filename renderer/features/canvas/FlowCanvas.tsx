import {
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  type NodeChange,
  type NodeTypes,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useMemo, useState } from 'react';
import { useFlowEditor } from '../flow-editor/useFlowEditor';
import './canvas.css';
import { toCanvasEdges, toCanvasNodes, type FlowCanvasNode } from './flow-to-canvas';
import { FlowNodeCard } from './FlowNodeCard';

/** Node components by type, at module level so React Flow never sees a new map. */
const nodeTypes: NodeTypes = { flowNode: FlowNodeCard };
const fitViewOptions = { padding: 0.12, maxZoom: 1 };
const minimapSize = { width: 180, height: 120 };
const minimapColor = (node: FlowCanvasNode) =>
  node.data.category === 'connector' ? 'var(--accent)' : 'var(--text-muted)';

/**
 * The flow on a React Flow canvas. For now it shows the document (pan, zoom, select); editing arrives with the
 * canvas issue. Measured sizes and selection stay here and in the editor store, never in the document.
 */
export function FlowCanvas({ theme }: { theme: 'light' | 'dark' }) {
  const flow = useFlowEditor((s) => s.flow);
  const problems = useFlowEditor((s) => s.problems);
  const selectedNodeId = useFlowEditor((s) => s.selectedNodeId);
  const selectNode = useFlowEditor((s) => s.selectNode);

  // Canvas nodes are rebuilt when the document changes; React Flow's own changes (measurements) apply in between.
  const [source, setSource] = useState({ flow, problems });
  const [nodes, setNodes] = useState(() => toCanvasNodes(flow, problems));
  if (source.flow !== flow || source.problems !== problems) {
    setSource({ flow, problems });
    setNodes(toCanvasNodes(flow, problems));
  }
  const edges = useMemo(() => toCanvasEdges(flow), [flow]);
  const shownNodes = useMemo(
    () =>
      nodes.map((node) =>
        node.selected === (node.id === selectedNodeId)
          ? node
          : { ...node, selected: node.id === selectedNodeId },
      ),
    [nodes, selectedNodeId],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowCanvasNode>[]) => setNodes((current) => applyNodeChanges(changes, current)),
    [],
  );

  return (
    <div className="canvas" data-testid="flow-canvas">
      <ReactFlow<FlowCanvasNode>
        nodes={shownNodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeClick={(_, node) => selectNode(node.id)}
        onPaneClick={() => selectNode(undefined)}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        colorMode={theme}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.2}
        maxZoom={2}
        aria-label={`Canvas of ${flow.name}`}
      >
        <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} />
        <Controls showInteractive={false} />
        <MiniMap
          style={minimapSize}
          pannable
          zoomable
          nodeColor={minimapColor}
          nodeBorderRadius={6}
          ariaLabel="Overview of the flow"
        />
      </ReactFlow>
      {flow.nodes.length === 0 && (
        <div className="canvas-empty" data-testid="canvas-empty">
          <p>This flow has no nodes yet.</p>
        </div>
      )}
    </div>
  );
}
