import { useState } from 'react';
import { Icon } from '../../lib/ui/Icon';
import { AddConnectionDialog } from './AddConnectionDialog';
import { ConnectionRow } from './ConnectionRow';
import type { ConnectionItem } from './connection-types';
import { RemoveConnectionDialog } from './RemoveConnectionDialog';
import { RenameConnectionDialog } from './RenameConnectionDialog';
import { useConnections } from './useConnections';
import { useConnectSandbox } from './useConnectSandbox';
import './connections.css';

type OpenDialog =
  | { readonly kind: 'add' }
  | { readonly kind: 'rename'; readonly connection: ConnectionItem }
  | { readonly kind: 'remove'; readonly connection: ConnectionItem };

/**
 * The Connections page: the companies Ledgerflow reaches, their status and the one-click sandbox. Secrets are
 * typed in once (Add connection) and never shown again; sign-in happens in the system browser.
 */
export function ConnectionsPage() {
  const { connections, status, error } = useConnections();
  const [dialog, setDialog] = useState<OpenDialog>();
  const { connect: connectSandbox, isConnecting: isConnectingSandbox } = useConnectSandbox();

  const sandboxButton = (
    <button
      type="button"
      className="btn btn-primary"
      onClick={() => void connectSandbox()}
      disabled={isConnectingSandbox}
      data-testid="connect-sandbox"
    >
      {isConnectingSandbox ? 'Connecting…' : 'Connect sandbox companies'}
    </button>
  );

  return (
    <div className="page connections-page" data-testid="connections-page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Connections</h1>
          <p className="page-subtitle">
            The companies your flows read from and write to. Sign in once; Ledgerflow keeps the keys in your
            system’s keychain.
          </p>
        </div>
        <div className="page-actions">
          {connections.length > 0 && sandboxButton}
          <button type="button" className="btn btn-secondary" onClick={() => setDialog({ kind: 'add' })}>
            <Icon name="plus" /> Add connection
          </button>
        </div>
      </div>

      {status === 'loading' && <div className="table-loading">Loading connections…</div>}
      {status === 'failed' && (
        <div className="empty-state" role="alert">
          <h2>The connections could not be loaded</h2>
          <p>{error}</p>
        </div>
      )}
      {status === 'ready' && connections.length === 0 && (
        <div className="empty-state" data-testid="connections-empty">
          <h2>No connections yet</h2>
          <p>
            Try Ledgerflow with the built-in sandbox companies (no account needed), or add a connection to
            your own Xero organisation.
          </p>
          <div className="empty-state-actions">{sandboxButton}</div>
        </div>
      )}
      {connections.length > 0 && (
        <ul className="connection-list" aria-label="Connections">
          {connections.map((connection) => (
            <ConnectionRow
              key={connection.id}
              connection={connection}
              onRename={() => setDialog({ kind: 'rename', connection })}
              onRemove={() => setDialog({ kind: 'remove', connection })}
            />
          ))}
        </ul>
      )}

      {dialog?.kind === 'add' && <AddConnectionDialog onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'rename' && (
        <RenameConnectionDialog connection={dialog.connection} onClose={() => setDialog(undefined)} />
      )}
      {dialog?.kind === 'remove' && (
        <RemoveConnectionDialog connection={dialog.connection} onClose={() => setDialog(undefined)} />
      )}
    </div>
  );
}
