import { describe, expect, it } from 'vitest';
import type { Flow } from '../../../shared/flow/flow.schema';
import type { StoredFlow } from '../../stores/flow-types';
import { checkCandidateEdge } from '../canvas/edge-rules';
import { createFlowEditorStore, HISTORY_LIMIT } from './flow-editor-store';
import { addNode, connect, copySelection, layoutFlow, moveNodes, pasteFlow } from './flow-edits';

const flowOf = (nodeIds: string[]): Flow => ({
  format: 'ledgerflow.flow',
  version: 1,
  id: 'f1',
  name: 'Invoices',
  mode: 'shadow',
  connections: {},
  nodes: nodeIds.map((id) => ({ id, type: 'mapper', position: { x: 0, y: 0 }, config: { fields: {} } })),
  edges: [],
});
const stored = (nodeIds: string[]): StoredFlow => ({
  flow: flowOf(nodeIds),
  problems: [],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});

describe('flow editor store', () => {
  it('keeps the selection while the selected node survives an update from the host', () => {
    const store = createFlowEditorStore(stored(['a', 'b']));
    store.getState().selectNode('b');
    store.getState().receiveStored(stored(['b']));
    expect(store.getState().selectedNodeId).toBe('b');
    store.getState().receiveStored(stored(['a']));
    expect(store.getState().selectedNodeId).toBeUndefined();
  });

  it('gives each open flow its own store', () => {
    const first = createFlowEditorStore(stored(['a']));
    const second = createFlowEditorStore(stored(['a']));
    first.getState().selectNode('a');
    expect(second.getState().selectedNodeId).toBeUndefined();
  });

  it('undoes and redoes at least 100 steps, and a new edit clears the redo list', () => {
    const store = createFlowEditorStore(stored([]));
    for (let i = 0; i < 150; i++)
      store.getState().edit((f) => addNode(f, { type: 'filter' }, { x: i, y: 0 }).flow);
    expect(store.getState().flow.nodes).toHaveLength(150);
    for (let i = 0; i < 150; i++) store.getState().undo();
    expect(store.getState().flow.nodes).toHaveLength(0);
    for (let i = 0; i < 100; i++) store.getState().redo();
    expect(store.getState().flow.nodes).toHaveLength(100);
    store.getState().edit((f) => addNode(f, { type: 'mapper' }, { x: 0, y: 0 }).flow);
    expect(store.getState().future).toHaveLength(0);
    expect(HISTORY_LIMIT).toBeGreaterThanOrEqual(100);
  });

  it('folds edits with the same coalesce key into one undo step', () => {
    let now = 0;
    const store = createFlowEditorStore(stored(['a']), () => now);
    for (const x of [10, 20, 30]) {
      now += 100;
      store.getState().edit((f) => moveNodes(f, new Map([['a', { x, y: 0 }]])), { coalesce: 'move:a' });
    }
    expect(store.getState().past).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().flow.nodes[0]!.position.x).toBe(0);
  });

  it('keeps unsaved local edits when the host sends its copy, and tracks the save state', () => {
    const store = createFlowEditorStore(stored(['a']));
    store.getState().edit((f) => addNode(f, { type: 'filter' }, { x: 0, y: 0 }).flow);
    expect(store.getState().saveStatus).toBe('unsaved');
    store.getState().receiveStored(stored(['a']));
    expect(store.getState().flow.nodes).toHaveLength(2);
    const sent = store.getState().flow;
    store.getState().markSaving();
    store.getState().markSaved(sent, { ...stored([]), flow: sent });
    expect(store.getState().saveStatus).toBe('saved');
    store.getState().edit((f) => addNode(f, { type: 'filter' }, { x: 9, y: 9 }).flow);
    store
      .getState()
      .markSaveFailed('Not saved: refused', [{ path: 'edges[0]', message: 'loop', severity: 'error' }]);
    expect(store.getState().saveStatus).toBe('error');
    expect(store.getState().flow.nodes).toHaveLength(3);
  });
});

describe('flow edits', () => {
  it('binds a connector node to the flow’s reference of its system, creating one once', () => {
    let flow = flowOf([]);
    flow = addNode(
      flow,
      { type: 'source', system: 'visma-eaccounting', entity: 'invoice' },
      { x: 0, y: 0 },
    ).flow;
    flow = addNode(flow, { type: 'destination', system: 'xero', entity: 'invoice' }, { x: 0, y: 0 }).flow;
    flow = addNode(flow, { type: 'lookup', system: 'xero' }, { x: 0, y: 0 }).flow;
    expect(Object.keys(flow.connections).sort()).toEqual(['visma-eaccounting', 'xero']);
    expect(flow.nodes.map((n) => 'connection' in n.config && n.config.connection)).toEqual([
      'visma-eaccounting',
      'xero',
      'xero',
    ]);
  });

  it('refuses an edge that closes a loop or feeds a source, with the reason', () => {
    let flow = flowOf(['a', 'b']);
    flow = connect(flow, 'a', 'b');
    expect(checkCandidateEdge(flow, 'b', 'a')).toMatch(/loop/);
    const withSource = addNode(flow, { type: 'source', system: 'xero', entity: 'invoice' }, { x: 0, y: 0 });
    expect(checkCandidateEdge(withSource.flow, 'a', withSource.nodeId)).toMatch(/takes no input/);
    expect(checkCandidateEdge(withSource.flow, withSource.nodeId, 'a')).toBeUndefined();
  });

  it('pastes copied nodes with new ids, rewired edges and this flow’s connections', () => {
    let source = flowOf([]);
    const added = addNode(source, { type: 'source', system: 'xero', entity: 'invoice' }, { x: 0, y: 0 });
    source = addNode(added.flow, { type: 'filter' }, { x: 300, y: 0 }).flow;
    source = connect(source, source.nodes[0]!.id, source.nodes[1]!.id);
    const clip = copySelection(source, new Set(source.nodes.map((n) => n.id)))!;
    const target = { ...flowOf(['x']), connections: { dst: { system: 'xero' as const } } };
    const pasted = pasteFlow(target, JSON.parse(JSON.stringify(clip)), { x: 40, y: 40 });
    expect(pasted.nodeIds).toHaveLength(2);
    expect(pasted.nodeIds.some((id) => source.nodes.some((n) => n.id === id))).toBe(false);
    expect(pasted.flow.edges).toEqual([
      expect.objectContaining({ source: pasted.nodeIds[0], target: pasted.nodeIds[1] }),
    ]);
    expect(pasted.flow.nodes[1]!.config).toMatchObject({ connection: 'dst' });
    expect(Object.keys(pasted.flow.connections)).toEqual(['dst']);
  });

  it('lays a DAG out left to right by layer', () => {
    let flow = flowOf(['a', 'b', 'c']);
    flow = connect(connect(flow, 'a', 'b'), 'b', 'c');
    const laid = layoutFlow(flow);
    expect(laid.nodes.map((n) => n.position.x)).toEqual([0, 300, 600]);
  });
});
