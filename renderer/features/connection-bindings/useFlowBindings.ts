import { useCallback, useEffect, useState } from 'react';
import type { CallOutput } from '../../../shared/contract/contract-registry';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';

/** One connection reference of a flow with its binding. */
export type FlowBinding = CallOutput<'flows.bindings'>['bindings'][number];

/**
 * A flow's connection bindings, refreshed when connections or the flow change; `bind` chooses a company for a
 * reference (null lets Ledgerflow choose again automatically).
 */
export function useFlowBindings(flowId: string): {
  bindings: readonly FlowBinding[];
  unboundCount: number;
  bind: (ref: string, connectionId: string | null) => Promise<void>;
} {
  const { client, store } = useAppServices();
  const [bindings, setBindings] = useState<readonly FlowBinding[]>([]);

  const load = useCallback(() => {
    client.call('flows.bindings', { id: flowId }).then(
      (result) => setBindings(result.bindings),
      // A deleted flow or a lost connection: keep what is shown; the page reports those itself.
      () => undefined,
    );
  }, [client, flowId]);

  useEffect(() => {
    load();
    const offConnections = client.on('connections.onDidChange', load);
    const offFlows = client.on('flows.onDidChange', (e) => e.id === flowId && load());
    return () => {
      offConnections();
      offFlows();
    };
  }, [client, flowId, load]);

  const bind = async (ref: string, connectionId: string | null) => {
    try {
      setBindings((await client.call('flows.bind', { id: flowId, ref, connectionId })).bindings);
    } catch (cause) {
      store.getState().notify(errorNotice('Could not choose that company', cause));
    }
  };

  return { bindings, unboundCount: bindings.filter((b) => b.connectionId === null).length, bind };
}
