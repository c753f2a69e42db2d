import { connectBridge } from '../bridge/bridge';
import type { ConnectionState } from '../bridge/websocket-transport';
import { createAppStore } from '../stores/app-store';
import { scheduledRunAlert } from '../../shared/runs/run-alerts';
import type { AppServices } from './app-context';

/**
 * Connects to the host and builds the app store, outside React so a re-render (or StrictMode) never opens a
 * second connection. Undefined when the page was opened without the browser host's token.
 */
export function bootApp(): AppServices | undefined {
  // The transport reports its first state before the store exists: remember it until then.
  let earlyState: ConnectionState = 'connecting';
  let onState = (state: ConnectionState) => {
    earlyState = state;
  };
  const client = connectBridge((state) => onState(state));
  if (!client) return undefined;

  const store = createAppStore({
    client,
    storage: localStorage,
    history: window.history,
    currentUrl: () => window.location.href,
  });
  store.getState().setConnection(earlyState);
  onState = (state) => {
    const before = store.getState();
    const isReconnect = state === 'open' && before.connection !== 'open' && before.hasConnected;
    before.setConnection(state);
    // Events sent while the socket was down are lost: reload what is shown once it is back.
    if (isReconnect) void before.refreshFlows();
  };
  client.on('flows.onDidChange', () => void store.getState().refreshFlows());
  // A scheduled run that failed or left dead letters: Electron's main process shows an OS notification; in the
  // browser host the app says so itself.
  if (!window.ledgerflow)
    client.on('runs.onDidChange', (run) => {
      const alert = scheduledRunAlert(run);
      if (alert) store.getState().notify({ tone: 'error', text: alert.title, detail: alert.body });
    });
  window.addEventListener('popstate', () => store.getState().syncRouteFromUrl());
  void store.getState().refreshFlows();
  return { store, client };
}
