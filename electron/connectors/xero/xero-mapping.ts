import { decimalString, money, toDec } from '../../../shared/money/decimal-money';
import { exactDecimal } from '../kit/raw-values';

/**
 * Reading and writing Xero's wire values. Reads use the raw JSON of the answer (PascalCase, exactly as the API
 * names fields, `/Date(ms+0000)/` dates) rather than xero-node's models, which drop fields they do not know
 * (RoundingAmount, …) and turn `/Date(` strings into JS Dates (xero-node #746). Writes build xero-node models
 * (camelCase) from scratch: unknown properties would be dropped silently, and re-sending a fetched record would
 * carry read-only fields (xero-notes.md §3.2).
 */

/** A raw Xero record. */
export type XeroRaw = Record<string, unknown>;

/** A calendar date `YYYY-MM-DD` from `/Date(ms+0000)/`, an ISO string or a JS Date (read with UTC getters). */
export function xeroDate(value: unknown): string | undefined {
  const d = toJsDate(value);
  return d ? d.toISOString().slice(0, 10) : undefined;
}

/** An ISO 8601 timestamp (UTC) from any Xero date form. */
export function xeroTimestamp(value: unknown): string | undefined {
  return toJsDate(value)?.toISOString();
}

function toJsDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  if (ms) return new Date(Number(ms[1]));
  // ISO without an offset is UTC in Xero's `…String` siblings.
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(value) || /^\d{4}-\d\d-\d\d$/.test(value) ? value : `${value}Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** A money amount (2 dp string) or undefined. */
export function amount(value: unknown): string | undefined {
  return isNumeric(value) ? (exactDecimal(value, 2, 2) ?? money(value, 2)) : undefined;
}

/** A decimal string between `minDp` and `maxDp` places, or undefined. */
export function decimal(value: unknown, minDp = 0, maxDp = 6): string | undefined {
  return isNumeric(value)
    ? (exactDecimal(value, minDp, maxDp) ?? decimalString(value, minDp, maxDp))
    : undefined;
}

function isNumeric(value: unknown): value is number | string {
  return (
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
  );
}

/** A non-empty string or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A nested raw object or undefined. */
export function obj(value: unknown): XeroRaw | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as XeroRaw) : undefined;
}

/** A raw array of objects (empty when absent). */
export function list(value: unknown): XeroRaw[] {
  return Array.isArray(value) ? value.filter((v): v is XeroRaw => !!v && typeof v === 'object') : [];
}

/** Drops undefined values so the canonical data holds only what the system said. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  // A plain loop: this runs for every record and line of every page read (no arrays of entries in between).
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (value[key] !== undefined) out[key] = value[key];
  return out as T;
}

/** A canonical decimal string → a JSON number for xero-node, at the very edge. */
export function apiNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return toDec(value as string | number).toNumber();
}

/** Whether any unit price needs 4 decimals (Xero then needs `unitdp=4`, xero-notes.md §1.8). */
export function needsUnitdp4(prices: readonly unknown[]): boolean {
  return prices.some(
    (p) => p !== undefined && p !== null && p !== '' && toDec(p as string).decimalPlaces() > 2,
  );
}

/** A canonical `YYYY-MM-DD` (or ISO timestamp) as the date string Xero wants (xero-notes.md §4.3). */
export function dateOut(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.slice(0, 10);
}

/** A canonical string field, or undefined. */
export function strOut(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return String(value);
}

/** Escapes a value for a Xero `where` string literal. */
export function whereString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
