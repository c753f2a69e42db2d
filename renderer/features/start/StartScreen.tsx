import { Icon } from '../../lib/ui/Icon';
import './start.css';
import { TemplatesSection } from './TemplatesSection';
import { useConnectSandbox } from '../connections/useConnectSandbox';
import { useConnections } from '../connections/useConnections';

/** A new user's first screen (the flows list when empty): connect the sandboxes, start from a template, or from scratch. */
export function StartScreen({ onNew, onImport }: { onNew: () => void; onImport: () => void }) {
  const { connections, status } = useConnections();
  const { connect, isConnecting } = useConnectSandbox();
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
          {connections.length === 0 ? (
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => void connect()}
              disabled={isConnecting || status === 'loading'}
              data-testid="start-connect-sandbox"
            >
              {isConnecting ? 'Connecting…' : 'Connect sandbox companies'}
            </button>
          ) : (
            <span className="muted small start-connected" data-testid="start-connected">
              <Icon name="check" /> {connections.length} compan{connections.length === 1 ? 'y' : 'ies'}{' '}
              connected
            </span>
          )}
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
