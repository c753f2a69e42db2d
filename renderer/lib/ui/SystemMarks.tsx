import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import { SystemMark } from './SystemMark';
import type { SystemId } from '../../../shared/connectors/connector-descriptor';

/** Small round marks for the systems a flow connects, with their names for screen readers and tooltips. */
export function SystemMarks({ systems }: { systems: readonly SystemId[] }) {
  if (systems.length === 0) return <span className="muted nowrap">None yet</span>;
  const labels = systems.map((system) => connectorDescriptors[system].label);
  return (
    <span className="system-marks" role="img" aria-label={labels.join(', ')} title={labels.join(', ')}>
      {systems.map((system) => (
        <SystemMark key={system} system={system} />
      ))}
    </span>
  );
}
