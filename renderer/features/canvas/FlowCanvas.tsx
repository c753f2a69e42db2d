import {
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type Edge,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type NodeTypes,
  type OnDelete,
  type ReactFlowState,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import {
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type ReactNode,
} from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FlowEditorStoreContext } from '../flow-editor/flow-editor-context';
import { addNode, connect, moveNodes, removeElements, type NodeTemplate } from '../flow-editor/flow-edits';
import { useFlowEditor } from '../flow-editor/useFlowEditor';
import './canvas.css';
import { fitViewOptions } from './canvas-view';
import { CanvasMinimap } from './CanvasMinimap';
import { checkCandidateEdge } from './edge-rules';
import { KeepFlowInView } from './KeepFlowInView';
import { problemsByNode, syncCanvasNodes, toCanvasEdges, type FlowCanvasNode } from './flow-to-canvas';
import { FlowNodeCard } from './FlowNodeCard';
import { PALETTE_MIME } from './palette-entries';

/** Node components by type, at module level so React Flow never sees a new map. */
const nodeTypes: NodeTypes = { flowNode: FlowNodeCard };
const snapGrid: [number, number] = [15, 15];
const deleteKeys = ['Backspace', 'Delete'];
/**
 * Below this zoom a card's text is under 5 px tall: the cards draw as plain boxes (canvas.css, `.is-zoomed-out`),
 * which spares laying out, painting and rasterising hundreds of unreadable texts on every frame of a drag or pan.
 */
const DETAIL_ZOOM = 0.35;
const isZoomedOutOf = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;
/** Half a node card, so a dropped node lands centred under the pointer. */
export const NODE_HALF = { x: 110, y: 36 };

/**
 * The flow on a React Flow canvas, editable: drop nodes from the palette, wire them (each edge checked by the
 * flow's own graph rules before it is drawn), select, move, delete. The document lives in the editor store; the
 * canvas keeps only view state (measured sizes, the position of a node mid-drag, edge selection).
 */
export function FlowCanvas({
  theme,
  isSnapping,
  toolbar,
}: {
  theme: 'light' | 'dark';
  isSnapping: boolean;
  toolbar?: ReactNode;
}) {
  const store = useContext(FlowEditorStoreContext)!;
  const flow = useFlowEditor((s) => s.flow);
  const problems = useFlowEditor((s) => s.problems);
  const selectedIds = useFlowEditor(useShallow((s) => s.selectedNodeIds));
  const { screenToFlowPosition } = useReactFlow();
  const isZoomedOut = useStore(isZoomedOutOf);
  const [refusal, setRefusal] = useState<string>();
  const refusalTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const selectedSet = useMemo(() => new Set(selectedIds), [selectedIds]);
  const byNode = useMemo(() => problemsByNode(problems), [problems]);

  // Canvas nodes follow the document; React Flow's own changes (measurements, a drag in progress) apply between.
  const [source, setSource] = useState({ flow, byNode, selectedSet });
  const [nodes, setNodes] = useState(() => syncCanvasNodes([], flow, byNode, selectedSet));
  if (source.flow !== flow || source.byNode !== byNode || source.selectedSet !== selectedSet) {
    setSource({ flow, byNode, selectedSet });
    setNodes((current) => syncCanvasNodes(current, flow, byNode, selectedSet));
  }
  // Fit the view to a flow that has nodes when it opens; an empty flow keeps the plain view, so the first node
  // dropped stays where it was dropped.
  const [shouldFitOnOpen] = useState(() => flow.nodes.length > 0);
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const edges = useMemo(() => toCanvasEdges(flow, selectedEdges), [flow, selectedEdges]);

  const refuse = useCallback((message: string) => {
    setRefusal(message);
    clearTimeout(refusalTimer.current);
    refusalTimer.current = setTimeout(() => setRefusal(undefined), 5_000);
  }, []);
  useEffect(() => () => clearTimeout(refusalTimer.current), []);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowCanvasNode>[]) => {
      setNodes((current) => applyNodeChanges(changes, current));
      const moved = new Map<string, { x: number; y: number }>();
      let selection: Set<string> | undefined;
      for (const change of changes) {
        if (change.type === 'position' && !change.dragging && change.position)
          moved.set(change.id, change.position);
        if (change.type === 'select') {
          selection ??= new Set(store.getState().selectedNodeIds);
          if (change.selected) selection.add(change.id);
          else selection.delete(change.id);
        }
      }
      // A drag ends, or arrow keys nudge: one undo step (nudges in a row fold into one).
      if (moved.size > 0)
        store
          .getState()
          .edit((f) => moveNodes(f, moved), { coalesce: `move:${[...moved.keys()].join(',')}` });
      if (selection) store.getState().setSelection([...selection]);
    },
    [store],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<Edge>[]) => {
    const selects = changes.filter((c) => c.type === 'select');
    if (selects.length === 0) return;
    setSelectedEdges((current) => {
      const next = new Set(current);
      for (const c of selects)
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      return next;
    });
  }, []);

  const isValidConnection: IsValidConnection = useCallback(
    (connection) =>
      checkCandidateEdge(store.getState().flow, connection.source, connection.target) === undefined,
    [store],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const why = checkCandidateEdge(store.getState().flow, connection.source, connection.target);
      if (why) refuse(why);
      else store.getState().edit((f) => connect(f, connection.source, connection.target));
    },
    [store, refuse],
  );

  // React Flow only calls onConnect for valid connections; a refused one ends here, where we say why.
  const onConnectEnd = useCallback(
    (
      _event: MouseEvent | TouchEvent,
      state: {
        isValid: boolean | null;
        fromNode: { id: string } | null;
        toNode: { id: string } | null;
        fromHandle: { type: string } | null;
      },
    ) => {
      if (state.isValid !== false || !state.fromNode || !state.toNode) return;
      const [from, to] =
        state.fromHandle?.type === 'target'
          ? [state.toNode.id, state.fromNode.id]
          : [state.fromNode.id, state.toNode.id];
      const why = checkCandidateEdge(store.getState().flow, from, to);
      if (why) refuse(why);
    },
    [store, refuse],
  );

  const onDelete: OnDelete<FlowCanvasNode, Edge> = useCallback(
    ({ nodes: gone, edges: goneEdges }) => {
      store.getState().edit((f) =>
        removeElements(
          f,
          gone.map((n) => n.id),
          goneEdges.map((e) => e.id),
        ),
      );
      setSelectedEdges(new Set());
    },
    [store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const raw = event.dataTransfer.getData(PALETTE_MIME);
      if (!raw) return;
      event.preventDefault();
      const template = JSON.parse(raw) as NodeTemplate;
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const position = { x: at.x - NODE_HALF.x, y: at.y - NODE_HALF.y };
      let added = '';
      store.getState().edit((f) => {
        const result = addNode(f, template, position);
        added = result.nodeId;
        return result.flow;
      });
      if (added) store.getState().setSelection([added]);
    },
    [store, screenToFlowPosition],
  );

  const onPaneClick = useCallback(() => store.getState().setSelection([]), [store]);

  // The canvas re-renders on every move of a drag (the dragged node's position comes back through `nodes`); the
  // overlays stay the same elements, so React skips them.
  const overlays = useMemo(
    () => (
      <>
        {toolbar}
        <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} />
        <Controls showInteractive={false} fitViewOptions={fitViewOptions} />
        <CanvasMinimap theme={theme} />
        <KeepFlowInView />
      </>
    ),
    [toolbar, theme],
  );

  return (
    <div
      className={isZoomedOut ? 'canvas is-zoomed-out' : 'canvas'}
      data-testid="flow-canvas"
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <ReactFlow<FlowCanvasNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onDelete={onDelete}
        onPaneClick={onPaneClick}
        deleteKeyCode={deleteKeys}
        snapToGrid={isSnapping}
        snapGrid={snapGrid}
        colorMode={theme}
        fitView={shouldFitOnOpen}
        fitViewOptions={fitViewOptions}
        minZoom={0.1}
        maxZoom={2}
        connectionRadius={28}
        aria-label={`Canvas of ${flow.name}`}
      >
        {overlays}
      </ReactFlow>
      {flow.nodes.length === 0 && (
        <div className="canvas-empty" data-testid="canvas-empty">
          <div className="canvas-empty-card">
            <strong>This flow has no nodes yet.</strong>
            <p>
              Drag a source from the palette on the left — say, invoices from Visma eAccounting — then a
              destination, and wire the first into the second.
            </p>
          </div>
        </div>
      )}
      {refusal && (
        <div className="canvas-refusal" role="alert" data-testid="edge-refusal">
          <strong>Not connected.</strong> {refusal}
        </div>
      )}
    </div>
  );
}
