import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import { Dialog } from '../../lib/ui/Dialog';
import { SystemMark } from '../../lib/ui/SystemMark';
import type { FlowBinding } from './useFlowBindings';
import './connection-bindings.css';

const AUTOMATIC = '';

/**
 * Which of the user's companies each connection of the flow uses. The flow file names only a system and a label;
 * the choice is kept on this machine, so a shared flow never carries anyone's connection.
 */
export function FlowBindingsDialog({
  isOpen,
  onClose,
  bindings,
  bind,
}: {
  isOpen: boolean;
  onClose: () => void;
  bindings: readonly FlowBinding[];
  bind: (ref: string, connectionId: string | null) => Promise<void>;
}) {
  return (
    <Dialog
      isOpen={isOpen}
      title="Companies this flow uses"
      onClose={onClose}
      testId="flow-bindings-dialog"
      width="wide"
      footer={
        <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
          Done
        </button>
      }
    >
      <p className="muted">
        The flow file names each connection only by system and label. Choose which of your connected companies
        it uses on this computer.
      </p>
      {bindings.length === 0 ? (
        <p className="muted">This flow has no connections yet: add a source or destination node first.</p>
      ) : (
        <ul className="bindings-list">
          {bindings.map((b) => {
            const system = connectorDescriptors[b.system].label;
            const selectId = `binding-${b.ref}`;
            return (
              <li key={b.ref} className="binding-row" data-testid="binding-row" data-ref={b.ref}>
                <SystemMark system={b.system} size="medium" />
                <label htmlFor={selectId} className="binding-label">
                  <span className="binding-name">{b.label ?? b.ref}</span>
                  <span className="muted small">
                    {system} · <code>{b.ref}</code>
                  </span>
                </label>
                {b.candidates.length === 0 ? (
                  <span className="binding-missing">
                    No {system} company connected — add one under Connections
                  </span>
                ) : (
                  <select
                    id={selectId}
                    className="text-input binding-select"
                    value={b.isAutomatic ? AUTOMATIC : (b.connectionId ?? AUTOMATIC)}
                    onChange={(event) =>
                      void bind(b.ref, event.target.value === AUTOMATIC ? null : event.target.value)
                    }
                  >
                    <option value={AUTOMATIC}>
                      {b.isAutomatic
                        ? `Automatic: ${b.candidates.find((c) => c.id === b.connectionId)?.label ?? ''}`
                        : 'Choose a company…'}
                    </option>
                    {b.candidates.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label}
                        {c.status === 'connected' ? '' : ' (needs reconnect)'}
                      </option>
                    ))}
                  </select>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}
