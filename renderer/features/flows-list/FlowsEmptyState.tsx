import { Icon } from '../../lib/ui/Icon';

/** No flows yet: what a flow is, and the two ways to get one. */
export function FlowsEmptyState({ onNew, onImport }: { onNew: () => void; onImport: () => void }) {
  return (
    <div className="empty-state" data-testid="flows-empty">
      <div className="empty-state-icon">
        <Icon name="workflow" size={28} />
      </div>
      <h2>No flows yet</h2>
      <p>
        A flow keeps records in step between Visma eAccounting, Visma.net ERP and Xero — for example, paid
        invoices copied to Xero every 15 minutes. New flows start in shadow mode: they show what would change
        and write nothing until you switch them to live.
      </p>
      <div className="empty-state-actions">
        <button type="button" className="btn btn-primary" onClick={onNew}>
          <Icon name="plus" /> New flow
        </button>
        <button type="button" className="btn btn-secondary" onClick={onImport}>
          <Icon name="upload" /> Import a flow file
        </button>
      </div>
      <p className="muted small">You can also drop a flow file anywhere on this page.</p>
    </div>
  );
}
