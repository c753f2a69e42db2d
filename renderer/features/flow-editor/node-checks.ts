import jsonata from 'jsonata';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import type { ConditionOrGroup, Flow, FlowNode } from '../../../shared/flow/flow.schema';
import type { EntityName } from '../../../shared/records/entities';
import type { FlowProblemItem } from '../../stores/flow-types';

const nodeName = (node: FlowNode) => `'${node.label ?? node.id}'`;

/** Why a JSONata expression does not parse, or undefined when it does. */
export function expressionError(expression: string): string | undefined {
  try {
    jsonata(expression);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Checks the flow format cannot make: expressions that do not parse, tables and lookups that are half filled,
 * match keys the destination does not know. Run in the editor beside the format's own validation.
 */
export function checkNodes(flow: Flow): FlowProblemItem[] {
  const problems: FlowProblemItem[] = [];
  flow.nodes.forEach((node, i) => {
    const base = `nodes[${i}].config`;
    const error = (path: string, message: string) =>
      problems.push({ path: `${base}${path}`, message, severity: 'error', nodeId: node.id });
    const incomplete = (path: string, message: string) =>
      problems.push({ path: `${base}${path}`, message, severity: 'incomplete', nodeId: node.id });
    switch (node.type) {
      case 'mapper':
        for (const [field, expression] of Object.entries(node.config.fields)) {
          if (expression.trim() === '')
            incomplete(`.fields.${field}`, `${nodeName(node)}: '${field}' has no expression`);
          else {
            const why = expressionError(expression);
            if (why)
              error(
                `.fields.${field}`,
                `${nodeName(node)}: the expression for '${field}' does not parse: ${why}`,
              );
          }
        }
        return;
      case 'filter':
        if ('expression' in node.config) {
          if (node.config.expression.trim() === '')
            incomplete('.expression', `${nodeName(node)} has no condition`);
          else {
            const why = expressionError(node.config.expression);
            if (why) error('.expression', `${nodeName(node)}: the condition does not parse: ${why}`);
          }
        } else {
          const list = 'all' in node.config ? node.config.all : node.config.any;
          if (
            countConditions(list, () => incomplete('', `${nodeName(node)} has a condition with no field`)) ===
            0
          )
            incomplete('', `${nodeName(node)} has no conditions yet; it lets every record through`);
        }
        return;
      case 'value-map':
        if (!node.config.field) incomplete('.field', `${nodeName(node)} has no field to translate`);
        if (node.config.table.length === 0) incomplete('.table', `${nodeName(node)} has an empty table`);
        node.config.table.forEach((row, r) => {
          if (row.from === '')
            incomplete(`.table[${r}].from`, `${nodeName(node)}: row ${r + 1} has no value to translate`);
        });
        if (node.config.unmapped === 'default' && !node.config.default)
          incomplete('.default', `${nodeName(node)} uses a default for unmapped values but has none`);
        return;
      case 'lookup':
        if (!node.config.from) incomplete('.from', `${nodeName(node)} has no field to look up`);
        if (!node.config.matchOn) incomplete('.matchOn', `${nodeName(node)} has no key to match on`);
        if (!node.config.into) incomplete('.into', `${nodeName(node)} has no field to write the result into`);
        return;
      case 'destination': {
        const ref = node.config.connection ? flow.connections[node.config.connection] : undefined;
        const capability =
          ref && node.config.entity
            ? connectorDescriptors[ref.system].entities[node.config.entity as EntityName]
            : undefined;
        if (!capability) return;
        if ((node.config.match ?? []).length === 0)
          incomplete('.match', `${nodeName(node)} has no match keys; every record would be created anew`);
        for (const key of node.config.match ?? [])
          if (!capability.matchKeys.includes(key))
            error(
              '.match',
              `${nodeName(node)} cannot match on '${key}'; it matches on ${capability.matchKeys.join(', ')}`,
            );
        return;
      }
      default:
        return;
    }
  });
  return problems;
}

function countConditions(list: readonly ConditionOrGroup[], onEmptyField: () => void): number {
  let count = 0;
  for (const item of list) {
    if ('all' in item) count += countConditions(item.all, onEmptyField);
    else if ('any' in item) count += countConditions(item.any, onEmptyField);
    else {
      count++;
      if (item.field.trim() === '') onEmptyField();
    }
  }
  return count;
}
