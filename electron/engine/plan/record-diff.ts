import { Dec, isDecimalString } from '../../../shared/money/decimal-money';
import type { EntityDescription } from '../../connectors/kit/connector';
import { isPendingRef } from '../nodes/lookup-node';
import type { FieldChange } from '../state/state-store';

/** Which canonical fields a destination accepts, from its describe(). */
export interface WritableFields {
  readonly top: ReadonlySet<string>;
  /** Writable fields of each list's elements (`lines` → description, quantity, …). */
  readonly listItems: ReadonlyMap<string, ReadonlySet<string>>;
  /** Required top-level fields and required list-element fields (`lines[].quantity`). */
  readonly required: readonly string[];
  /** `required`, parsed once: a top-level field, or a list and its elements' field. */
  readonly requiredParts: ReadonlyArray<
    { readonly field: string; readonly list?: undefined } | { readonly list: string; readonly field: string }
  >;
}

/** The writable and required fields of one entity at one destination. */
export function writableFields(description: EntityDescription): WritableFields {
  const top = new Set<string>();
  const listItems = new Map<string, Set<string>>();
  const required: string[] = [];
  for (const f of description.fields) {
    if (f.required && !f.readOnly) required.push(f.path);
    if (f.readOnly) continue;
    const list = /^(\w+)\[\]\.(\w+)$/.exec(f.path);
    if (list) {
      const set = listItems.get(list[1]!) ?? new Set<string>();
      set.add(list[2]!);
      listItems.set(list[1]!, set);
    } else if (!f.path.includes('.')) top.add(f.path);
  }
  const requiredParts: Array<{ field: string } | { list: string; field: string }> = [];
  for (const path of required) {
    const list = /^(\w+)\[\]\.(\w+)$/.exec(path);
    if (list) requiredParts.push({ list: list[1]!, field: list[2]! });
    else if (!path.includes('.')) requiredParts.push({ field: path });
  }
  return { top, listItems, required, requiredParts };
}

/**
 * The payload for a destination: only fields it can write (ids, totals and other read-only fields of the source
 * are left out), list elements trimmed the same way. Shares unchanged values with the record.
 */
export function buildPayload(
  data: Readonly<Record<string, unknown>>,
  fields: WritableFields,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in data) {
    if (!Object.hasOwn(data, key)) continue;
    const value = data[key];
    if (!fields.top.has(key) || value === undefined) continue;
    const itemFields = fields.listItems.get(key);
    out[key] =
      itemFields && Array.isArray(value)
        ? value.map((el) =>
            el !== null && typeof el === 'object'
              ? Object.fromEntries(
                  Object.entries(el as Record<string, unknown>).filter(
                    ([k, v]) => itemFields.has(k) && v !== undefined,
                  ),
                )
              : el,
          )
        : value;
  }
  return out;
}

/** Problems with required fields: everything for a create, only emptied fields for an update. */
export function missingRequired(
  payload: Readonly<Record<string, unknown>>,
  fields: WritableFields,
  isCreate: boolean,
): string[] {
  let missing: string[] | undefined;
  for (const { list, field } of fields.requiredParts) {
    if (list !== undefined) {
      const items = payload[list];
      if (!Array.isArray(items)) continue;
      items.forEach((el, i) => {
        if (isEmpty((el as Record<string, unknown> | null)?.[field]))
          (missing ??= []).push(`${list}[${i}].${field}`);
      });
    } else if (isCreate ? isEmpty(payload[field]) : field in payload && isEmpty(payload[field]))
      (missing ??= []).push(field);
  }
  return missing ?? [];
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Field-by-field (and line-by-line) diff of a payload against the destination's current record. Only fields the
 * payload carries are compared; `skip` fields (create-only) are left alone. Returns the changes and the update
 * payload (changed top-level fields; a changed list is sent whole, as APIs replace lists).
 */
export function diffRecord(
  payload: Readonly<Record<string, unknown>>,
  target: Readonly<Record<string, unknown>>,
  skip: ReadonlySet<string>,
): { changes: FieldChange[]; update: Record<string, unknown> } {
  const changes: FieldChange[] = [];
  const update: Record<string, unknown> = {};
  for (const field in payload) {
    if (!Object.hasOwn(payload, field) || skip.has(field)) continue;
    const after = payload[field];
    const before = target[field];
    if (Array.isArray(after)) {
      const lineChanges = diffList(field, after, Array.isArray(before) ? before : []);
      if (lineChanges.length) {
        changes.push(...lineChanges);
        update[field] = after;
      }
      continue;
    }
    if (!sameValue(after, before)) {
      changes.push(before === undefined ? { field, after } : { field, before, after });
      update[field] = after;
    }
  }
  return { changes, update };
}

function diffList(field: string, after: readonly unknown[], before: readonly unknown[]): FieldChange[] {
  const out: FieldChange[] = [];
  const n = Math.max(after.length, before.length);
  for (let i = 0; i < n; i++) {
    const a = after[i];
    const b = before[i];
    if (a === undefined) {
      out.push({ field: `${field}[${i}]`, before: b });
      continue;
    }
    if (b === undefined) {
      out.push({ field: `${field}[${i}]`, after: a });
      continue;
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const [k, v] of Object.entries(a))
        if (!sameValue(v, b[k])) out.push({ field: `${field}[${i}].${k}`, before: b[k], after: v });
    } else if (!sameValue(a, b)) out.push({ field: `${field}[${i}]`, before: b, after: a });
  }
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Equality as the destination would see it: decimals numerically ("10.00" = "10"), objects by the keys the
 * payload gives (the destination may add its own), lists element by element. A pending reference always differs.
 */
export function sameValue(after: unknown, before: unknown): boolean {
  if (after === before) return true;
  if (isPendingRef(after)) return false;
  if (after === undefined || after === null || after === '')
    return before === undefined || before === null || before === '';
  if (
    (isDecimalString(after) || typeof after === 'number') &&
    (isDecimalString(before) || typeof before === 'number')
  )
    return new Dec(String(after)).equals(new Dec(String(before)));
  if (Array.isArray(after))
    return (
      Array.isArray(before) &&
      after.length === before.length &&
      after.every((v, i) => sameValue(v, before[i]))
    );
  if (isPlainObject(after)) {
    if (!isPlainObject(before)) return false;
    for (const k in after) if (Object.hasOwn(after, k) && !sameValue(after[k], before[k])) return false;
    return true;
  }
  if (typeof after === 'string' && typeof before === 'string') return after === before;
  return false;
}
