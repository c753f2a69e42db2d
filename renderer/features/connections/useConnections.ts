import { useEffect, useState } from 'react';
import { useAppServices } from '../../app/useAppServices';
import type { ConnectionItem } from './connection-types';

interface ConnectionsState {
  readonly connections: ConnectionItem[];
  readonly status: 'loading' | 'ready' | 'failed';
  readonly error: string | undefined;
}

/** The connections, kept fresh by `connections.onDidChange` (a sign-in finishing, another window, a test). */
export function useConnections(): ConnectionsState {
  const { client } = useAppServices();
  const [state, setState] = useState<ConnectionsState>({
    connections: [],
    status: 'loading',
    error: undefined,
  });

  useEffect(() => {
    let isCurrent = true;
    let latest = 0;
    const load = () => {
      const request = ++latest;
      client.call('connections.list', {}).then(
        ({ connections }) => {
          if (isCurrent && request === latest) setState({ connections, status: 'ready', error: undefined });
        },
        (cause: unknown) => {
          if (!isCurrent || request !== latest) return;
          // A failed refresh keeps what is shown; only a first load has nothing to fall back on.
          const error = cause instanceof Error ? cause.message : String(cause);
          setState((s) => ({ ...s, status: s.status === 'ready' ? 'ready' : 'failed', error }));
        },
      );
    };
    load();
    const unsubscribe = client.on('connections.onDidChange', load);
    return () => {
      isCurrent = false;
      unsubscribe();
    };
  }, [client]);

  return state;
}
