import Decimal from 'decimal.js';

/**
 * Money and quantities in the canonical model are decimal strings ("1234.50"), never floats (ARCHITECTURE.md §4).
 * Arithmetic goes through decimal.js; this module is the one place that converts to and from what APIs send.
 */

/** A decimal.js constructor with enough precision for any ledger amount and half-away-from-zero rounding. */
export const Dec = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -20,
  toExpPos: 30,
});

/** A decimal value as Dec. */
export type Dec = InstanceType<typeof Dec>;

/** What an API may hand us for an amount: a JSON number, a string, or nothing. */
export type DecimalInput = number | string | Dec;

/** Whether a string is a plain decimal ("-12.50", "3", "0.0001"), the only form the model stores. */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value);
}

/**
 * Parses an amount. A JSON number is read through its shortest round-trip string (`10.02`, not
 * `10.019999…`), which is exactly what the API wrote on the wire.
 */
export function toDec(value: DecimalInput): Dec {
  if (value instanceof Dec) return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
    return new Dec(String(value));
  }
  const trimmed = value.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed))
    throw new RangeError(`not a decimal: '${value}'`);
  return new Dec(trimmed);
}

/** Rounds half away from zero (2.165 → 2.17, −2.165 → −2.17), as Xero and Visma do. */
export function roundHalfAway(value: DecimalInput, dp: number): Dec {
  return toDec(value).toDecimalPlaces(dp, Dec.ROUND_HALF_UP);
}

/** An amount as a fixed-point string, e.g. `money(10, 2)` → "10.00". */
export function money(value: DecimalInput, dp = 2): string {
  return roundHalfAway(value, dp).toFixed(dp);
}

/**
 * A decimal string with at least `minDp` and at most `maxDp` places and no needless trailing zeros beyond
 * `minDp`: unit prices read "12.50" or "12.3456", quantities "3" or "1.5".
 */
export function decimalString(value: DecimalInput, minDp = 0, maxDp = 10): string {
  const d = roundHalfAway(value, maxDp);
  return d.toFixed(Math.min(maxDp, Math.max(minDp, d.decimalPlaces())));
}

/** Sum of amounts. */
export function sum(values: Iterable<DecimalInput>): Dec {
  let total = new Dec(0);
  for (const v of values) total = total.plus(toDec(v));
  return total;
}

/** Whether two amounts are equal as numbers ("10.0" equals "10.00"). */
export function sameAmount(a: DecimalInput, b: DecimalInput): boolean {
  return toDec(a).equals(toDec(b));
}

/** An amount for an API that takes JSON numbers; only at the very edge, after all arithmetic is done. */
export function toApiNumber(value: DecimalInput): number {
  return toDec(value).toNumber();
}
