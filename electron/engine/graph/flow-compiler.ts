import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { createError } from '../../../shared/errors/ledgerflow-error';
import type { FlowProblem } from '../../../shared/flow/flow-problems';
import type { ConflictPolicy, Flow, FlowNode } from '../../../shared/flow/flow.schema';
import { parseFlowDocument } from '../../../shared/flow/flow-validation';
import type { EntityName } from '../../../shared/records/entities';
import { FilterNode } from '../nodes/filter-node';
import { nodeTitle, type TransformNode } from '../nodes/flow-item';
import { LookupNode, type LookupResolver } from '../nodes/lookup-node';
import { MapperNode } from '../nodes/mapper-node';
import { ValueMapNode } from '../nodes/value-map-node';
import type { ConnectionBindings } from '../state/state-store';

/** A bound connection: its id in the host and its system. */
export interface BoundConnection {
  readonly connectionId: string;
  readonly system: SystemId;
}

/** A source stage of a compiled flow. */
export interface SourceStage {
  readonly node: Extract<FlowNode, { type: 'source' }>;
  readonly entity: EntityName;
  readonly connection: BoundConnection;
  /**
   * The connector reads to make, each with equality filters; their union is the source's records. One read
   * without a filter, one with the source's filter, or one per combination of listed values
   * (`status: [paid, sent]` → a read of paid ones and a read of sent ones).
   */
  readonly reads: readonly SourceFilter[];
}

/** Equality filters on canonical fields of one connector read. */
export type SourceFilter = Readonly<Record<string, string | number | boolean>>;

/** The most connector reads one source's listed filter values may expand to. */
export const MAX_SOURCE_READS = 50;

/** A destination stage of a compiled flow. */
export interface DestinationStage {
  readonly node: Extract<FlowNode, { type: 'destination' }>;
  readonly entity: EntityName;
  readonly connection: BoundConnection;
  readonly match: readonly string[] | undefined;
  readonly onExisting: 'update' | 'skip';
  readonly createOnlyFields: ReadonlySet<string>;
  /** What to do with a record changed on both sides since the last sync; undefined: nothing is checked. */
  readonly conflictPolicy: ConflictPolicy | undefined;
  /** The sources feeding this destination, by node id, with their connections. */
  readonly feeders: ReadonlyMap<string, BoundConnection>;
  /**
   * The destinations of a two-way flow writing this entity the other way: into a connection this one's sources
   * read, fed by sources reading this one's connection. Their id maps say which records came from here.
   */
  readonly mirrors: readonly string[];
}

/** A flow ready to run: its stages, transform nodes, and the wiring between them. */
export interface CompiledFlow {
  readonly flow: Flow;
  /** Sources in the order they run: the ones feeding contacts and items before documents that refer to them. */
  readonly sources: readonly SourceStage[];
  /** Destinations in the order they are planned and written (same reason). */
  readonly destinations: readonly DestinationStage[];
  readonly transforms: ReadonlyMap<string, TransformNode>;
  /** Node ids in topological order. */
  readonly order: readonly string[];
  readonly parents: ReadonlyMap<string, readonly string[]>;
  /** For each node: the destinations it reaches (where its rejections are planned). */
  readonly destinationsBelow: ReadonlyMap<string, readonly string[]>;
  /** For each source: the nodes reachable from it, in topological order. */
  readonly reachable: ReadonlyMap<string, readonly string[]>;
}

/**
 * Referenced records are written first: an invoice's lookup may point at a contact this run creates.
 * Lower runs earlier.
 */
const entityRank: Record<EntityName, number> = {
  taxRate: 0,
  account: 0,
  contact: 1,
  item: 1,
  salesOrder: 2,
  invoice: 2,
  creditNote: 3,
  payment: 4,
  stockLevel: 2,
};

/**
 * Compiles a flow into a pipeline (ARCHITECTURE §3): the same checks as the editor (schema, no loops, every
 * destination fed by a source, compatible entities, nothing incomplete), every connection reference bound to a
 * real connection of the right system, and every node's expressions compiled once. Throws LF-3003 listing every
 * problem (each with its node), or LF-3004 for an expression that does not parse.
 */
export function compileFlow(
  flow: Flow,
  bindings: ConnectionBindings,
  connections: ReadonlyMap<string, { readonly system: SystemId }>,
  resolver: LookupResolver,
): CompiledFlow {
  const parsed = parseFlowDocument(flow);
  const problems: FlowProblem[] = [...parsed.problems];
  for (const [key, ref] of Object.entries(flow.connections)) {
    const used = flow.nodes.some(
      (n) =>
        (n.type === 'source' || n.type === 'destination' || n.type === 'lookup') &&
        n.config.connection === key,
    );
    if (!used) continue;
    const id = bindings[key];
    const bound = id === undefined ? undefined : connections.get(id);
    if (id === undefined)
      problems.push({
        path: `connections.${key}`,
        message: `'${key}' (${ref.label ?? ref.system}) is not bound to one of your connections`,
        severity: 'error',
      });
    else if (!bound)
      problems.push({
        path: `connections.${key}`,
        message: `'${key}' is bound to a connection that does not exist (${id})`,
        severity: 'error',
      });
    else if (bound.system !== ref.system)
      problems.push({
        path: `connections.${key}`,
        message: `'${key}' is a ${ref.system} reference but is bound to a ${bound.system} connection`,
        severity: 'error',
      });
  }
  if (problems.length > 0)
    throw createError(
      'LF-3003',
      `The flow '${flow.name}' cannot run: ${problems[0]!.path} ${problems[0]!.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      problems,
    );

  const bind = (key: string | undefined): BoundConnection => {
    const connectionId = bindings[key!]!;
    return { connectionId, system: connections.get(connectionId)!.system };
  };
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const e of flow.edges) {
    (parents.get(e.target) ?? parents.set(e.target, []).get(e.target)!).push(e.source);
    (children.get(e.source) ?? children.set(e.source, []).get(e.source)!).push(e.target);
  }
  const order = topological(flow, parents);

  const transforms = new Map<string, TransformNode>();
  const sources: SourceStage[] = [];
  const destinations: DestinationStage[] = [];
  for (const node of flow.nodes) {
    switch (node.type) {
      case 'source':
        sources.push({
          node,
          entity: node.config.entity as EntityName,
          connection: bind(node.config.connection),
          reads: sourceReads(node),
        });
        break;
      case 'destination':
        destinations.push({
          node,
          entity: node.config.entity as EntityName,
          connection: bind(node.config.connection),
          match: node.config.match,
          onExisting: node.config.onExisting ?? 'update',
          createOnlyFields: new Set(node.config.createOnlyFields ?? []),
          conflictPolicy: node.config.conflictPolicy,
          feeders: new Map(),
          mirrors: [],
        });
        break;
      case 'mapper':
        transforms.set(node.id, new MapperNode(node));
        break;
      case 'filter':
        transforms.set(node.id, new FilterNode(node));
        break;
      case 'value-map':
        transforms.set(node.id, new ValueMapNode(node));
        break;
      case 'lookup':
        transforms.set(
          node.id,
          new LookupNode(
            node,
            node.config.entity as EntityName,
            bind(node.config.connection).connectionId,
            resolver,
          ),
        );
        break;
    }
  }

  const destinationIds = new Set(destinations.map((d) => d.node.id));
  const destinationsBelow = new Map<string, string[]>();
  for (const id of [...order].reverse()) {
    const below = new Set<string>(destinationIds.has(id) ? [id] : []);
    for (const c of children.get(id) ?? []) for (const d of destinationsBelow.get(c) ?? []) below.add(d);
    destinationsBelow.set(id, [...below]);
  }
  const reachable = new Map<string, string[]>();
  for (const s of sources) {
    const seen = new Set<string>([s.node.id]);
    for (const id of order) if ((parents.get(id) ?? []).some((p) => seen.has(p))) seen.add(id);
    reachable.set(
      s.node.id,
      order.filter((id) => seen.has(id)),
    );
  }
  const linked = withTwoWayLinks(sources, destinations, reachable);
  const rankOfDest = (id: string) => entityRank[linked.find((d) => d.node.id === id)!.entity];
  const sourceRank = (s: SourceStage) =>
    Math.min(99, ...(destinationsBelow.get(s.node.id) ?? []).map(rankOfDest));
  sources.sort((a, b) => sourceRank(a) - sourceRank(b));
  linked.sort((a, b) => entityRank[a.entity] - entityRank[b.entity]);
  return { flow, sources, destinations: linked, transforms, order, parents, destinationsBelow, reachable };
}

/** Each destination with its feeders and mirrors (see {@link DestinationStage}), compared by bound connection. */
function withTwoWayLinks(
  sources: readonly SourceStage[],
  destinations: readonly DestinationStage[],
  reachable: ReadonlyMap<string, readonly string[]>,
): DestinationStage[] {
  const feeders = new Map(
    destinations.map((d) => [
      d.node.id,
      new Map(
        sources
          .filter((s) => reachable.get(s.node.id)?.includes(d.node.id))
          .map((s) => [s.node.id, s.connection]),
      ),
    ]),
  );
  const reads = (d: DestinationStage) =>
    new Set([...feeders.get(d.node.id)!.values()].map((c) => c.connectionId));
  return destinations.map((d) => ({
    ...d,
    feeders: feeders.get(d.node.id)!,
    mirrors: destinations
      .filter(
        (o) =>
          o !== d &&
          o.entity === d.entity &&
          o.connection.connectionId !== d.connection.connectionId &&
          reads(d).has(o.connection.connectionId) &&
          reads(o).has(d.connection.connectionId),
      )
      .map((o) => o.node.id),
  }));
}

function sourceReads(node: Extract<FlowNode, { type: 'source' }>): SourceFilter[] {
  let reads: SourceFilter[] = [{}];
  for (const [field, value] of Object.entries(node.config.filter ?? {})) {
    if (value === null) continue;
    const values = [
      ...new Set(
        (Array.isArray(value) ? value : [value]).filter((v): v is string | number | boolean => v !== null),
      ),
    ];
    const problem =
      values.length === 0
        ? `the filter on '${field}' lists no values; remove it or give at least one`
        : reads.length * values.length > MAX_SOURCE_READS
          ? `the listed filter values make ${reads.length * values.length} reads (at most ${MAX_SOURCE_READS}); list fewer values, or read more and add a filter node`
          : undefined;
    if (problem)
      throw createError('LF-3003', `Source ${nodeTitle(node)}: ${problem}`, [
        { path: `nodes.${node.id}.config.filter.${field}`, message: problem, severity: 'error' },
      ]);
    reads = reads.flatMap((read) => values.map((v) => ({ ...read, [field]: v })));
  }
  return reads;
}

function topological(flow: Flow, parents: ReadonlyMap<string, readonly string[]>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (id: string) => {
    if (done.has(id)) return;
    done.add(id);
    for (const p of parents.get(id) ?? []) visit(p);
    order.push(id);
  };
  for (const n of flow.nodes) visit(n.id);
  return order;
}
