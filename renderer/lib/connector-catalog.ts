import { useEffect, useState } from 'react';
import type { CallOutput } from '../../shared/contract/contract-registry';
import type { SystemId } from '../../shared/connectors/connector-descriptor';
import type { ContractClient } from '../bridge/contract-client';
import { useAppServices } from '../app/useAppServices';

/** What `connectors.describe` tells: every system, its entities, capabilities and canonical fields. */
export type ConnectorCatalog = CallOutput<'connectors.describe'>['connectors'];
/** One system's description. */
export type ConnectorDescription = ConnectorCatalog[number];
/** One entity of one system, with its fields. */
export type EntityDescription = ConnectorDescription['entities'][number];
/** One canonical field. */
export type FieldDescription = EntityDescription['fields'][number];

const loaded = new WeakMap<ContractClient, ConnectorCatalog>();
const loading = new WeakMap<ContractClient, Promise<ConnectorCatalog>>();

function load(client: ContractClient): Promise<ConnectorCatalog> {
  let promise = loading.get(client);
  if (!promise) {
    promise = client.call('connectors.describe', {}).then(({ connectors }) => {
      loaded.set(client, connectors);
      return connectors;
    });
    // A failed call may be retried by the next caller (e.g. after a reconnect).
    promise.catch(() => loading.delete(client));
    loading.set(client, promise);
  }
  return promise;
}

/** The connector catalogue, asked once per app; undefined until it arrives. */
export function useConnectorCatalog(): ConnectorCatalog | undefined {
  const { client } = useAppServices();
  const [catalog, setCatalog] = useState(() => loaded.get(client));
  useEffect(() => {
    if (catalog) return;
    let isCurrent = true;
    load(client).then(
      (value) => isCurrent && setCatalog(value),
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [client, catalog]);
  return catalog;
}

/** One system's entity from the catalogue. */
export function findEntity(
  catalog: ConnectorCatalog | undefined,
  system: SystemId | undefined,
  entity: string | undefined,
): EntityDescription | undefined {
  if (!catalog || !system || !entity) return undefined;
  return catalog.find((c) => c.system === system)?.entities.find((e) => e.entity === entity);
}

/** The canonical fields of an entity (the same for every system; the first system that has it answers). */
export function fieldsOfEntity(
  catalog: ConnectorCatalog | undefined,
  entity: string | undefined,
): FieldDescription[] {
  if (!catalog || !entity) return [];
  for (const connector of catalog) {
    const found = connector.entities.find((e) => e.entity === entity);
    if (found) return found.fields;
  }
  return [];
}
