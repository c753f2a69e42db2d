import { describe, expect, it } from 'vitest';
import type { StoredFlow } from '../../stores/flow-types';
import { createFlowEditorStore } from './flow-editor-store';

const stored = (nodeIds: string[]): StoredFlow => ({
  flow: {
    format: 'ledgerflow.flow',
    version: 1,
    id: 'f1',
    name: 'Invoices',
    mode: 'shadow',
    connections: {},
    nodes: nodeIds.map((id) => ({ id, type: 'mapper', position: { x: 0, y: 0 }, config: { fields: {} } })),
    edges: [],
  },
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
});
