import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import { nodeCatalogue } from '../../../shared/flow/node-catalogue';
import type { Flow, FlowNode } from '../../../shared/flow/flow.schema';
import { entityLabels, type EntityName } from '../../../shared/records/entities';

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** An entity's plural label, capitalised ("Invoices"), or the raw name when unknown. */
export function entityTitle(entity: string | undefined): string | undefined {
  if (!entity) return undefined;
  return capital(entityLabels[entity as EntityName]?.many ?? entity);
}

/** The system a connector node is bound to through its connection reference. */
export function systemOf(flow: Flow, node: FlowNode): SystemId | undefined {
  if (!('connection' in node.config) || !node.config.connection) return undefined;
  return flow.connections[node.config.connection]?.system;
}

/** The node's name on the canvas: its label, else what it does ("Invoices", "Mapper"). */
export function nodeTitle(node: FlowNode): string {
  if (node.label) return node.label;
  if (node.type === 'source' || node.type === 'destination')
    return entityTitle(node.config.entity) ?? `${nodeCatalogue[node.type].label}: choose an entity`;
  return nodeCatalogue[node.type].label;
}

/** A short line under the title: direction and system for connectors, a count for transforms. */
export function nodeDetail(node: FlowNode, system: SystemId | undefined): string {
  const systemLabel = system ? connectorDescriptors[system].label : 'no connection';
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  switch (node.type) {
    case 'source':
      return `Reads from ${systemLabel}`;
    case 'destination':
      return `Writes to ${systemLabel}`;
    case 'lookup':
      return node.config.entity
        ? `Finds ${entityLabels[node.config.entity as EntityName]?.one ?? node.config.entity} in ${systemLabel}`
        : `Looks up in ${systemLabel}`;
    case 'mapper':
      return Object.keys(node.config.fields).length === 0
        ? 'Default mapping'
        : plural(Object.keys(node.config.fields).length, 'field mapped', 'fields mapped');
    case 'value-map':
      return `${node.config.field ?? 'No field'} · ${plural(node.config.table.length, 'row', 'rows')}`;
    case 'filter': {
      if ('expression' in node.config) return 'JSONata condition';
      const list = 'all' in node.config ? node.config.all : node.config.any;
      return `${plural(list.length, 'condition', 'conditions')}${list.length > 1 ? ('all' in node.config ? ', all' : ', any') : ''}`;
    }
  }
}
