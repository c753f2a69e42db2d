import type { CallResult, Transport } from '../../shared/contract/transport';
import { createContractClient, type ContractClient } from './contract-client';
import { WebSocketTransport, type AccessCheck, type ConnectionState } from './websocket-transport';

/** The shape the Electron preload exposes as `window.ledgerflow`. */
interface PreloadBridge {
  call(channel: string, payload: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    ledgerflow?: PreloadBridge;
  }
}

/** The browser host's access token: from the URL fragment, kept for the tab's life so reloads keep working. */
export function browserHostToken(
  location: Location = window.location,
  storage: Storage = sessionStorage,
): string | undefined {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    storage.setItem('ledgerflow.token', fromHash);
    return fromHash;
  }
  return storage.getItem('ledgerflow.token') ?? undefined;
}

/**
 * Picks the transport that is present: the Electron preload, or the browser host's WebSocket. No other renderer
 * code knows which host it runs in. Returns undefined in the browser when there is no token to connect with.
 */
export function connectBridge(onState: (state: ConnectionState) => void): ContractClient | undefined {
  const preload = window.ledgerflow;
  if (preload) {
    onState('open');
    const transport: Transport = {
      call: (channel, payload) => preload.call(channel, payload) as Promise<CallResult>,
      subscribe: (event, listener) => preload.subscribe(event, listener),
    };
    return createContractClient(transport);
  }
  const token = browserHostToken();
  if (!token) return undefined;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ledgerflow-ws?token=${encodeURIComponent(token)}`;
  const checkAccess: AccessCheck = async () => {
    try {
      const response = await fetch('/ledgerflow-session', { headers: { Authorization: `Bearer ${token}` } });
      return response.status === 204 ? 'accepted' : response.status === 401 ? 'rejected' : 'unreachable';
    } catch {
      return 'unreachable';
    }
  };
  return createContractClient(new WebSocketTransport(url, onState, checkAccess));
}
