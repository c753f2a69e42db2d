import { createError, type LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { FlowNode } from '../../../shared/flow/flow.schema';
import { compileExpression, type CompiledExpression } from './jsonata-compiler';
import { nodeTitle, withData, type FlowItem, type NodeOutput, type TransformNode } from './flow-item';
import { setPathParts } from '../../../shared/records/record-paths';

type MapperNodeConfig = Extract<FlowNode, { type: 'mapper' }>;

interface FieldMapping {
  readonly field: string;
  /** The dotted path's parts when the field is nested (`address.city`), else undefined. */
  readonly path: readonly string[] | undefined;
  readonly expression: CompiledExpression;
}

/**
 * A mapper: one JSONata expression per target field over the record's canonical data, compiled once per run.
 * Fields whose expressions are in the compiled subset run as closures; the rest (and odd values) through the
 * interpreter. A failing expression makes the record invalid with the node, field and JSONata message.
 */
export class MapperNode implements TransformNode {
  readonly type = 'mapper' as const;
  readonly id: string;
  private readonly fields: readonly FieldMapping[];
  private readonly keepUnmapped: boolean;

  constructor(private readonly node: MapperNodeConfig) {
    this.id = node.id;
    this.keepUnmapped = node.config.keepUnmapped ?? false;
    this.fields = Object.entries(node.config.fields).map(([field, source]) => {
      try {
        return {
          field,
          path: field.includes('.') ? field.split('.') : undefined,
          expression: compileExpression(source),
        };
      } catch (error) {
        throw expressionError(node, field, error);
      }
    });
  }

  /** Whether every field runs as a compiled closure. */
  get isFullyCompiled(): boolean {
    return this.fields.every((f) => f.expression.isCompiled);
  }

  process(items: readonly FlowItem[]): NodeOutput | Promise<NodeOutput> {
    const passed: FlowItem[] = [];
    const rejected: NodeOutput['rejected'][number][] = [];
    const slow: Array<{ index: number; item: FlowItem }> = [];
    for (const item of items) {
      try {
        const data = this.mapSync(item);
        if (data) passed.push(withData(item, data));
        else {
          slow.push({ index: passed.length, item });
          passed.push(item);
        }
      } catch (error) {
        rejected.push(this.reject(item, error));
      }
    }
    if (slow.length === 0) return { passed, rejected };
    return this.finishSlow(passed, rejected, slow);
  }

  private async finishSlow(
    passed: FlowItem[],
    rejected: NodeOutput['rejected'][number][],
    slow: Array<{ index: number; item: FlowItem }>,
  ): Promise<NodeOutput> {
    const failed = new Set<number>();
    for (const { index, item } of slow) {
      try {
        passed[index] = withData(item, await this.mapAsync(item));
      } catch (error) {
        failed.add(index);
        rejected.push(this.reject(item, error));
      }
    }
    return { passed: failed.size ? passed.filter((_, i) => !failed.has(i)) : passed, rejected };
  }

  /** Maps on the fast path; undefined when some field needs the interpreter for this record. */
  private mapSync(item: FlowItem): Record<string, unknown> | undefined {
    const input = item.record.data;
    const out: Record<string, unknown> = this.keepUnmapped ? { ...input } : {};
    for (const f of this.fields) {
      let result: { value: unknown } | undefined;
      try {
        result = f.expression.trySync(input);
      } catch (error) {
        throw expressionError(this.node, f.field, error);
      }
      if (!result) return undefined;
      assign(out, f, result.value);
    }
    return out;
  }

  private async mapAsync(item: FlowItem): Promise<Record<string, unknown>> {
    const input = item.record.data;
    const out: Record<string, unknown> = this.keepUnmapped ? { ...input } : {};
    for (const f of this.fields) {
      try {
        assign(out, f, await f.expression.evaluate(input));
      } catch (error) {
        throw expressionError(this.node, f.field, error);
      }
    }
    return out;
  }

  private reject(item: FlowItem, error: unknown) {
    const e = error as LedgerflowError;
    return { item, action: 'invalid' as const, reason: e.message, node: this.id };
  }
}

/**
 * Sets a mapped field on the record being built (`out` is the mapper's own object, so it is written in place);
 * a nested field copies the objects below it along the path, as they may be shared with the input.
 */
function assign(out: Record<string, unknown>, f: FieldMapping, value: unknown): void {
  if (!f.path) {
    if (value === undefined) delete out[f.field];
    else out[f.field] = value;
    return;
  }
  const head = f.path[0]!;
  const child = out[head];
  out[head] = setPathParts(
    child !== null && typeof child === 'object' && !Array.isArray(child)
      ? (child as Record<string, unknown>)
      : {},
    f.path,
    1,
    value,
  );
}

/** LF-3004 naming the node and the field, with JSONata's own message and position. */
export function expressionError(node: FlowNode, field: string, error: unknown): LedgerflowError {
  const e = error as { message?: string; code?: string; position?: number };
  const where = e.position !== undefined ? ` (at character ${e.position})` : '';
  return createError(
    'LF-3004',
    `${node.type === 'mapper' ? 'Mapper' : 'Filter'} ${nodeTitle(node)}, field '${field}': ${e.message ?? String(error)}${where}`,
    { node: node.id, field, jsonataCode: e.code, position: e.position },
  );
}
