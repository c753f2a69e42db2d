import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import type { SystemId } from '../../../shared/connectors/connector-descriptor';

/** One system's mark: its initials on its colour. Decorative; the caller names the system. */
export function SystemMark({ system, size = 'small' }: { system: SystemId; size?: 'small' | 'medium' }) {
  const { mark } = connectorDescriptors[system];
  return (
    <span
      className={`system-mark system-mark-${size}`}
      style={{ backgroundColor: mark.color }}
      aria-hidden="true"
    >
      {mark.initials}
    </span>
  );
}
