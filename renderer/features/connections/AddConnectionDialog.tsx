import { useState, type FormEvent } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { Dialog } from '../../lib/ui/Dialog';
import { useSignIn } from './useSignIn';

const realXero = {
  apiUrl: 'https://api.xero.com',
  identityUrl: 'https://identity.xero.com',
  loginUrl: 'https://login.xero.com',
};

/**
 * Adds a connection to a real company: system, label, the app's client id (and secret for confidential apps),
 * base URLs defaulting to the real API. The secret goes straight to the host's keychain; then the sign-in starts.
 */
export function AddConnectionDialog({ onClose }: { onClose: () => void }) {
  const { client } = useAppServices();
  const signIn = useSignIn();
  const [label, setLabel] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [urls, setUrls] = useState(realXero);
  const [showUrls, setShowUrls] = useState(false);
  const [error, setError] = useState<string>();
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim() || !clientId.trim()) {
      setError('Give the connection a name and enter the client id of your Xero app.');
      return;
    }
    setIsBusy(true);
    try {
      const created = await client.call('connections.create', {
        system: 'xero',
        label: label.trim(),
        clientId: clientId.trim(),
        ...(clientSecret ? { clientSecret } : {}),
        apiUrl: urls.apiUrl,
        identityUrl: urls.identityUrl,
        loginUrl: urls.loginUrl,
      });
      setClientSecret('');
      onClose();
      await signIn(created.id, created.label);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      setIsBusy(false);
    }
  };

  const urlField = (key: keyof typeof realXero, title: string) => (
    <div className="form-row">
      <label className="field-label" htmlFor={`conn-${key}`}>
        {title}
      </label>
      <input
        id={`conn-${key}`}
        className="text-input"
        value={urls[key]}
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
          Create an app at developer.xero.com (Web app or PKCE app) with the redirect URI{' '}
          <code className="code-ref">http://127.0.0.1/callback</code>, then enter its client id here. You sign
          in in your browser; Ledgerflow keeps the keys in your system’s keychain.
        </p>
        <div className="form-row">
          <label className="field-label" htmlFor="conn-system">
            System
          </label>
          <select id="conn-system" className="text-input" value="xero" disabled>
            <option value="xero">Xero</option>
          </select>
          <p className="field-hint">Visma eAccounting and Visma.net arrive in a coming release.</p>
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
            Client secret <span className="field-optional">(not needed for PKCE apps)</span>
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
            {urlField('apiUrl', 'API (replaces https://api.xero.com)')}
            {urlField('identityUrl', 'Identity (replaces https://identity.xero.com)')}
            {urlField('loginUrl', 'Login (replaces https://login.xero.com)')}
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
