import { connectorDescriptors } from '../connectors/connector-registry';
import { entityLabels, entityNames, type EntityName } from '../records/entities';
import { didYouMean } from './did-you-mean';
import type { FlowProblem } from './flow-problems';
import { conflictPolicies, type ConflictPolicy, type Flow, type FlowNode } from './flow.schema';
import { nodeCatalogue } from './node-catalogue';

const nodeName = (node: FlowNode) => (node.label ? `'${node.label}'` : `'${node.id}'`);

/**
 * The checks a schema cannot express: unique ids, edges that point at real nodes, no loops, connections that
 * exist and systems that know the entity, and (as `incomplete`) what a draft still lacks before it can run.
 */
export function checkFlowGraph(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const error = (path: string, message: string, nodeId?: string) =>
    problems.push(
      nodeId ? { path, message, severity: 'error', nodeId } : { path, message, severity: 'error' },
    );
  const incomplete = (path: string, message: string, nodeId: string) =>
    problems.push({ path, message, severity: 'incomplete', nodeId });

  const nodeIndex = new Map<string, number>();
  flow.nodes.forEach((node, i) => {
    const first = nodeIndex.get(node.id);
    if (first !== undefined)
      error(
        `nodes[${i}].id`,
        `'${node.id}' is already the id of nodes[${first}]; ids must be unique`,
        node.id,
      );
    else nodeIndex.set(node.id, i);
  });

  checkNodeConfigs(flow, error, incomplete);

  const edgeIds = new Map<string, number>();
  const pairs = new Set<string>();
  const outgoing = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  flow.edges.forEach((edge, i) => {
    const firstEdge = edgeIds.get(edge.id);
    if (firstEdge !== undefined)
      error(`edges[${i}].id`, `'${edge.id}' is already the id of edges[${firstEdge}]; ids must be unique`);
    else edgeIds.set(edge.id, i);
    const sourceIndex = nodeIndex.get(edge.source);
    const targetIndex = nodeIndex.get(edge.target);
    if (sourceIndex === undefined) error(`edges[${i}].source`, `no node has the id '${edge.source}'`);
    if (targetIndex === undefined) error(`edges[${i}].target`, `no node has the id '${edge.target}'`);
    if (sourceIndex === undefined || targetIndex === undefined) return;
    const from = flow.nodes[sourceIndex]!;
    const to = flow.nodes[targetIndex]!;
    if (edge.source === edge.target)
      return error(`edges[${i}]`, `connects ${nodeName(from)} to itself`, from.id);
    if (!nodeCatalogue[from.type].givesOutput)
      return error(
        `edges[${i}].source`,
        `${nodeName(from)} is a ${from.type}; it has no output to connect from`,
        from.id,
      );
    if (!nodeCatalogue[to.type].takesInput)
      return error(
        `edges[${i}].target`,
        `${nodeName(to)} is a ${to.type}; it reads from a company and takes no input`,
        to.id,
      );
    const pair = `${edge.source}\u0000${edge.target}`;
    if (pairs.has(pair))
      return error(`edges[${i}]`, `${nodeName(from)} is already connected to ${nodeName(to)}`);
    pairs.add(pair);
    push(outgoing, edge.source, edge.target);
    push(incoming, edge.target, edge.source);
  });

  const order = topologicalOrder(flow.nodes, outgoing, incoming);
  if (order.cycle) {
    // Report the loop's edge that was added last: the likeliest mistake.
    const loopEdges = new Set(
      order.cycle.map((id, k) => `${id}\u0000${order.cycle![(k + 1) % order.cycle!.length]}`),
    );
    const i = flow.edges.findLastIndex((e) => loopEdges.has(`${e.source}\u0000${e.target}`));
    const names = order.cycle.map((id) => flow.nodes[nodeIndex.get(id)!]!).map(nodeName);
    error(`edges[${i}]`, `this edge closes a loop (${names.join(' → ')}); records must flow one way`);
    return problems;
  }
  const fedBy = checkReachability(flow, order.order, nodeIndex, incoming, error, incomplete);
  checkTwoWayPairs(flow, nodeIndex, fedBy, error, incomplete);
  return problems;
}

function checkNodeConfigs(
  flow: Flow,
  error: (path: string, message: string, nodeId?: string) => void,
  incomplete: (path: string, message: string, nodeId: string) => void,
): void {
  flow.nodes.forEach((node, i) => {
    if (node.type !== 'source' && node.type !== 'destination' && node.type !== 'lookup') return;
    const base = `nodes[${i}].config`;
    const { connection, entity } = node.config;
    if (connection === undefined)
      incomplete(`${base}.connection`, `${nodeName(node)} has no connection chosen`, node.id);
    const ref = connection === undefined ? undefined : flow.connections[connection];
    if (connection !== undefined && !ref) {
      const hint = didYouMean(connection, Object.keys(flow.connections));
      error(
        `${base}.connection`,
        `'${connection}' is not one of this flow's connections (${Object.keys(flow.connections).join(', ') || 'none'})${hint ? `; did you mean '${hint}'?` : ''}`,
        node.id,
      );
    }
    if (entity === undefined)
      return incomplete(`${base}.entity`, `${nodeName(node)} has no entity chosen`, node.id);
    if (!ref) {
      if (!(entityNames as readonly string[]).includes(entity)) {
        const hint = didYouMean(entity, entityNames);
        error(
          `${base}.entity`,
          `'${entity}' is not an entity${hint ? `; did you mean '${hint}'?` : ''}`,
          node.id,
        );
      }
      return;
    }
    const descriptor = connectorDescriptors[ref.system];
    const capability = descriptor.entities[entity as EntityName];
    if (!capability) {
      const hint = didYouMean(entity, Object.keys(descriptor.entities));
      return error(
        `${base}.entity`,
        `'${entity}' is not an entity of ${descriptor.label}${hint ? `; did you mean '${hint}'?` : `; it has ${Object.keys(descriptor.entities).join(', ')}`}`,
        node.id,
      );
    }
    const many = entityLabels[entity as EntityName].many;
    if (node.type === 'destination' && !capability.canWrite)
      error(
        `${base}.entity`,
        `${descriptor.label} does not let Ledgerflow write ${many}; use it as a source instead`,
        node.id,
      );
    if (node.type !== 'destination' && !capability.canRead)
      error(`${base}.entity`, `${descriptor.label} does not let Ledgerflow read ${many}`, node.id);
  });
}

function checkReachability(
  flow: Flow,
  order: readonly string[],
  nodeIndex: ReadonlyMap<string, number>,
  incoming: ReadonlyMap<string, string[]>,
  error: (path: string, message: string, nodeId?: string) => void,
  incomplete: (path: string, message: string, nodeId: string) => void,
): ReadonlyMap<string, ReadonlySet<string>> {
  // For each node: which sources feed it, and which source entities reach it without passing a mapper
  // (a mapper may reshape one entity into another; anything else passes records through as they are).
  const fedBy = new Map<string, Set<string>>();
  const unmappedEntities = new Map<string, Set<string>>();
  for (const id of order) {
    const node = flow.nodes[nodeIndex.get(id)!]!;
    const sources = new Set<string>();
    const entities = new Set<string>();
    if (node.type === 'source') {
      sources.add(id);
      // An unknown entity is reported on its own node; carrying it downstream would only repeat that.
      if (isEntityName(node.config.entity)) entities.add(node.config.entity);
    }
    for (const parent of incoming.get(id) ?? []) {
      for (const s of fedBy.get(parent) ?? []) sources.add(s);
      const parentNode = flow.nodes[nodeIndex.get(parent)!]!;
      if (parentNode.type !== 'mapper') for (const e of unmappedEntities.get(parent) ?? []) entities.add(e);
    }
    fedBy.set(id, sources);
    unmappedEntities.set(id, entities);
    const i = nodeIndex.get(id)!;
    if (node.type !== 'source' && sources.size === 0) {
      const what = node.type === 'destination' ? 'is not fed by any source' : 'has no input';
      incomplete(`nodes[${i}]`, `${nodeName(node)} ${what}; connect a source to it`, id);
    }
    if (node.type === 'destination' && node.config.entity) {
      const target = node.config.entity;
      const other = [...entities].find((e) => e !== target);
      if (other)
        error(
          `nodes[${i}].config.entity`,
          `${nodeName(node)} writes ${label(target)} but receives ${label(other)} with no mapper between; add a mapper or pick the same entity`,
          id,
        );
    }
  }
  return fedBy;
}

/**
 * Whether two policies of a two-way pair could both overwrite a record changed on both sides: 'prefer-source'
 * always overwrites, 'newest-wins' when its side is the newer one (so two of those never both do).
 */
const bothOverwrite = (a: ConflictPolicy, b: ConflictPolicy): boolean =>
  (a === 'prefer-source' && b !== 'prefer-destination' && b !== 'skip') ||
  (b === 'prefer-source' && a !== 'prefer-destination' && a !== 'skip');

/**
 * A two-way flow: two destinations of the same entity, each writing into the connection the other one's sources
 * read. Both need a conflict policy (a record changed on both sides would otherwise be copied across both ways,
 * swapping the two versions), and the two policies must not both overwrite.
 */
function checkTwoWayPairs(
  flow: Flow,
  nodeIndex: ReadonlyMap<string, number>,
  fedBy: ReadonlyMap<string, ReadonlySet<string>>,
  error: (path: string, message: string, nodeId?: string) => void,
  incomplete: (path: string, message: string, nodeId: string) => void,
): void {
  const destinations = flow.nodes.filter(
    (n): n is Extract<FlowNode, { type: 'destination' }> =>
      n.type === 'destination' && !!n.config.connection && !!n.config.entity,
  );
  const readFrom = (destination: FlowNode) =>
    new Set(
      [...(fedBy.get(destination.id) ?? [])].map((s) => {
        const source = flow.nodes[nodeIndex.get(s)!]!;
        return source.type === 'source' ? source.config.connection : undefined;
      }),
    );
  const reported = new Set<string>();
  for (const [k, a] of destinations.entries())
    for (const b of destinations.slice(k + 1)) {
      if (a.config.entity !== b.config.entity || a.config.connection === b.config.connection) continue;
      if (!readFrom(a).has(b.config.connection) || !readFrom(b).has(a.config.connection)) continue;
      const many = label(a.config.entity!);
      const one = entityLabels[a.config.entity as EntityName]?.one ?? a.config.entity!;
      const systemOf = (d: typeof a) => systemLabel(flow, d.config.connection!);
      const both = `${nodeName(a)} and ${nodeName(b)} copy ${many} both ways between ${systemOf(b)} and ${systemOf(a)}`;
      for (const d of [a, b])
        if (!d.config.conflictPolicy && !reported.has(d.id)) {
          reported.add(d.id);
          incomplete(
            `nodes[${nodeIndex.get(d.id)!}].config.conflictPolicy`,
            `${both}: choose what ${nodeName(d)} does when a ${one} changed on both sides since the last sync (conflict policy: ${conflictPolicies.join(', ')})`,
            d.id,
          );
        }
      const pa = a.config.conflictPolicy;
      const pb = b.config.conflictPolicy;
      if (pa && pb && bothOverwrite(pa, pb))
        error(
          `nodes[${nodeIndex.get(b.id)!}].config.conflictPolicy`,
          `${both}, and with '${pa}' on ${nodeName(a)} and '${pb}' on ${nodeName(b)} a ${one} changed on both sides would be overwritten both ways (the two versions swap); let one side win with 'prefer-destination' on the other, or use 'newest-wins' or 'skip' on both`,
          b.id,
        );
    }
}

/** A connection of the flow in words: its system's name. */
const systemLabel = (flow: Flow, key: string): string => {
  const ref = flow.connections[key];
  return ref ? connectorDescriptors[ref.system].label : `'${key}'`;
};

const isEntityName = (value: string | undefined): value is EntityName =>
  value !== undefined && (entityNames as readonly string[]).includes(value);

const label = (entity: string) => entityLabels[entity as EntityName]?.many ?? entity;

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Kahn's algorithm. On a cycle, returns one loop's node ids in order. */
function topologicalOrder(
  nodes: readonly FlowNode[],
  outgoing: ReadonlyMap<string, string[]>,
  incoming: ReadonlyMap<string, string[]>,
): { order: string[]; cycle?: string[] } {
  const remaining = new Map<string, number>();
  for (const node of nodes)
    if (!remaining.has(node.id)) remaining.set(node.id, incoming.get(node.id)?.length ?? 0);
  const queue = [...remaining].filter(([, n]) => n === 0).map(([id]) => id);
  const order: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    order.push(id);
    for (const next of outgoing.get(id) ?? []) {
      const left = remaining.get(next)! - 1;
      remaining.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  if (order.length === remaining.size) return { order };
  // Walk backwards along unresolved edges until a node repeats: that walk is a loop.
  const stuck = new Set([...remaining].filter(([, n]) => n > 0).map(([id]) => id));
  let current = stuck.values().next().value as string;
  const seen: string[] = [];
  while (!seen.includes(current)) {
    seen.push(current);
    current = (incoming.get(current) ?? []).find((p) => stuck.has(p))!;
  }
  return { order, cycle: seen.slice(seen.indexOf(current)).reverse() };
}
