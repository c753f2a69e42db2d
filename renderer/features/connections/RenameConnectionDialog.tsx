import { useState, type FormEvent } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { Dialog } from '../../lib/ui/Dialog';
import type { ConnectionItem } from './connection-types';

/** Renames a connection (flows refer to connections by system and name). */
export function RenameConnectionDialog({
  connection,
  onClose,
}: {
  connection: ConnectionItem;
  onClose: () => void;
}) {
  const { client } = useAppServices();
  const [label, setLabel] = useState(connection.label);
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await client.call('connections.rename', { id: connection.id, label: label.trim() });
      onClose();
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };
  return (
    <Dialog
      isOpen
      title="Rename connection"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="rename-connection-form" className="btn btn-primary">
            Rename
          </button>
        </>
      }
    >
      <form id="rename-connection-form" onSubmit={submit} noValidate>
        <label className="field-label" htmlFor="connection-label">
          Name
        </label>
        <input
          id="connection-label"
          className="text-input"
          value={label}
          autoFocus
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          onChange={(e) => setLabel(e.target.value)}
        />
        {error && <p className="field-error">{error}</p>}
      </form>
    </Dialog>
  );
}
