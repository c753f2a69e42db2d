import { decimalString, money, toDec, type DecimalInput } from '../../../shared/money/decimal-money';

/**
 * Reading and writing the plain JSON values REST APIs send (the Visma connectors). Amounts arrive as JSON numbers
 * and are read through their shortest round-trip string (shared/money), so no float ever enters the model; they
 * leave as JSON numbers only at the very edge.
 */

/** A raw object. */
export type Raw = Record<string, unknown>;

/** A non-empty string (numbers are written out), or undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A nested object, or undefined. */
export function obj(value: unknown): Raw | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
}

/** An array of objects (empty when absent). */
export function list(value: unknown): Raw[] {
  return Array.isArray(value) ? value.filter((v): v is Raw => !!v && typeof v === 'object') : [];
}

/** Whether a value is a finite number or a numeric string. */
export function isNumeric(value: unknown): value is number | string {
  return (
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
  );
}

/** A money amount at `dp` places, or undefined. */
export function amount(value: unknown, dp = 2): string | undefined {
  return isNumeric(value) ? (exactDecimal(value, dp, dp) ?? money(value, dp)) : undefined;
}

/** A decimal string between `minDp` and `maxDp` places, or undefined. */
export function decimal(value: unknown, minDp = 0, maxDp = 6): string | undefined {
  return isNumeric(value)
    ? (exactDecimal(value, minDp, maxDp) ?? decimalString(value, minDp, maxDp))
    : undefined;
}

/**
 * `decimalString(value, minDp, maxDp)` without decimal.js, for what APIs nearly always send: a plain number that
 * needs no rounding at `maxDp` places (a page of invoices holds thousands of amounts, and decimal.js costs a
 * microsecond or more each). Undefined when it would need rounding, or is written with an exponent or leading
 * zeros: the caller then falls back on decimal.js, so the result is always the same.
 */
export function exactDecimal(value: number | string, minDp: number, maxDp: number): string | undefined {
  const m = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?$/.exec(typeof value === 'number' ? String(value) : value.trim());
  if (!m) return undefined;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > maxDp) return undefined;
  const places = Math.min(maxDp, Math.max(minDp, fraction.length));
  // Zero has no sign (decimal.js writes -0 as 0).
  const sign = m[1] && (m[2] !== '0' || fraction !== '') ? '-' : '';
  return places > 0 ? `${sign}${m[2]}.${fraction.padEnd(places, '0')}` : `${sign}${m[2]}`;
}

/** `YYYY-MM-DD` from an ISO date or date-time (the calendar date as written, no time-zone shift). */
export function dateOnly(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d\d-\d\d/.test(value) ? value.slice(0, 10) : undefined;
}

/** An ISO 8601 UTC timestamp from an API date-time; one without an offset is read as UTC. */
export function utcTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const iso = /[zZ]$|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** A canonical decimal string (or number) as a JSON number for the API, at the very edge. */
export function apiNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return toDec(value as DecimalInput).toNumber();
}

/** A canonical value as a string for the API, or undefined. */
export function strOut(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return String(value);
}

/** A canonical date (or timestamp) as `YYYY-MM-DDT00:00:00`, the date-time form both Visma APIs take. */
export function dateTimeOut(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\d/.test(value)) return undefined;
  return `${value.slice(0, 10)}T00:00:00`;
}
