import { Dialog } from '../../lib/ui/Dialog';
import type { ImportConflict } from './flow-import';

/** The file's flow id is already in use: replace that flow, or import the file as a copy beside it. */
export function ImportConflictDialog({
  conflict,
  onChoose,
  onClose,
}: {
  conflict: ImportConflict;
  onChoose: (choice: 'replace' | 'copy') => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      isOpen
      title="This flow is already here"
      onClose={onClose}
      testId="import-conflict-dialog"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-secondary"

            onClick={() => onChoose('replace')}
          >
            Replace it
          </button>
          <button
            type="button"
            className="btn btn-primary"

            autoFocus
            onClick={() => onChoose('copy')}
          >
            Import as a copy
          </button>
        </>
      }
    >
      <p className="dialog-text">
        A flow with this id already exists: <strong>{conflict.existingName}</strong>
      </p>
      <p className="dialog-text muted">
        <span className="file-name">{conflict.fileName}</span> contains the flow{' '}
        <strong>{conflict.importedName}</strong>. Replace the existing flow with it, or keep both by importing
        it as a copy.
      </p>
    </Dialog>
  );
}
