import type { Edge, Node } from '@xyflow/react';
import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import type { Flow, FlowNode } from '../../../shared/flow/flow.schema';
import type { FlowProblemItem } from '../../stores/flow-types';
import { systemOf } from './node-titles';

/** What a node card shows; derived from the document, never written back into it. */
export interface FlowNodeCardData extends Record<string, unknown> {
  readonly node: FlowNode;
  readonly system: SystemId | undefined;
  readonly status: 'configured' | 'incomplete' | 'error';
  /** Why it needs attention, one reason a line (the tooltip). */
  readonly reasons: string;
}

/** A node on the canvas. */
export type FlowCanvasNode = Node<FlowNodeCardData, 'flowNode'>;

/** Problems by node id. */
export function problemsByNode(problems: readonly FlowProblemItem[]): Map<string, FlowProblemItem[]> {
  const byNode = new Map<string, FlowProblemItem[]>();
  for (const p of problems) if (p.nodeId) byNode.set(p.nodeId, [...(byNode.get(p.nodeId) ?? []), p]);
  return byNode;
}

/**
 * Brings the canvas nodes in step with the document. A node whose document entry, problems and selection did not
 * change keeps its object (so its memoised card does not re-render, and React Flow keeps its measurements);
 * one that changed keeps its measured size. Positions come from the document, except while a node is dragged.
 */
export function syncCanvasNodes(
  previous: readonly FlowCanvasNode[],
  flow: Flow,
  problems: ReadonlyMap<string, FlowProblemItem[]>,
  selected: ReadonlySet<string>,
): FlowCanvasNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  return flow.nodes.map((node) => {
    const own = problems.get(node.id) ?? [];
    const status: FlowNodeCardData['status'] = own.some((p) => p.severity === 'error')
      ? 'error'
      : own.length > 0
        ? 'incomplete'
        : 'configured';
    const reasons = own.map((p) => p.message).join('\n');
    const system = systemOf(flow, node);
    const isSelected = selected.has(node.id);
    const prev = before.get(node.id);
    const sameData =
      prev !== undefined &&
      prev.data.node === node &&
      prev.data.system === system &&
      prev.data.status === status &&
      prev.data.reasons === reasons;
    if (prev && sameData && (prev.selected ?? false) === isSelected) return prev;
    const data: FlowNodeCardData = sameData ? prev.data : { node, system, status, reasons };
    const position = prev && prev.data.node === node ? prev.position : node.position;
    return prev
      ? { ...prev, position, data, selected: isSelected }
      : { id: node.id, type: 'flowNode' as const, position, data, selected: isSelected };
  });
}

/** The flow's edges as canvas edges (selection is the canvas's own). */
export function toCanvasEdges(flow: Flow, selected: ReadonlySet<string>): Edge[] {
  return flow.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    selected: selected.has(edge.id),
  }));
}
