import { useState, type FormEvent } from 'react';
import { Dialog } from '../../lib/ui/Dialog';
import { deadLetterCount } from './dead-letter-words';

/** The longest reason the contract keeps. */
const MAX_REASON = 500;

/**
 * Asks why dead letters are discarded. The reason is required: a discarded record was never written, and
 * whoever looks at the books later needs to know that this was decided, and why.
 */
export function DiscardDeadLettersDialog({
  count,
  recordLabel,
  onConfirm,
  onClose,
}: {
  count: number;
  /** The record's label when one dead letter is discarded. */
  recordLabel: string | undefined;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (!trimmed) {
      setError('Say why, so whoever reads the books later knows this record was left out on purpose.');
      return;
    }
    setIsBusy(true);
    try {
      await onConfirm(trimmed);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      setIsBusy(false);
    }
  };

  return (
    <Dialog
      isOpen
      title={count === 1 ? 'Discard this dead letter?' : `Discard ${deadLetterCount(count)}?`}
      tone="danger"
      onClose={onClose}
      testId="discard-dead-letters-dialog"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="discard-dead-letters-form" className="btn btn-danger" disabled={isBusy}>
            Discard
          </button>
        </>
      }
    >
      <p className="dialog-text">
        {recordLabel ? (
          <>
            <strong>{recordLabel}</strong> will not be written.
          </>
        ) : (
          <>These {count.toLocaleString()} records will not be written.</>
        )}{' '}
        {count === 1 ? 'It stays' : 'They stay'} listed under “Show retried and discarded” with your reason,
        and a later run of the flow still picks the record up if it changes in its source.
      </p>
      <form id="discard-dead-letters-form" onSubmit={submit} noValidate>
        <label className="field-label" htmlFor="discard-reason">
          Reason
        </label>
        <textarea
          id="discard-reason"
          className="text-input dead-letters-reason-input"
          value={reason}
          rows={3}
          maxLength={MAX_REASON}
          autoFocus
          required
          placeholder="For example: entered by hand in Xero on 12 May"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'discard-reason-error' : undefined}
          onChange={(e) => {
            setReason(e.target.value);
            if (error) setError(undefined);
          }}
        />
        {error && (
          <p className="field-error" id="discard-reason-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
