import type { CallOutput } from '../../../shared/contract/contract-registry';
import { canonicalFields } from '../../../shared/records/canonical-fields';
import { entityLabels, type EntityName } from '../../../shared/records/entities';
import { formatRate } from './money-format';

/** One planned record as the contract gives it. */
export type PlanItem = CallOutput<'runs.planItems'>['items'][number];
/** A run's plan summed up. */
export type PlanSummary = CallOutput<'runs.planSummary'>;
/** One destination of a plan summary. */
export type DestinationSummary = PlanSummary['destinations'][number];
/** What the plan decided for a record. */
export type PlanAction = PlanItem['action'];
/** Why a record is flagged. */
export type PlanFlagKind = NonNullable<PlanItem['flags']>[number]['kind'];

/** The actions in the order a bookkeeper reads them. */
export const planActions: readonly PlanAction[] = ['create', 'update', 'unchanged', 'skip', 'invalid'];

/** A record's action as a badge says it. */
export const actionWords: Readonly<Record<PlanAction, string>> = {
  create: 'New',
  update: 'Update',
  unchanged: 'Unchanged',
  skip: 'Skipped',
  invalid: 'Invalid',
};

/** What each action means, for the badge's tooltip. */
export const actionHints: Readonly<Record<PlanAction, string>> = {
  create: 'Would be created at the destination',
  update: 'Would change a record already at the destination',
  unchanged: 'Already at the destination as it is: nothing to write',
  skip: 'Left alone, for the reason given',
  invalid: 'Cannot be written until the problem is fixed',
};

/** A flag's name. */
export const flagWords: Readonly<Record<PlanFlagKind, string>> = {
  'possible-duplicate': 'Possible duplicate',
  rounding: 'Rounding difference',
};

/** Where a record is in a live run. */
export const statusWords: Readonly<Record<PlanItem['status'], string>> = {
  planned: 'Not written yet',
  inflight: 'Being written',
  done: 'Written',
  dead: 'Dead letter',
  none: '',
  held: 'Waiting for you',
};

/** "invoice" / "invoices" by count. */
export function entityWord(entity: EntityName, n: number): string {
  return n === 1 ? entityLabels[entity].one : entityLabels[entity].many;
}

/** "5 new invoices", "1 update", "2 updates". */
export function actionCount(action: 'create' | 'update', entity: EntityName, n: number): string {
  const count = n.toLocaleString();
  return action === 'create'
    ? `${count} new ${entityWord(entity, n)}`
    : `${count} update${n === 1 ? '' : 's'}`;
}

/** A tax group as the money table names it: "OUTPUT · 25 %", "25 % (no tax code: the default applies)". */
export function taxWords(group: { taxCode?: string | undefined; rate?: string | undefined }): string {
  if (group.taxCode && group.rate !== undefined) return `${group.taxCode} · ${formatRate(group.rate)}`;
  if (group.taxCode) return `${group.taxCode} · rate unknown`;
  if (group.rate !== undefined) return `${formatRate(group.rate)} · default tax code`;
  return 'Tax rate unknown';
}

/** Where a destination writes: "Xero Demo Company" (the system, then the user's name for the company). */
export function destinationPlace(
  connectionName: string | undefined,
  systemLabel: string | undefined,
): string {
  if (connectionName && systemLabel && !connectionName.includes(systemLabel))
    return `${systemLabel} ${connectionName}`;
  return connectionName ?? systemLabel ?? 'the destination';
}

/** One destination's part of an apply question. */
export interface ApplyPart {
  readonly entity: EntityName;
  readonly create: number;
  readonly update: number;
  readonly place: string;
}

/**
 * "Write 5 new invoices and 2 updates to Ledgerflow Demo AB (Xero)?" — one clause per destination that writes
 * anything, joined by "and"; undefined when nothing would be written.
 */
export function applyQuestion(parts: readonly ApplyPart[]): string | undefined {
  const clauses = parts
    .filter((p) => p.create + p.update > 0)
    .map((p) => {
      const what = [
        p.create ? actionCount('create', p.entity, p.create) : undefined,
        p.update ? actionCount('update', p.entity, p.update) : undefined,
      ].filter(Boolean);
      const words =
        p.create && p.update
          ? what.join(' and ')
          : p.update
            ? `${what[0]} of ${entityLabels[p.entity].many}`
            : what[0];
      return `${words} to ${p.place}`;
    });
  if (clauses.length === 0) return undefined;
  return `Write ${clauses.join(', and ')}?`;
}

const fieldLabels = new Map<string, string>();

/**
 * A field's name in the canonical model's words: `dueDate` → "Due date", `lines[2].quantity` → "Line 3:
 * quantity", `contact` → "Contact".
 */
export function fieldLabel(entity: EntityName, path: string): string {
  const key = `${entity}\u0000${path}`;
  const cached = fieldLabels.get(key);
  if (cached) return cached;
  const line = /^(\w+)\[(\d+)\](?:\.(.+))?$/.exec(path);
  const generic = line ? `${line[1]}[]${line[3] ? `.${line[3]}` : ''}` : path;
  const known = canonicalFields[entity].find((f) => f.path === generic)?.label;
  let label: string;
  if (line) {
    const n = Number(line[2]) + 1;
    const list = canonicalFields[entity].find((f) => f.path === line[1])?.label ?? line[1]!;
    const singular = list.endsWith('s') ? list.slice(0, -1) : list;
    label = line[3]
      ? `${singular} ${n}: ${(known ?? line[3]!).replace(/^[^:]+:\s*/, '')}`
      : `${singular} ${n}`;
  } else label = known ?? path;
  fieldLabels.set(key, label);
  return label;
}

/** A field's value as text: "—" for nothing, Yes/No, a contact by its name and number, a list by its length. */
export function displayValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `${value.length} ${value.length === 1 ? 'item' : 'items'}`;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // A reference to a record this same run creates first (a lookup's pending reference).
    if ('$lfRef' in o) return 'the record this run creates first';
    const named = [o.name, o.number].filter((v) => typeof v === 'string' && v !== '');
    if (named.length) return named.join(' · ');
    // An address and the like: its parts in their order ("Parkvägen 20, 36603, Hamburg, DE").
    return Object.values(o)
      .filter((v) => v !== undefined && v !== null && v !== '')
      .map(displayValue)
      .join(', ');
  }
  return String(value);
}

/** How a record is named in the table: its label, else its source id. */
export const recordTitle = (item: Pick<PlanItem, 'label' | 'recordKey'>): string =>
  item.label ?? item.recordKey;
