import { useEffect, useState } from 'react';
import { useAppStore } from '../stores/useAppStore';

const showAfterMs = 600;
const hintAfterMs = 8_000;

/**
 * A thin banner while the host is unreachable. Waits a moment before showing (a blip is not news) and, after a
 * while, says what usually fixes it.
 */
export function ReconnectBanner() {
  const connection = useAppStore((s) => s.connection);
  const [stage, setStage] = useState<'hidden' | 'shown' | 'hinted'>('hidden');
  const isDown = connection !== 'open';

  useEffect(() => {
    if (!isDown) return;
    const show = setTimeout(() => setStage('shown'), showAfterMs);
    const hint = setTimeout(() => setStage('hinted'), hintAfterMs);
    return () => {
      clearTimeout(show);
      clearTimeout(hint);
      setStage('hidden');
    };
  }, [isDown]);

  if (connection === 'rejected')
    return (
      <div className="reconnect-banner" role="alert" data-testid="reconnect-banner">
        <span>
          This link is no longer valid: Ledgerflow was restarted and made a new access token. Open the new
          link it printed. <code>LF-1003</code>
        </span>
      </div>
    );
  if (!isDown || stage === 'hidden') return null;
  return (
    <div className="reconnect-banner" role="status" data-testid="reconnect-banner">
      <span className="spinner" aria-hidden="true" />
      <span>
        Reconnecting to Ledgerflow…
        {stage === 'hinted' && (
          <span className="reconnect-hint">
            {' '}
            If you restarted it, open the new link it printed — each start makes a new access token.
          </span>
        )}
      </span>
    </div>
  );
}
