import type { Edge, Node } from '@xyflow/react';
import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { nodeCatalogue } from '../../../shared/flow/node-catalogue';
import type { Flow, FlowNode } from '../../../shared/flow/flow.schema';
import type { FlowProblemItem } from '../../stores/flow-types';

/** What a node card shows; derived from the document, never written back into it. */
export interface FlowNodeCardData extends Record<string, unknown> {
  readonly title: string;
  readonly typeLabel: string;
  readonly category: 'connector' | 'transform';
  readonly system: SystemId | undefined;
  /** A short line under the title: the entity, or how many fields or rows it holds. */
  readonly detail: string | undefined;
  readonly takesInput: boolean;
  readonly givesOutput: boolean;
  readonly problemCount: number;
}

/** A node on the canvas. */
export type FlowCanvasNode = Node<FlowNodeCardData, 'flowNode'>;

function detailOf(node: FlowNode): string | undefined {
  switch (node.type) {
    case 'source':
    case 'destination':
    case 'lookup':
      return node.config.entity;
    case 'mapper': {
      const count = Object.keys(node.config.fields).length;
      return `${count} ${count === 1 ? 'field' : 'fields'}`;
    }
    case 'value-map':
      return `${node.config.table.length} ${node.config.table.length === 1 ? 'row' : 'rows'}`;
    case 'filter': {
      if ('expression' in node.config) return 'expression';
      const count = ('all' in node.config ? node.config.all : node.config.any).length;
      return `${count} ${count === 1 ? 'condition' : 'conditions'}`;
    }
  }
}

/** The flow's nodes as canvas nodes (view state stays on the canvas side). */
export function toCanvasNodes(flow: Flow, problems: readonly FlowProblemItem[]): FlowCanvasNode[] {
  return flow.nodes.map((node) => {
    const info = nodeCatalogue[node.type];
    const connection =
      'connection' in node.config && node.config.connection
        ? flow.connections[node.config.connection]
        : undefined;
    return {
      id: node.id,
      type: 'flowNode',
      position: node.position,
      data: {
        title: node.label ?? info.label,
        typeLabel: info.label,
        category: info.category,
        system: connection?.system,
        detail: detailOf(node),
        takesInput: info.takesInput,
        givesOutput: info.givesOutput,
        problemCount: problems.filter((p) => p.nodeId === node.id).length,
      },
    };
  });
}

/** The flow's edges as canvas edges. */
export function toCanvasEdges(flow: Flow): Edge[] {
  return flow.edges.map((edge) => ({ id: edge.id, source: edge.source, target: edge.target }));
}
