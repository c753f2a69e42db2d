import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import { nodeCatalogue } from '../../../shared/flow/node-catalogue';
import { FLOW_FORMAT, FLOW_VERSION, flowSchema } from '../../../shared/flow/flow.schema';
import type { Flow, FlowEdge, FlowNode, FlowNodeType } from '../../../shared/flow/flow.schema';

/**
 * Pure edits of a flow document. Each returns a new document and leaves untouched nodes and edges as the same
 * objects, so the canvas re-renders only what changed and the undo history shares structure.
 */

/** A short, unique, opaque id (the file format allows letters, digits and . _ : -). */
export function newId(prefix: string, taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
    if (!taken.has(id)) return id;
  }
}

const idsOf = (flow: Flow) => new Set([...flow.nodes.map((n) => n.id), ...flow.edges.map((e) => e.id)]);

/** The key of the flow's connection reference for a system, creating one (`xero`, `xero-2`…) when it has none. */
export function bindConnection(flow: Flow, system: SystemId): { flow: Flow; key: string } {
  const existing = Object.entries(flow.connections).find(([, ref]) => ref.system === system);
  if (existing) return { flow, key: existing[0] };
  let key: string = system;
  for (let n = 2; key in flow.connections; n++) key = `${system}-${n}`;
  return {
    flow: {
      ...flow,
      connections: { ...flow.connections, [key]: { system, label: connectorDescriptors[system].label } },
    },
    key,
  };
}

/** What a palette entry adds. */
export interface NodeTemplate {
  readonly type: FlowNodeType;
  readonly system?: SystemId;
  readonly entity?: string;
}

/** Adds a node (with its type's default config; a connector node bound to the flow's connection of its system). */
export function addNode(
  flow: Flow,
  template: NodeTemplate,
  position: { x: number; y: number },
): { flow: Flow; nodeId: string } {
  const id = newId(template.type, idsOf(flow));
  let next = flow;
  let config = nodeCatalogue[template.type].defaultConfig() as Record<string, unknown>;
  if (
    template.system &&
    (template.type === 'source' || template.type === 'destination' || template.type === 'lookup')
  ) {
    const bound = bindConnection(next, template.system);
    next = bound.flow;
    config = { connection: bound.key, ...(template.entity ? { entity: template.entity } : {}), ...config };
  }
  const node = { id, type: template.type, position: roundPosition(position), config } as FlowNode;
  return { flow: { ...next, nodes: [...next.nodes, node] }, nodeId: id };
}

const roundPosition = (p: { x: number; y: number }) => ({ x: Math.round(p.x), y: Math.round(p.y) });

/** Removes nodes and edges; edges touching a removed node go too. */
export function removeElements(flow: Flow, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): Flow {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return flow;
  return {
    ...flow,
    nodes: flow.nodes.filter((n) => !nodes.has(n.id)),
    edges: flow.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

/** Adds an edge (the caller checks it first with `checkCandidateEdge`). */
export function connect(flow: Flow, source: string, target: string): Flow {
  const edge: FlowEdge = { id: newId('e', idsOf(flow)), source, target };
  return { ...flow, edges: [...flow.edges, edge] };
}

/** Moves nodes; unchanged positions keep their node object. */
export function moveNodes(flow: Flow, positions: ReadonlyMap<string, { x: number; y: number }>): Flow {
  let changed = false;
  const nodes = flow.nodes.map((node) => {
    const p = positions.get(node.id);
    if (!p) return node;
    const position = roundPosition(p);
    if (position.x === node.position.x && position.y === node.position.y) return node;
    changed = true;
    return { ...node, position };
  });
  return changed ? { ...flow, nodes } : flow;
}

/** Replaces one node's config (or label) with what `update` returns. */
export function updateNode(flow: Flow, nodeId: string, update: (node: FlowNode) => FlowNode): Flow {
  let changed = false;
  const nodes = flow.nodes.map((node) => {
    if (node.id !== nodeId) return node;
    const next = update(node);
    changed ||= next !== node;
    return next;
  });
  return changed ? { ...flow, nodes } : flow;
}

/** Sets or removes keys of a node's config (undefined removes the key, so the file holds no `null` noise). */
export function patchConfig(flow: Flow, nodeId: string, patch: Record<string, unknown>): Flow {
  return updateNode(flow, nodeId, (node) => {
    const config: Record<string, unknown> = { ...node.config };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) delete config[key];
      else config[key] = value;
    }
    return { ...node, config } as FlowNode;
  });
}

/** Replaces a node's whole config. */
export function setConfig(flow: Flow, nodeId: string, config: FlowNode['config']): Flow {
  return updateNode(flow, nodeId, (node) => ({ ...node, config }) as FlowNode);
}

/** The selected nodes and the edges between them, as a flow document (what the clipboard carries). */
export function copySelection(flow: Flow, nodeIds: ReadonlySet<string>): Flow | undefined {
  const nodes = flow.nodes.filter((n) => nodeIds.has(n.id));
  if (nodes.length === 0) return undefined;
  const used = new Set(nodes.map(connectionOf).filter((key): key is string => key !== undefined));
  return {
    format: FLOW_FORMAT,
    version: FLOW_VERSION,
    id: 'clipboard',
    name: `${nodes.length} copied ${nodes.length === 1 ? 'node' : 'nodes'}`,
    mode: 'shadow',
    connections: Object.fromEntries(Object.entries(flow.connections).filter(([key]) => used.has(key))),
    nodes,
    edges: flow.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target)),
  };
}

const connectionOf = (node: FlowNode): string | undefined =>
  'connection' in node.config ? node.config.connection : undefined;

/** Reads clipboard text as copied nodes: a flow document (checked by the schema), or undefined. */
export function readClipboardFlow(text: string): Flow | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = flowSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Pastes copied nodes: every id renewed, edges rewired to the new ids, connections bound to this flow's reference
 * of the same system (created when missing), positions shifted by `offset`.
 */
export function pasteFlow(
  flow: Flow,
  clip: Flow,
  offset: { x: number; y: number },
): { flow: Flow; nodeIds: string[] } {
  let next = flow;
  const connectionKeys = new Map<string, string>();
  for (const [key, ref] of Object.entries(clip.connections)) {
    const bound = bindConnection(next, ref.system);
    next = bound.flow;
    connectionKeys.set(key, bound.key);
  }
  const taken = idsOf(next);
  const nodeIds = new Map<string, string>();
  const nodes = clip.nodes.map((node) => {
    const id = newId(node.type, taken);
    taken.add(id);
    nodeIds.set(node.id, id);
    const key = connectionOf(node);
    const config =
      key === undefined ? node.config : { ...node.config, connection: connectionKeys.get(key) ?? key };
    return {
      ...node,
      id,
      position: roundPosition({ x: node.position.x + offset.x, y: node.position.y + offset.y }),
      config,
    } as FlowNode;
  });
  const edges = clip.edges.flatMap((edge) => {
    const source = nodeIds.get(edge.source);
    const target = nodeIds.get(edge.target);
    if (!source || !target) return [];
    const id = newId('e', taken);
    taken.add(id);
    return [{ id, source, target }];
  });
  return {
    flow: { ...next, nodes: [...next.nodes, ...nodes], edges: [...next.edges, ...edges] },
    nodeIds: [...nodeIds.values()],
  };
}

/**
 * A layered left-to-right layout over the DAG: each node's column is its longest path from a node with no input;
 * within a column nodes are ordered by the mean row of their parents (one barycentre pass), then centred.
 */
export function layoutFlow(flow: Flow, spacing = { x: 300, y: 150 }): Flow {
  const incoming = new Map<string, string[]>();
  for (const e of flow.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const column = new Map<string, number>();
  const visiting = new Set<string>();
  const columnOf = (id: string): number => {
    const known = column.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a loop (refused elsewhere) must not hang the layout
    visiting.add(id);
    const parents = incoming.get(id) ?? [];
    const c = parents.length === 0 ? 0 : Math.max(...parents.map(columnOf)) + 1;
    visiting.delete(id);
    column.set(id, c);
    return c;
  };
  const columns: string[][] = [];
  for (const node of flow.nodes) (columns[columnOf(node.id)] ??= []).push(node.id);
  const row = new Map<string, number>();
  const positions = new Map<string, { x: number; y: number }>();
  const tallest = Math.max(1, ...columns.map((c) => c?.length ?? 0));
  columns.forEach((ids, c) => {
    if (!ids) return;
    const weight = (id: string) => {
      const parents = (incoming.get(id) ?? []).filter((p) => row.has(p));
      return parents.length === 0 ? Infinity : parents.reduce((s, p) => s + row.get(p)!, 0) / parents.length;
    };
    const ordered = c === 0 ? ids : [...ids].sort((a, b) => weight(a) - weight(b));
    const top = ((tallest - ordered.length) * spacing.y) / 2;
    ordered.forEach((id, r) => {
      row.set(id, r);
      positions.set(id, { x: c * spacing.x, y: top + r * spacing.y });
    });
  });
  return moveNodes(flow, positions);
}

/** Deep equality of JSON values, ignoring key order (the host returns keys in schema order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => jsonEqual(v, other[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
