import { Dialog } from '../../lib/ui/Dialog';
import { formatAmount, formatMoney } from './money-format';
import { applyQuestion, type ApplyPart } from './plan-words';

interface ApplyPlanDialogProps {
  readonly isOpen: boolean;
  /** What would be written, per destination, after the records left out. */
  readonly parts: readonly ApplyPart[];
  /** Records to create or update that the reviewer left out. */
  readonly excludedCount: number;
  /** The money that would be written, per currency (gross and its tax). */
  readonly money: ReadonlyArray<{ readonly currency: string; readonly gross: string; readonly tax: string }>;
  readonly isApplying: boolean;
  readonly onApply: () => void;
  readonly onClose: () => void;
}

/** The last question before a reviewed plan is written: what, how many, and where. */
export function ApplyPlanDialog({
  isOpen,
  parts,
  excludedCount,
  money,
  isApplying,
  onApply,
  onClose,
}: ApplyPlanDialogProps) {
  const question = applyQuestion(parts);
  const writes = parts.reduce((n, p) => n + p.create + p.update, 0);
  return (
    <Dialog
      isOpen={isOpen}
      title="Apply this plan?"
      onClose={onClose}
      testId="apply-plan-dialog"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            autoFocus
            disabled={isApplying || writes === 0}
            onClick={onApply}
          >
            {isApplying ? 'Starting…' : `Write ${writes.toLocaleString()} record${writes === 1 ? '' : 's'}`}
          </button>
        </>
      }
    >
      <p className="dialog-text">
        <strong>{question ?? 'Nothing would be written.'}</strong>
      </p>
      {money.length > 0 && (
        <ul className="apply-money" data-testid="apply-money">
          {money.map((m) => (
            <li key={m.currency}>
              <strong>{formatMoney(m.currency, m.gross)}</strong> in total, of which tax {formatAmount(m.tax)}
            </li>
          ))}
        </ul>
      )}
      {excludedCount > 0 && (
        <p className="dialog-text">
          {excludedCount.toLocaleString()} record{excludedCount === 1 ? '' : 's'} you left out will not be
          written.
        </p>
      )}
      <p className="dialog-hint">
        Exactly the records you reviewed are written. If one of them has changed in the source since this plan
        was made, you will see the change and confirm it before it is written. Unchanged, skipped and invalid
        records are left as they are.
      </p>
    </Dialog>
  );
}
