import { useContext, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodeCatalogue } from '../../../../shared/flow/node-catalogue';
import type { FlowNode } from '../../../../shared/flow/flow.schema';
import { SystemMark } from '../../../lib/ui/SystemMark';
import { MapperEditor } from '../../mapper-editor/MapperEditor';
import { FlowEditorStoreContext } from '../../flow-editor/flow-editor-context';
import { removeElements, updateNode } from '../../flow-editor/flow-edits';
import { useFlowEditor } from '../../flow-editor/useFlowEditor';
import { nodeTitle, systemOf } from '../node-titles';
import { NodeTypeIcon } from '../NodeTypeIcon';
import { ConnectorForm } from './ConnectorForm';
import { FilterForm } from './FilterForm';
import { LookupForm } from './LookupForm';
import { ValueMapForm } from './ValueMapForm';
import './inspector.css';

/** The right-hand panel: the selected node's settings (or a hint when none or several are selected). */
export function Inspector() {
  const store = useContext(FlowEditorStoreContext)!;
  const ids = useId();
  const selectedCount = useFlowEditor((s) => s.selectedNodeIds.length);
  const node = useFlowEditor((s) =>
    s.selectedNodeId ? s.flow.nodes.find((n) => n.id === s.selectedNodeId) : undefined,
  );
  const flow = useFlowEditor((s) => s.flow);
  const reasons = useFlowEditor(
    useShallow((s) =>
      s.problems.filter((p) => p.nodeId !== undefined && p.nodeId === s.selectedNodeId).map((p) => p.message),
    ),
  );

  if (!node) {
    return (
      <aside className="inspector inspector-idle" aria-label="Inspector" data-testid="inspector">
        <p className="muted small">
          {selectedCount > 1
            ? `${selectedCount} nodes selected. Drag to move them, Delete to remove, Ctrl+C to copy.`
            : 'Select a node to set it up. Drag nodes in from the palette; drag from a node’s right handle to the next node to wire them.'}
        </p>
      </aside>
    );
  }
  const info = nodeCatalogue[node.type];
  const system = systemOf(flow, node);
  return (
    <aside
      className={`inspector inspector-${node.type} nokey`}
      aria-label="Inspector"
      data-testid="inspector"
      data-node-id={node.id}
    >
      <header className="inspector-head">
        <span className="inspector-kind">
          {system ? <SystemMark system={system} /> : <NodeTypeIcon type={node.type} />}
          {info.label}
        </span>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => store.getState().edit((f) => removeElements(f, [node.id]))}
          aria-label={`Delete ${nodeTitle(node)}`}
        >
          Delete
        </button>
      </header>
      <div className="insp-field">
        <label className="insp-label" htmlFor={`${ids}-label`}>
          Name
        </label>
        <input
          id={`${ids}-label`}
          className="insp-input insp-input-title"
          value={node.label ?? ''}
          placeholder={nodeTitle({ ...node, label: undefined } as FlowNode)}
          maxLength={200}
          onChange={(e) =>
            store.getState().edit(
              (f) =>
                updateNode(f, node.id, (n) => {
                  const label = e.target.value.trim() === '' ? undefined : e.target.value;
                  const { label: _old, ...rest } = n;
                  return (label === undefined ? rest : { ...rest, label }) as FlowNode;
                }),
              { coalesce: `${node.id}:label` },
            )
          }
        />
        <div className="insp-hint">{info.description}</div>
      </div>
      {reasons.length > 0 && (
        <ul className="insp-problems" data-testid="inspector-problems">
          {reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
      <div className="inspector-body">
        {(node.type === 'source' || node.type === 'destination') && <ConnectorForm node={node} flow={flow} />}
        {node.type === 'lookup' && <LookupForm node={node} flow={flow} />}
        {node.type === 'filter' && <FilterForm node={node} flow={flow} />}
        {node.type === 'value-map' && <ValueMapForm node={node} flow={flow} />}
        {node.type === 'mapper' && <MapperEditor node={node} flow={flow} />}
      </div>
    </aside>
  );
}
