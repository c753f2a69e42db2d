import { systemIds, type SystemId } from '../../../../shared/connectors/connector-descriptor';
import { connectorDescriptors } from '../../../../shared/connectors/connector-registry';
import type { Flow } from '../../../../shared/flow/flow.schema';
import { bindConnection } from '../../flow-editor/flow-edits';
import type { FlowEditorStore } from '../../flow-editor/flow-editor-store';
import { patchConfig } from '../../flow-editor/flow-edits';

const NEW = 'new:';

/**
 * Picks one of the flow's connection references. `system` limits it to one system (sources and destinations);
 * without it (lookups) any system may be chosen, and a system the flow has no reference for gets one.
 */
export function ConnectionSelect({
  id,
  flow,
  nodeId,
  value,
  system,
  store,
  onPicked,
}: {
  id: string;
  flow: Flow;
  nodeId: string;
  value: string | undefined;
  system?: SystemId;
  store: FlowEditorStore;
  onPicked?: (system: SystemId) => void;
}) {
  const refs = Object.entries(flow.connections).filter(([, ref]) => !system || ref.system === system);
  const missing = systemIds.filter(
    (s) => (!system || s === system) && !refs.some(([, ref]) => ref.system === s),
  );
  return (
    <select
      id={id}
      className="insp-input"
      value={value ?? ''}
      onChange={(event) => {
        const picked = event.target.value;
        store.getState().edit((f) => {
          if (picked.startsWith(NEW)) {
            const bound = bindConnection(f, picked.slice(NEW.length) as SystemId);
            return patchConfig(bound.flow, nodeId, { connection: bound.key, entity: undefined });
          }
          const changesSystem =
            f.connections[picked]?.system !== (value ? f.connections[value]?.system : undefined);
          return patchConfig(
            f,
            nodeId,
            changesSystem
              ? { connection: picked || undefined, entity: undefined }
              : { connection: picked || undefined },
          );
        });
        const chosen = picked.startsWith(NEW)
          ? (picked.slice(NEW.length) as SystemId)
          : flow.connections[picked]?.system;
        if (chosen) onPicked?.(chosen);
      }}
    >
      {value === undefined && <option value="">Choose a connection…</option>}
      {value !== undefined && !flow.connections[value] && <option value={value}>{value} (missing)</option>}
      {refs.map(([key, ref]) => (
        <option key={key} value={key}>
          {ref.label ?? connectorDescriptors[ref.system].label} · {key}
        </option>
      ))}
      {missing.map((s) => (
        <option key={s} value={`${NEW}${s}`}>
          {connectorDescriptors[s].label} (new connection reference)
        </option>
      ))}
    </select>
  );
}
