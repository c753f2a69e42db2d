import { useState } from 'react';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';
import { Icon } from '../../lib/ui/Icon';
import { IconButton } from '../../lib/ui/IconButton';
import { SystemMark } from '../../lib/ui/SystemMark';
import type { ConnectionItem } from './connection-types';
import { useSignIn } from './useSignIn';

const statusLabel: Record<ConnectionItem['status'], string> = {
  connected: 'Connected',
  'needs-reconnect': 'Needs reconnect',
  'not-connected': 'Not signed in',
};

/** One connection: system, label, organisation, status with its one-click fix, last test, actions. */
export function ConnectionRow({
  connection: c,
  onRename,
  onRemove,
}: {
  connection: ConnectionItem;
  onRename: () => void;
  onRemove: () => void;
}) {
  const { client, store } = useAppServices();
  const signIn = useSignIn();
  const [isTesting, setIsTesting] = useState(false);
  const system = connectorDescriptors[c.system].label;

  const test = async () => {
    setIsTesting(true);
    try {
      const result = await client.call('connections.test', { id: c.id });
      store.getState().notify({ tone: result.ok ? 'success' : 'error', text: result.message });
    } catch (cause) {
      store.getState().notify(errorNotice(`Could not test ${c.label}`, cause));
    } finally {
      setIsTesting(false);
    }
  };

  const selectTenant = async (tenantId: string) => {
    try {
      await client.call('connections.selectTenant', { id: c.id, tenantId });
    } catch (cause) {
      store.getState().notify(errorNotice('Could not switch the organisation', cause));
    }
  };

  return (
    <li className="connection-row" data-testid="connection-row" data-status={c.status} data-system={c.system}>
      <SystemMark system={c.system} size="medium" />
      <div className="connection-main">
        <div className="connection-title">
          <span className="connection-label">{c.label}</span>
          {c.isSandbox && <span className="connection-tag">Sandbox</span>}
        </div>
        <div className="connection-meta">
          <span>{system}</span>
          <span aria-hidden="true">·</span>
          {c.tenants.length > 1 ? (
            <label className="connection-tenant">
              <span className="visually-hidden">Organisation</span>
              <select value={c.tenantId ?? ''} onChange={(event) => void selectTenant(event.target.value)}>
                {c.tenants.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="connection-tenant-name">{c.tenantName ?? 'No organisation yet'}</span>
          )}
        </div>
        {c.lastTest && (
          <div
            className={`connection-test ${c.lastTest.ok ? 'is-ok' : 'is-failed'}`}
            data-testid="connection-test"
          >
            <Icon name={c.lastTest.ok ? 'check' : 'alert'} size={14} /> {c.lastTest.message}
          </div>
        )}
        {c.status !== 'connected' && c.statusMessage && (
          <div className="connection-problem">{c.statusMessage}</div>
        )}
      </div>
      <div className="connection-status">
        <span className={`status-badge status-${c.status}`} data-testid="connection-status">
          {statusLabel[c.status]}
        </span>
        {c.status !== 'connected' && (
          <button type="button" className="btn btn-attention" onClick={() => void signIn(c.id, c.label)}>
            {c.status === 'needs-reconnect' ? 'Reconnect' : 'Connect'}
          </button>
        )}
      </div>
      <div className="connection-actions">
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => void test()}
          disabled={isTesting || c.status === 'not-connected'}
        >
          {isTesting ? 'Testing…' : 'Test'}
        </button>
        <IconButton icon="pencil" label={`Rename ${c.label}`} onClick={onRename} />
        <IconButton icon="trash" tone="danger" label={`Remove ${c.label}`} onClick={onRemove} />
      </div>
    </li>
  );
}
