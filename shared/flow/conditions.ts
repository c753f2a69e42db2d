import { Dec, isDecimalString } from '../money/decimal-money';
import { getPath } from '../records/record-paths';
import type { ConditionOrGroup } from './flow.schema';

/** A compiled condition list: whether a record's canonical data passes. */
export type ConditionPredicate = (data: Readonly<Record<string, unknown>>) => boolean;

/**
 * Compiles a filter's condition list (all/any groups, nested) into a predicate. The one implementation of
 * the filter's meaning: the engine runs it on every record, the inspector on sample records. Values compare as
 * decimals when both sides read as numbers ("262.58" > "0"), otherwise as text, so ISO dates compare correctly;
 * `contains` and `startsWith` ignore case; a missing or empty value fails every test but `notExists` and `!=`.
 */
export function compileConditions(group: ConditionOrGroup): ConditionPredicate {
  return compileGroup(group);
}

function compileGroup(group: ConditionOrGroup): ConditionPredicate {
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
