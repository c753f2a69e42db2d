import { Icon } from '../../lib/ui/Icon';

/** Covers the page while a file is dragged over it. */
export function DropOverlay() {
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-card">
        <Icon name="upload" size={28} />
        <div className="drop-overlay-title">Drop to import the flow</div>
        <div className="muted">A Ledgerflow flow file (.json)</div>
      </div>
    </div>
  );
}
