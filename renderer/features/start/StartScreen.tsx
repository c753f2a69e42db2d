import { Icon } from '../../lib/ui/Icon';
import './start.css';
import { TemplatesSection } from './TemplatesSection';

/** A new user's first screen (the flows list when empty): connect the sandboxes, start from a template, or from scratch. */
export function StartScreen({ onNew, onImport }: { onNew: () => void; onImport: () => void }) {
  return (
    <div className="start" data-testid="flows-empty">
      <div className="start-hero">
        <div className="empty-state-icon">
          <Icon name="workflow" size={28} />
        </div>
        <h2>No flows yet</h2>
        <p>
          A flow keeps records in step between Visma eAccounting, Visma.net ERP and Xero — for example, paid
          invoices copied to Xero every 15 minutes. New flows start in shadow mode: they show what would
          change and write nothing until you switch them to live.
        </p>
        <div className="empty-state-actions">
          <span className="start-disabled" title="Arrives with connections">
            <button type="button" className="btn btn-secondary" disabled aria-describedby="sandbox-later">
              Connect sandbox companies
            </button>
            <span id="sandbox-later" className="visually-hidden">
              Arrives with connections
            </span>
          </span>
          <button type="button" className="btn btn-primary" onClick={onNew}>
            <Icon name="plus" /> New flow
          </button>
          <button type="button" className="btn btn-secondary" onClick={onImport}>
            <Icon name="upload" /> Import a flow file
          </button>
        </div>
        <p className="muted small">You can also drop a flow file anywhere on this page.</p>
      </div>
      <TemplatesSection title="Or start from a template" />
    </div>
  );
}
