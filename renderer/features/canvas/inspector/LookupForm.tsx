import { useId } from 'react';
import type { Flow, FlowNode } from '../../../../shared/flow/flow.schema';
import { fieldsOfEntity, findEntity, useConnectorCatalog } from '../../../lib/connector-catalog';
import { upstreamSource } from '../../flow-editor/flow-neighbours';
import { entityTitle, systemOf } from '../node-titles';
import { ConnectionSelect } from './ConnectionSelect';
import { Field, jsonataPath, SuggestInput, useNodeEditor } from './inspector-kit';

/** The inspector of a lookup: where to look, what to look up, what to match on and where the answer goes. */
export function LookupForm({ node, flow }: { node: Extract<FlowNode, { type: 'lookup' }>; flow: Flow }) {
  const ids = useId();
  const catalog = useConnectorCatalog();
  const { store, patch } = useNodeEditor(node.id);
  const system = systemOf(flow, node);
  const entities = catalog?.find((c) => c.system === system)?.entities.filter((e) => e.canRead) ?? [];
  const entity = findEntity(catalog, system, node.config.entity);
  const upstream = upstreamSource(flow, node.id);
  const inputFields = fieldsOfEntity(catalog, upstream?.entity).map((f) => jsonataPath(f.path));
  return (
    <>
      <Field label="Look up in" htmlFor={`${ids}-conn`}>
        <ConnectionSelect
          id={`${ids}-conn`}
          flow={flow}
          nodeId={node.id}
          value={node.config.connection}
          store={store}
        />
      </Field>
      <Field label="Entity" htmlFor={`${ids}-entity`}>
        <select
          id={`${ids}-entity`}
          className="insp-input"
          value={node.config.entity ?? ''}
          onChange={(e) => patch({ entity: e.target.value || undefined, matchOn: undefined })}
        >
          {!node.config.entity && <option value="">Choose what to find…</option>}
          {entities.map((e) => (
            <option key={e.entity} value={e.entity}>
              {entityTitle(e.entity)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Value to look up"
        htmlFor={`${ids}-from`}
        hint={
          upstream
            ? `A field of the incoming ${entityTitle(upstream.entity)?.toLowerCase()}.`
            : 'A field of the incoming record.'
        }
      >
        <SuggestInput
          id={`${ids}-from`}
          value={node.config.from ?? ''}
          suggestions={inputFields}
          placeholder="contact.number"
          onChange={(v) => patch({ from: v || undefined }, 'from')}
        />
      </Field>
      <Field label="Match on" htmlFor={`${ids}-match`}>
        <select
          id={`${ids}-match`}
          className="insp-input"
          value={node.config.matchOn ?? ''}
          onChange={(e) => patch({ matchOn: e.target.value || undefined })}
        >
          {!node.config.matchOn && <option value="">Choose a key…</option>}
          {(entity?.matchKeys ?? (node.config.matchOn ? [node.config.matchOn] : [])).map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Write the found id into" htmlFor={`${ids}-into`}>
        <SuggestInput
          id={`${ids}-into`}
          value={node.config.into ?? ''}
          suggestions={inputFields}
          placeholder="contact.id"
          onChange={(v) => patch({ into: v || undefined }, 'into')}
        />
      </Field>
      <Field label="When nothing is found" htmlFor={`${ids}-missing`}>
        <select
          id={`${ids}-missing`}
          className="insp-input"
          value={node.config.onMissing ?? 'fail'}
          onChange={(e) => patch({ onMissing: e.target.value })}
        >
          <option value="fail">Fail the record (it shows in the plan as invalid)</option>
          <option value="skip">Skip the record</option>
          <option value="empty">Leave the field empty</option>
        </select>
      </Field>
    </>
  );
}
