import { useCallback } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';

/**
 * Starts a sign-in (connect or reconnect). The host opens the system browser when it can (Electron); in the
 * browser host a new tab is opened here, synchronously within the click so no pop-up blocker stops it, and
 * pointed at the sign-in page once the host has it. The outcome arrives as `connections.onDidChange`.
 */
export function useSignIn(): (id: string, label: string) => Promise<void> {
  const { client, store } = useAppServices();
  return useCallback(
    async (id, label) => {
      const tab = window.open('about:blank', '_blank');
      try {
        const { authorizeUrl, openedByHost } = await client.call('connections.authorize', { id });
        if (!authorizeUrl) {
          // Client credentials (Visma.net): signed in already, no browser step.
          tab?.close();
          store.getState().notify({ tone: 'success', text: `Connected ${label}` });
          return;
        }
        if (openedByHost) tab?.close();
        else if (tab) tab.location.href = authorizeUrl;
        else window.open(authorizeUrl, '_blank', 'noopener');
        store
          .getState()
          .notify({ tone: 'info', text: `Finish signing in to ${label} in the browser tab that opened.` });
      } catch (cause) {
        tab?.close();
        store.getState().notify(errorNotice(`Could not start signing in to ${label}`, cause));
      }
    },
    [client, store],
  );
}
