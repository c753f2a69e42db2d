import { createError } from '../../../shared/errors/ledgerflow-error';
import type { FlowNode } from '../../../shared/flow/flow.schema';
import { nodeTitle, withData, type FlowItem, type NodeOutput, type TransformNode } from './flow-item';
import { getPath, setPath, updatePath } from '../../../shared/records/record-paths';

type ValueMapNodeConfig = Extract<FlowNode, { type: 'value-map' }>;

/** Thrown inside a record's mapping when a value has no row and the policy is `fail`. */
class Unmapped extends Error {}

/**
 * A value map: a two-column table (VAT code ↔ TaxType, account ↔ account) applied to a field, across list
 * elements when the path crosses a list (`lines.taxCode`). `into` writes the result beside the field (a sibling
 * path) instead of replacing it. Unmapped values fail the record, pass unchanged, or take the default.
 */
export class ValueMapNode implements TransformNode {
  readonly type = 'value-map' as const;
  readonly id: string;
  private readonly table: ReadonlyMap<string, string>;
  private readonly field: string;
  private readonly parent: string | undefined;
  private readonly fromLeaf: string;
  private readonly intoLeaf: string;

  constructor(private readonly node: ValueMapNodeConfig) {
    this.id = node.id;
    const { field, into, table } = node.config;
    if (!field)
      throw createError('LF-3003', `Value map ${nodeTitle(node)} has no field chosen`, { node: node.id });
    this.field = field;
    this.table = new Map(table.map((row) => [row.from, row.to]));
    const fromParts = field.split('.');
    const intoParts = (into ?? field).split('.');
    const parentOf = (parts: string[]) => parts.slice(0, -1).join('.');
    if (parentOf(fromParts) !== parentOf(intoParts))
      throw createError(
        'LF-3003',
        `Value map ${nodeTitle(node)}: 'into' must sit beside '${field}' (the same parent object)`,
        { node: node.id },
      );
    this.parent = fromParts.length > 1 ? parentOf(fromParts) : undefined;
    this.fromLeaf = fromParts.at(-1)!;
    this.intoLeaf = intoParts.at(-1)!;
  }

  process(items: readonly FlowItem[]): NodeOutput {
    const passed: FlowItem[] = [];
    const rejected: NodeOutput['rejected'][number][] = [];
    for (const item of items) {
      try {
        passed.push(withData(item, this.apply(item.record.data)));
      } catch (error) {
        if (!(error instanceof Unmapped)) throw error;
        rejected.push({ item, action: 'invalid', reason: error.message, node: this.id });
      }
    }
    return { passed, rejected };
  }

  private apply(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const mapObject = (obj: unknown): unknown => {
      if (Array.isArray(obj)) return obj.map(mapObject);
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return obj;
      const record = obj as Record<string, unknown>;
      const value = record[this.fromLeaf];
      if (value === undefined || value === null) return obj;
      return setPath(record, this.intoLeaf, this.lookup(String(value)));
    };
    if (!this.parent) return mapObject(data) as Record<string, unknown>;
    if (getPath(data, this.parent) === undefined) return data as Record<string, unknown>;
    return updatePath(data, this.parent, mapObject);
  }

  private lookup(value: string): string {
    const hit = this.table.get(value);
    if (hit !== undefined) return hit;
    const { unmapped, default: fallback } = this.node.config;
    if (unmapped === 'pass') return value;
    if (unmapped === 'default' && fallback !== undefined) return fallback;
    throw new Unmapped(
      `Value map ${nodeTitle(this.node)}: '${value}' in ${this.field} has no row in the table (LF-3005)`,
    );
  }
}
