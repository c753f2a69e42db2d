import { canonicalFields } from '../../../shared/records/canonical-fields';
import type { EntityName } from '../../../shared/records/entities';
import { fieldLabel, type PlanItem } from './plan-words';

/** One field of a record, side by side: as the destination holds it now, and as the plan would leave it. */
export interface FieldRow {
  readonly field: string;
  readonly label: string;
  readonly before: unknown;
  readonly after: unknown;
  /** The plan changes it (an update), or writes it (a create). */
  readonly isChanged: boolean;
}

/** The line columns a document shows, in this order. */
export const lineColumns = [
  'description',
  'itemCode',
  'quantity',
  'unitPrice',
  'discountPercent',
  'taxCode',
  'accountCode',
] as const;

/** One cell of a document line. */
export interface LineCell {
  readonly before: unknown;
  readonly after: unknown;
  readonly isChanged: boolean;
}

/** One document line, with what the plan does to it. */
export interface LineRow {
  /** 0-based position in the document after the plan (or before, for a removed line). */
  readonly index: number;
  readonly change: 'same' | 'changed' | 'added' | 'removed';
  readonly cells: Readonly<Record<(typeof lineColumns)[number], LineCell>>;
  /** The line's amount as the destination would work it out. */
  readonly amount:
    { readonly net: string; readonly tax: string; readonly rate?: string | undefined } | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Top-level fields of a diff entry (`address`, or `lines` for `lines[2].quantity`). */
const topField = (path: string): string => /^[^.[]+/.exec(path)?.[0] ?? path;

/**
 * A record's fields side by side, in the canonical model's order (fields it does not know last). An update shows
 * every field of the record as it would be, the changed ones with their value now; a create or an invalid record
 * shows what would be written; a skip that kept a difference shows that difference. Lines are left to `lineRows`.
 */
export function fieldRows(entity: EntityName, item: PlanItem): FieldRow[] {
  const record = item.record ?? {};
  const changes = new Map<string, { before?: unknown; after?: unknown }>();
  for (const c of item.diff ?? []) if (topField(c.field) !== 'lines') changes.set(c.field, c);
  const isWrite = item.action === 'create' || item.action === 'invalid';
  const fields = new Set<string>();
  for (const key of Object.keys(record)) if (key !== 'lines') fields.add(key);
  for (const key of changes.keys()) fields.add(key);
  const order = new Map(canonicalFields[entity].map((f, i) => [f.path, i]));
  return [...fields]
    .sort((a, b) => (order.get(a) ?? 1e6) - (order.get(b) ?? 1e6) || a.localeCompare(b))
    .map((field) => {
      const change = changes.get(field);
      const after = change && 'after' in change ? change.after : record[field];
      if (isWrite)
        return { field, label: fieldLabel(entity, field), before: undefined, after, isChanged: true };
      return {
        field,
        label: fieldLabel(entity, field),
        before: change ? change.before : after,
        after,
        isChanged: change !== undefined,
      };
    });
}

/**
 * A document's lines, with each changed cell's value now and after, lines added and lines removed (a diff of
 * `lines[i]` with only a before). The amounts are the destination's own, worked out when the plan was made.
 */
export function lineRows(item: PlanItem): LineRow[] {
  const record = item.record ?? {};
  const after = Array.isArray(record.lines) ? record.lines.map((l) => (isObject(l) ? l : {})) : [];
  const cellChanges = new Map<number, Map<string, { before?: unknown; after?: unknown }>>();
  const whole = new Map<number, { before?: unknown; after?: unknown }>();
  for (const c of item.diff ?? []) {
    const m = /^lines\[(\d+)\](?:\.(\w+))?$/.exec(c.field);
    if (!m) continue;
    const index = Number(m[1]);
    if (m[2]) {
      const cells = cellChanges.get(index) ?? new Map<string, { before?: unknown; after?: unknown }>();
      cells.set(m[2], c);
      cellChanges.set(index, cells);
    } else whole.set(index, c);
  }
  const isCreate = item.action === 'create' || item.action === 'invalid';
  const rows: LineRow[] = after.map((line, index) => {
    const changed = cellChanges.get(index);
    const isAdded = !isCreate && whole.has(index) && !('before' in whole.get(index)!);
    const cells = Object.fromEntries(
      lineColumns.map((col) => {
        const change = changed?.get(col);
        const value = line[col];
        return [
          col,
          { before: change ? change.before : isAdded ? undefined : value, after: value, isChanged: !!change },
        ];
      }),
    ) as LineRow['cells'];
    const amount = item.money?.lines?.[index] ?? undefined;
    return {
      index,
      change: isAdded ? 'added' : changed?.size ? 'changed' : 'same',
      cells,
      amount,
    };
  });
  for (const [index, c] of whole)
    if (!('after' in c) && isObject(c.before)) {
      const before = c.before;
      rows.push({
        index,
        change: 'removed',
        cells: Object.fromEntries(
          lineColumns.map((col) => [col, { before: before[col], after: undefined, isChanged: true }]),
        ) as LineRow['cells'],
        amount: undefined,
      });
    }
  return rows;
}
