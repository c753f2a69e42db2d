import { useState } from 'react';
import { Dialog } from '../../lib/ui/Dialog';

/** Confirms deleting a flow, naming it and what is lost. */
export function DeleteFlowDialog({
  flowName,
  onConfirm,
  onClose,
}: {
  flowName: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [isBusy, setIsBusy] = useState(false);
  return (
    <Dialog
      isOpen
      title="Delete this flow?"
      tone="danger"
      onClose={onClose}
      testId="delete-flow-dialog"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-danger"
            disabled={isBusy}
            onClick={async () => {
              setIsBusy(true);
              await onConfirm().finally(() => setIsBusy(false));
            }}
          >
            Delete flow
          </button>
        </>
      }
    >
      <p className="dialog-text">
        <strong>{flowName}</strong> will be deleted from this computer. Export it first if you may need it
        again.
      </p>
    </Dialog>
  );
}
