import { LedgerflowLogo } from './LedgerflowLogo';

/** Shown in a browser opened without the access token: how to get in. */
export function NoTokenPage() {
  return (
    <div className="no-token">
      <div className="no-token-card">
        <LedgerflowLogo size={40} />
        <h1>Open Ledgerflow from its link</h1>
        <p>
          Open Ledgerflow from the link that <code>ledgerflow serve</code> / <code>npm run web</code> printed
          — it carries the access token.
        </p>
        <p className="muted">
          The link looks like <code>http://127.0.0.1:PORT/#token=…</code>. If you restarted Ledgerflow, use
          the new link: each start makes a new token.
        </p>
      </div>
    </div>
  );
}
