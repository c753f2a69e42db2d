import { compileConditions, type ConditionPredicate } from '../../../shared/flow/conditions';
import type { FlowNode } from '../../../shared/flow/flow.schema';
import { compileExpression, type CompiledExpression } from './jsonata-compiler';
import { expressionError } from './mapper-node';
import type { FlowItem, NodeOutput, TransformNode } from './flow-item';

type FilterNodeConfig = Extract<FlowNode, { type: 'filter' }>;

/**
 * A filter: the condition list the UI builds (all/any groups, nested), or one JSONata predicate. Records that do
 * not pass are dropped quietly: they are not this flow's business. The condition list's semantics are in
 * shared/flow/conditions.ts, shared with the inspector's sample counts.
 */
export class FilterNode implements TransformNode {
  readonly type = 'filter' as const;
  readonly id: string;
  private readonly predicate: ConditionPredicate | undefined;
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
    } else this.predicate = compileConditions(config);
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
