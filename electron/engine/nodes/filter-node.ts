import type { ConditionOrGroup, FlowNode } from '../../../shared/flow/flow.schema';
import { Dec, isDecimalString } from '../../../shared/money/decimal-money';
import { compileExpression, type CompiledExpression } from './jsonata-compiler';
import { expressionError } from './mapper-node';
import type { FlowItem, NodeOutput, TransformNode } from './flow-item';
import { getPath } from './record-paths';

type FilterNodeConfig = Extract<FlowNode, { type: 'filter' }>;
type Predicate = (data: Readonly<Record<string, unknown>>) => boolean;

/**
 * A filter: the condition list the UI builds (all/any groups, nested), or one JSONata predicate. Records that do
 * not pass are dropped quietly: they are not this flow's business. Values compare as decimals when both sides
 * read as numbers ("262.58" > "0"), otherwise as text, so dates in ISO form compare correctly too.
 */
export class FilterNode implements TransformNode {
  readonly type = 'filter' as const;
  readonly id: string;
  private readonly predicate: Predicate | undefined;
  private readonly expression: CompiledExpression | undefined;

  constructor(private readonly node: FilterNodeConfig) {
    this.id = node.id;
    const config = node.config;
    if ('expression' in config) {
      try {
        this.expression = compileExpression(config.expression);
      } catch (error) {
        throw expressionError(node, 'expression', error);
      }
    } else this.predicate = compileGroup(config);
  }

  process(items: readonly FlowItem[]): NodeOutput | Promise<NodeOutput> {
    if (this.predicate) {
      const predicate = this.predicate;
      return { passed: items.filter((i) => predicate(i.record.data)), rejected: [] };
    }
    return this.processExpression(items);
  }

  private async processExpression(items: readonly FlowItem[]): Promise<NodeOutput> {
    const passed: FlowItem[] = [];
    const rejected: NodeOutput['rejected'][number][] = [];
    for (const item of items) {
      try {
        const fast = this.expression!.trySync(item.record.data);
        const value = fast ? fast.value : await this.expression!.evaluate(item.record.data);
        if (value === true) passed.push(item);
      } catch (error) {
        rejected.push({
          item,
          action: 'invalid',
          reason: expressionError(this.node, 'expression', error).message,
          node: this.id,
        });
      }
    }
    return { passed, rejected };
  }
}

function compileGroup(group: ConditionOrGroup): Predicate {
  if ('all' in group) {
    const parts = group.all.map(compileGroup);
    return (d) => parts.every((p) => p(d));
  }
  if ('any' in group) {
    const parts = group.any.map(compileGroup);
    return (d) => parts.some((p) => p(d));
  }
  const { field, op, value } = group;
  const simple = !field.includes('.');
  const read = simple
    ? (d: Readonly<Record<string, unknown>>) => d[field]
    : (d: unknown) => getPath(d, field);
  switch (op) {
    case 'exists':
      return (d) => present(read(d));
    case 'notExists':
      return (d) => !present(read(d));
    case 'in': {
      const options = (Array.isArray(value) ? value : [value]).map((v) => String(v));
      return (d) => {
        const v = read(d);
        return present(v) && options.some((o) => compareValues(v, o) === 0);
      };
    }
    case 'contains':
      return (d) => {
        const v = read(d);
        if (Array.isArray(v)) return v.some((e) => compareValues(e, value) === 0);
        return (
          present(v) &&
          String(v)
            .toLowerCase()
            .includes(String(value ?? '').toLowerCase())
        );
      };
    case 'startsWith':
      return (d) => {
        const v = read(d);
        return (
          present(v) &&
          String(v)
            .toLowerCase()
            .startsWith(String(value ?? '').toLowerCase())
        );
      };
    default: {
      const test = comparators[op];
      return (d) => {
        const v = read(d);
        if (!present(v)) return op === '!=' && present(value);
        return test(compareValues(v, value));
      };
    }
  }
}

const comparators: Record<'=' | '!=' | '>' | '>=' | '<' | '<=', (c: number) => boolean> = {
  '=': (c) => c === 0,
  '!=': (c) => c !== 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
};

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

const numeric = (v: unknown): boolean => (typeof v === 'number' && Number.isFinite(v)) || isDecimalString(v);

/** -1, 0 or 1: numerically when both sides are numbers or decimal strings, otherwise as text. */
export function compareValues(a: unknown, b: unknown): number {
  if (numeric(a) && numeric(b)) {
    if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
    return new Dec(String(a)).comparedTo(new Dec(String(b)));
  }
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
