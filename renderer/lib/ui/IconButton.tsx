import { Icon, type IconName } from './Icon';

interface IconButtonProps {
  readonly icon: IconName;
  /** The accessible name, e.g. "Delete Invoices to Xero". */
  readonly label: string;
  /** The tooltip; defaults to the label. */
  readonly tooltip?: string;
  readonly tone?: 'default' | 'danger';
  readonly onClick: () => void;
}

/** A square button with only an icon; always has an accessible name. */
export function IconButton({ icon, label, tooltip, tone = 'default', onClick }: IconButtonProps) {
  return (
    <button
      type="button"
      className={`icon-button${tone === 'danger' ? ' icon-button-danger' : ''}`}
      aria-label={label}
      title={tooltip ?? label}
      onClick={onClick}
    >
      <Icon name={icon} size={15} />
    </button>
  );
}
