import type { CanonicalRecord } from '../../../shared/records/canonical-record';

/** A record on its way through a flow: which source read it, and under which key (the source's id). */
export interface FlowItem {
  readonly sourceNode: string;
  /** The source record's id: the id map's source key. */
  readonly key: string;
  readonly record: CanonicalRecord;
}

/** A record a node could not pass on: planned at each destination below as `invalid` or `skip` with the reason. */
export interface Rejection {
  readonly item: FlowItem;
  readonly action: 'invalid' | 'skip';
  readonly reason: string;
  readonly node: string;
}

/** What a node hands on for one page. */
export interface NodeOutput {
  readonly passed: readonly FlowItem[];
  readonly rejected: readonly Rejection[];
}

/** A node between sources and destinations: takes a page of items, gives a page back. Never mutates its input. */
export interface TransformNode {
  readonly id: string;
  readonly type: 'mapper' | 'filter' | 'lookup' | 'value-map';
  process(items: readonly FlowItem[]): NodeOutput | Promise<NodeOutput>;
}

/** A node's name in messages: its label, else its id. */
export const nodeTitle = (node: { id: string; label?: string | undefined }): string =>
  `'${node.label ?? node.id}'`;

/** Replaces a record's data, keeping everything else (shared, not copied). */
export function withData(item: FlowItem, data: Record<string, unknown>): FlowItem {
  return { ...item, record: { ...item.record, data } };
}
