import { useState } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';

/** "Connect sandbox companies": one click, a toast with the outcome. Shared by the start screen and Connections. */
export function useConnectSandbox(): { connect: () => Promise<void>; isConnecting: boolean } {
  const { client, store } = useAppServices();
  const [isConnecting, setIsConnecting] = useState(false);
  const connect = async () => {
    setIsConnecting(true);
    try {
      const result = await client.call('connections.connectSandbox', {});
      const n = result.connections.length;
      store
        .getState()
        .notify({ tone: 'success', text: `Connected ${n} sandbox compan${n === 1 ? 'y' : 'ies'}` });
    } catch (cause) {
      store.getState().notify(errorNotice('Could not connect the sandbox companies', cause));
    } finally {
      setIsConnecting(false);
    }
  };
  return { connect, isConnecting };
}
