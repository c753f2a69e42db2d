import { useState, type FormEvent } from 'react';
import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import { useAppServices } from '../../app/useAppServices';
import { Dialog } from '../../lib/ui/Dialog';
import { useSignIn } from './useSignIn';

type UrlKey = 'apiUrl' | 'identityUrl' | 'loginUrl';

/** Per system: the real base URLs (with the label of each field), how it signs in, and what to register. */
const systems: Record<
  SystemId,
  { urls: Partial<Record<UrlKey, [string, string]>>; isService: boolean; help: string }
> = {
  xero: {
    urls: {
      apiUrl: ['https://api.xero.com', 'API'],
      identityUrl: ['https://identity.xero.com', 'Identity'],
      loginUrl: ['https://login.xero.com', 'Login'],
    },
    isService: false,
    help: 'Create an app at developer.xero.com (Web app or PKCE app) with the redirect URI',
  },
  'visma-eaccounting': {
    urls: {
      apiUrl: ['https://eaccountingapi.vismaonline.com', 'API'],
      identityUrl: ['https://identity.vismaonline.com', 'Identity'],
    },
    isService: false,
    help: 'Register an eAccounting client with Visma (it has a secret) with the redirect URI',
  },
  'visma-net': {
    urls: {
      apiUrl: ['https://api.finance.visma.net', 'API'],
      identityUrl: ['https://connect.visma.com', 'Visma Connect'],
    },
    isService: true,
    help: 'Create a service integration in the Visma Developer Portal and approve it for the company (no redirect URI), then enter its client id and secret and the company’s tenant id.',
  },
};

const urlsOf = (system: SystemId): Partial<Record<UrlKey, string>> =>
  Object.fromEntries(Object.entries(systems[system].urls).map(([k, [url]]) => [k, url]));

/**
 * Adds a connection to a real company: system, label, the app's client id (and secret for confidential apps),
 * base URLs defaulting to the real API. The secret goes straight to the host's keychain; then the sign-in starts.
 */
export function AddConnectionDialog({ onClose }: { onClose: () => void }) {
  const { client, store } = useAppServices();
  const signIn = useSignIn();
  const [system, setSystem] = useState<SystemId>('xero');
  const [label, setLabel] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [tenantId, setTenantId] = useState('');
  const [urls, setUrls] = useState(urlsOf('xero'));
  const spec = systems[system];
  const systemLabel = connectorDescriptors[system].label;
  const [showUrls, setShowUrls] = useState(false);
  const [error, setError] = useState<string>();
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim() || !clientId.trim()) {
      setError(`Give the connection a name and enter the client id of your ${systemLabel} app.`);
      return;
    }
    if (spec.isService && (!clientSecret || !tenantId.trim())) {
      setError(`A ${systemLabel} connection needs the client secret and the company’s tenant id.`);
      return;
    }
    setIsBusy(true);
    try {
      const created = await client.call('connections.create', {
        system,
        label: label.trim(),
        clientId: clientId.trim(),
        ...(clientSecret ? { clientSecret } : {}),
        ...(spec.isService ? { tenantId: tenantId.trim() } : {}),
        ...urls,
      });
      setClientSecret('');
      onClose();
      if (spec.isService) {
        // Client credentials: no browser step, the host gets a token for the company at once.
        try {
          await client.call('connections.authorize', { id: created.id });
          store.getState().notify({ tone: 'success', text: `Connected ${created.label}` });
        } catch (cause) {
          store
            .getState()
            .notify({ tone: 'error', text: cause instanceof Error ? cause.message : String(cause) });
        }
      } else await signIn(created.id, created.label);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      setIsBusy(false);
    }
  };

  const urlField = (key: UrlKey, title: string) => (
    <div className="form-row">
      <label className="field-label" htmlFor={`conn-${key}`}>
        {title}
      </label>
      <input
        id={`conn-${key}`}
        className="text-input"
        value={urls[key] ?? ''}
        spellCheck={false}
        onChange={(e) => setUrls({ ...urls, [key]: e.target.value })}
      />
    </div>
  );

  return (
    <Dialog
      isOpen
      title="Add a connection"
      onClose={onClose}
      width="wide"
      testId="add-connection-dialog"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="add-connection-form" className="btn btn-primary" disabled={isBusy}>
            {isBusy ? 'Adding…' : 'Add and sign in'}
          </button>
        </>
      }
    >
      <form id="add-connection-form" onSubmit={submit} noValidate className="connection-form">
        <p className="dialog-text">
          {spec.help}
          {!spec.isService && (
            <>
              {' '}
              <code className="code-ref">http://127.0.0.1/callback</code>, then enter its client id here. You
              sign in in your browser.
            </>
          )}{' '}
          Ledgerflow keeps the keys in your system’s keychain.
        </p>
        <div className="form-row">
          <label className="field-label" htmlFor="conn-system">
            System
          </label>
          <select
            id="conn-system"
            className="text-input"
            value={system}
            onChange={(e) => {
              const next = e.target.value as SystemId;
              setSystem(next);
              setUrls(urlsOf(next));
            }}
          >
            {Object.values(connectorDescriptors).map((d) => (
              <option key={d.system} value={d.system}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-row">
          <label className="field-label" htmlFor="conn-label">
            Name
          </label>
          <input
            id="conn-label"
            className="text-input"
            value={label}
            autoFocus
            autoComplete="off"
            placeholder="e.g. Nordvik Trading AB"
            onChange={(e) => setLabel(e.target.value)}
          />
        </div>
        <div className="form-row">
          <label className="field-label" htmlFor="conn-client-id">
            Client id
          </label>
          <input
            id="conn-client-id"
            className="text-input"
            value={clientId}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setClientId(e.target.value)}
          />
        </div>
        <div className="form-row">
          <label className="field-label" htmlFor="conn-client-secret">
            Client secret{' '}
            {system === 'xero' && <span className="field-optional">(not needed for PKCE apps)</span>}
          </label>
          <input
            id="conn-client-secret"
            className="text-input"
            type="password"
            value={clientSecret}
            autoComplete="off"
            onChange={(e) => setClientSecret(e.target.value)}
          />
        </div>
        {spec.isService && (
          <div className="form-row">
            <label className="field-label" htmlFor="conn-tenant-id">
              Tenant id <span className="field-optional">(the company, from the Developer Portal)</span>
            </label>
            <input
              id="conn-tenant-id"
              className="text-input"
              value={tenantId}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setTenantId(e.target.value)}
            />
          </div>
        )}
        <button
          type="button"
          className="btn btn-ghost"
          aria-expanded={showUrls}
          onClick={() => setShowUrls(!showUrls)}
        >
          {showUrls ? 'Hide' : 'Show'} base URLs
        </button>
        {showUrls && (
          <>
            {Object.entries(spec.urls).map(([key, [url, title]]) => (
              <div key={key}>{urlField(key as UrlKey, `${title} (replaces ${url})`)}</div>
            ))}
          </>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
