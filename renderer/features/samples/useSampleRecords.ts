import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../shared/contract/contract-registry';
import type { Flow } from '../../../shared/flow/flow.schema';
import { entityNames, type EntityName } from '../../../shared/records/entities';
import { useAppServices } from '../../app/useAppServices';

type SampleRecord = CallOutput<'connectors.sample'>['records'][number];

/** What the preview can show: real records of the source's company, or why there are none. */
export type SampleState =
  | { readonly status: 'none'; readonly reason: string }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly records: readonly SampleRecord[]; readonly company: string }
  | { readonly status: 'error'; readonly reason: string };

const SAMPLE_SIZE = 5;

/**
 * The first records of the upstream source, read from the company its connection reference is bound to
 * (connectors.sample). Re-read when the source, its entity, the bindings or the connections change.
 */
export function useSampleRecords(flow: Flow, sourceNodeId: string | undefined): SampleState {
  const { client } = useAppServices();
  const [state, setState] = useState<SampleState>({ status: 'loading' });
  const source = flow.nodes.find((n) => n.id === sourceNodeId);
  const ref = source?.type === 'source' ? source.config.connection : undefined;
  const entity = source?.type === 'source' ? source.config.entity : undefined;
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const bump = () => setGeneration((g) => g + 1);
    const offConnections = client.on('connections.onDidChange', bump);
    const offFlows = client.on('flows.onDidChange', (e) => e.id === flow.id && bump());
    return () => {
      offConnections();
      offFlows();
    };
  }, [client, flow.id]);

  useEffect(() => {
    let isCurrent = true;
    const show = (next: SampleState) => isCurrent && setState(next);
    if (!ref || !entity || !(entityNames as readonly string[]).includes(entity)) {
      show({
        status: 'none',
        reason: 'Connect a source with a connection and an entity upstream of this mapper.',
      });
      return;
    }
    show({ status: 'loading' });
    (async () => {
      const { bindings } = await client.call('flows.bindings', { id: flow.id });
      const binding = bindings.find((b) => b.ref === ref);
      if (!binding?.connectionId) {
        show({
          status: 'none',
          reason:
            binding && binding.candidates.length > 0
              ? "Choose the source's company under Companies in the editor bar."
              : 'Connect a company under Connections.',
        });
        return;
      }
      const company = binding.candidates.find((c) => c.id === binding.connectionId)?.label ?? binding.ref;
      const { records } = await client.call('connectors.sample', {
        connection: binding.connectionId,
        entity: entity as EntityName,
        n: SAMPLE_SIZE,
      });
      show({ status: 'ready', records, company });
    })().catch((error: unknown) =>
      show({ status: 'error', reason: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      isCurrent = false;
    };
  }, [client, flow.id, ref, entity, generation]);

  return state;
}
