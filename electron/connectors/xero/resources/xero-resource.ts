import type { CanonicalRecord } from '../../../../shared/records/canonical-record';
import type { EntityName } from '../../../../shared/records/entities';
import type { EntityCapabilities, FetchRefs } from '../../kit/connector';
import type { XeroClient } from '../xero-client';
import type { XeroRaw } from '../xero-mapping';

/** A read query after the canonical filter has been translated (xero-notes.md §1.1, §2.3). */
export interface XeroQuery {
  readonly since?: Date;
  readonly where?: string;
  /** Invoices' Statuses parameter. */
  readonly statuses?: string[];
  /** `summaryOnly=true` (entities with `summaryRead`). */
  readonly summary?: boolean;
}

/** One page of raw records. */
export interface XeroPage {
  readonly items: XeroRaw[];
  readonly pageCount?: number;
}

/** A batch write as one resource performs it: raw elements back, in request order. */
export interface XeroWriteBatch {
  readonly kind: 'create' | 'update';
  readonly payloads: readonly Record<string, unknown>[];
  readonly ids: readonly (string | undefined)[];
  readonly idempotencyKey: string;
  readonly unitdp: 2 | 4;
}

/** One Xero entity: how it reads, maps and writes. `resources/<entity>.ts` each export one. */
export interface XeroResource {
  readonly entity: EntityName;
  readonly apiName: string;
  readonly capabilities: EntityCapabilities;
  /** Canonical field paths this connector cannot write (Xero computes or ignores them). */
  readonly readOnlyFields?: readonly string[];
  /** Canonical fields Xero requires beyond the model's own required ones. */
  readonly requiredFields?: readonly string[];
  toCanonical(raw: XeroRaw): CanonicalRecord;
  /** Canonical filter field → where clause for one value. */
  filter(field: string, value: string | number | boolean): Partial<XeroQuery> | undefined;
  readPage(client: XeroClient, page: number, pageSize: number, query: XeroQuery): Promise<XeroPage>;
  fetch(client: XeroClient, refs: FetchRefs): Promise<XeroRaw[]>;
  /** Canonical data → a xero-node model (camelCase). Absent when the entity is read-only. */
  toXero?(data: Readonly<Record<string, unknown>>, id: string | undefined): Record<string, unknown>;
  writeBatch?(client: XeroClient, batch: XeroWriteBatch): Promise<XeroRaw[]>;
  /** Work after a successful write of one record (credit note allocations). Returns warnings. */
  afterWrite?(
    client: XeroClient,
    data: Readonly<Record<string, unknown>>,
    written: XeroRaw,
    idempotencyKey: string,
  ): Promise<string[]>;
}

/** Capabilities shared by Xero's paged transaction lists. */
export const pagedCapabilities = (matchKeys: readonly string[], write: boolean): EntityCapabilities => ({
  read: true,
  write,
  batchSize: 50,
  idempotency: write,
  delta: 'modified-since',
  paging: 'page',
  maxPageSize: 1000,
  matchKeys,
});

/** Capabilities of Xero's unpaged lists (Items, Accounts, TaxRates). */
export const unpagedCapabilities = (
  matchKeys: readonly string[],
  write: boolean,
  delta: 'modified-since' | 'none',
): EntityCapabilities => ({
  read: true,
  write,
  batchSize: 50,
  idempotency: write,
  delta,
  paging: 'none',
  maxPageSize: Number.MAX_SAFE_INTEGER,
  matchKeys,
});

/** The plural array of an answer (`Contacts`, `Invoices`, …). */
export function itemsOf(data: Record<string, unknown>, plural: string): XeroRaw[] {
  const value = data[plural];
  return Array.isArray(value) ? (value as XeroRaw[]) : [];
}

/** `pagination.pageCount` of a paged answer. */
export function pageCountOf(data: Record<string, unknown>): number | undefined {
  const p = data.pagination as { pageCount?: unknown } | undefined;
  return typeof p?.pageCount === 'number' ? p.pageCount : undefined;
}

/** Joins where clauses with AND (undefined when none). */
export function andWhere(...clauses: (string | undefined)[]): string | undefined {
  const present = clauses.filter((c): c is string => !!c);
  return present.length ? present.map((c) => (present.length > 1 ? `(${c})` : c)).join(' AND ') : undefined;
}

/** `Field=="a" OR Field=="b"` for a match key's values. */
export function anyOf(field: string, values: readonly string[], quote: (v: string) => string): string {
  return values.map((v) => `${field}==${quote(v)}`).join(' OR ');
}
