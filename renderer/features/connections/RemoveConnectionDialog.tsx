import { useState } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';
import { Dialog } from '../../lib/ui/Dialog';
import type { ConnectionItem } from './connection-types';

/** Confirms removing a connection: its keys leave the keychain and flows using it stop until rebound. */
export function RemoveConnectionDialog({
  connection,
  onClose,
}: {
  connection: ConnectionItem;
  onClose: () => void;
}) {
  const { client, store } = useAppServices();
  const [isBusy, setIsBusy] = useState(false);
  const remove = async () => {
    setIsBusy(true);
    try {
      await client.call('connections.remove', { id: connection.id });
      store.getState().notify({ tone: 'success', text: `Removed ${connection.label}` });
      onClose();
    } catch (cause) {
      store.getState().notify(errorNotice(`Could not remove ${connection.label}`, cause));
      setIsBusy(false);
    }
  };
  return (
    <Dialog
      isOpen
      tone="danger"
      title={`Remove ${connection.label}?`}
      onClose={onClose}
      testId="remove-connection-dialog"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="button" className="btn btn-danger" onClick={() => void remove()} disabled={isBusy}>
            Remove connection
          </button>
        </>
      }
    >
      <p className="dialog-text">
        Ledgerflow signs out of {connection.tenantName ?? connection.label} and deletes its keys from your
        keychain. Flows that use this connection stop until you bind them to another one. Nothing in the
        company itself is changed.
      </p>
    </Dialog>
  );
}
