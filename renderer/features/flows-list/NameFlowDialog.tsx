import { useState, type FormEvent } from 'react';
import { flowLimits } from '../../../shared/flow/flow.schema';
import { Dialog } from '../../lib/ui/Dialog';

interface NameFlowDialogProps {
  readonly title: string;
  readonly submitLabel: string;
  readonly initialName: string;
  readonly description?: string;
  /** Resolves when done; rejects with a message to show under the field. */
  readonly onSubmit: (name: string) => Promise<void>;
  readonly onClose: () => void;
}

/** Asks for a flow's name (new flow, rename). Mounted only while open, so each opening starts fresh. */
export function NameFlowDialog({
  title,
  submitLabel,
  initialName,
  description,
  onSubmit,
  onClose,
}: NameFlowDialogProps) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string>();
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Give the flow a name.');
      return;
    }
    setIsBusy(true);
    try {
      await onSubmit(trimmed);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      setIsBusy(false);
    }
  };

  return (
    <Dialog isOpen title={title} onClose={onClose} testId="name-flow-dialog">
      <form onSubmit={submit} noValidate>
        {description && <p className="dialog-text">{description}</p>}
        <label className="field-label" htmlFor="flow-name">
          Name
        </label>
        <input
          id="flow-name"
          className="text-input"
          value={name}
          maxLength={flowLimits.nameChars}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. Visma eAccounting → Xero: invoices"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'flow-name-error' : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setError(undefined);
          }}
          onFocus={(event) => event.target.select()}
        />
        {error && (
          <p className="field-error" id="flow-name-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-footer">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={isBusy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
