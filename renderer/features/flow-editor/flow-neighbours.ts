import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import type { Flow, FlowNode } from '../../../shared/flow/flow.schema';

/** An entity at a system, as a connector node names it. */
export interface EntityAt {
  readonly system: SystemId | undefined;
  readonly entity: string;
  readonly nodeId: string;
}

function walk(
  flow: Flow,
  start: string,
  direction: 'up' | 'down',
  wanted: FlowNode['type'],
): EntityAt | undefined {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const seen = new Set([start]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier)
      for (const edge of flow.edges) {
        const [from, to] = direction === 'up' ? [edge.target, edge.source] : [edge.source, edge.target];
        if (from !== id || seen.has(to)) continue;
        seen.add(to);
        const node = byId.get(to);
        if (node?.type === wanted && 'entity' in node.config && node.config.entity) {
          const key = node.config.connection;
          return {
            system: key ? flow.connections[key]?.system : undefined,
            entity: node.config.entity,
            nodeId: node.id,
          };
        }
        next.push(to);
      }
    frontier = next;
  }
  return undefined;
}

/** The nearest source upstream of a node: what its records are. */
export const upstreamSource = (flow: Flow, nodeId: string) => walk(flow, nodeId, 'up', 'source');

/** The nearest destination downstream of a node: what its records become. */
export const downstreamDestination = (flow: Flow, nodeId: string) =>
  walk(flow, nodeId, 'down', 'destination');
