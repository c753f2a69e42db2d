import Decimal from 'decimal.js';

/**
 * Xero's arithmetic (xero-notes.md §1.8), in decimal.js, never in floats. Rounding is half away from zero
 * (2.165 → 2.17), which is decimal.js's ROUND_HALF_UP.
 */
export const D = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_UP });
/** A decimal value of the Xero calculator. */
export type Dec = InstanceType<typeof D>;

/** Rounds to `dp` places and renders a canonical decimal string (no exponent). */
export function fix(v: Dec | string | number, dp = 2): string {
  return new D(v).toDecimalPlaces(dp).toFixed(dp);
}

/** Parses a user-supplied number (JSON number or numeric string); undefined for absent, NaN → throws. */
export function decIn(v: unknown): Dec | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'number' && typeof v !== 'string')
    throw new TypeError(`not a number: ${JSON.stringify(v)}`);
  const d = new D(v);
  if (!d.isFinite()) throw new TypeError(`not a number: ${String(v)}`);
  return d;
}

/** How line amounts relate to tax (the enum's exact casing, xero-notes.md §1.6). */
export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

/** Input of one line to the calculator (decimal strings, already validated). */
export interface LineCalcIn {
  quantity?: string;
  unitAmount?: string;
  lineAmount?: string;
  discountRate?: string;
  discountAmount?: string;
  /** A TaxAmount the client supplied (it overrides the computed tax). */
  taxAmount?: string;
  /** Effective rate in percent. */
  rate: string;
}

/** One computed line. */
export interface LineCalcOut {
  quantity?: string;
  unitAmount?: string;
  lineAmount: string;
  taxAmount: string;
  /** Undiscounted minus discounted amount. */
  discount: string;
}

/** Document totals. */
export interface DocCalcOut {
  lines: LineCalcOut[];
  subTotal: string;
  totalTax: string;
  total: string;
  totalDiscount: string;
}

/**
 * Computes lines and totals: UnitAmount rounded to `unitdp` first, LineAmount = Qty × Unit × (100 − rate)/100
 * (or − DiscountAmount) at 2 dp, tax per line at 2 dp and then summed (Xero never applies the rate to the
 * subtotal), Inclusive subtotals net of the summed tax.
 */
const HUNDRED = new D(100);
const ZERO = new D(0);

export function computeDocument(lines: LineCalcIn[], lat: LineAmountTypes, unitdp: 2 | 4): DocCalcOut {
  let sumLines = new D(0);
  let sumTax = new D(0);
  let sumDiscount = new D(0);
  const out: LineCalcOut[] = [];
  for (const l of lines) {
    let qty = l.quantity !== undefined ? new D(l.quantity).toDecimalPlaces(4) : undefined;
    let unit = l.unitAmount !== undefined ? new D(l.unitAmount).toDecimalPlaces(unitdp) : undefined;
    const given = l.lineAmount !== undefined ? new D(l.lineAmount).toDecimalPlaces(2) : undefined;
    // §1.6: if Quantity or UnitAmount is missing, the server derives it from LineAmount.
    if (given !== undefined && (qty === undefined || unit === undefined)) {
      if (qty === undefined && unit === undefined) {
        qty = new D(1);
        unit = given;
      } else if (qty === undefined) {
        qty = unit!.isZero() ? new D(0) : given.div(unit!).toDecimalPlaces(4);
      } else {
        unit = qty.isZero() ? new D(0) : given.div(qty).toDecimalPlaces(unitdp);
      }
    }
    let lineAmount = new D(0);
    let gross = new D(0);
    if (qty !== undefined && unit !== undefined) {
      gross = qty.mul(unit);
      if (l.discountRate !== undefined) {
        lineAmount = gross.mul(HUNDRED.minus(l.discountRate)).div(HUNDRED).toDecimalPlaces(2);
      } else if (l.discountAmount !== undefined) {
        lineAmount = gross.minus(l.discountAmount).toDecimalPlaces(2);
      } else {
        lineAmount = gross.toDecimalPlaces(2);
      }
    } else if (given !== undefined) {
      lineAmount = given;
      gross = given;
    }
    const discount =
      l.discountRate === undefined && l.discountAmount === undefined
        ? ZERO
        : gross.toDecimalPlaces(2).minus(lineAmount);
    let tax: Dec;
    if (lat === 'NoTax' || l.rate === '0' || l.rate === '0.0000')
      tax = l.taxAmount !== undefined && lat !== 'NoTax' ? new D(l.taxAmount).toDecimalPlaces(2) : ZERO;
    else if (l.taxAmount !== undefined) tax = new D(l.taxAmount).toDecimalPlaces(2);
    else if (lat === 'Inclusive') tax = lineAmount.mul(l.rate).div(HUNDRED.plus(l.rate)).toDecimalPlaces(2);
    else tax = lineAmount.mul(l.rate).div(HUNDRED).toDecimalPlaces(2);
    sumLines = sumLines.plus(lineAmount);
    sumTax = sumTax.plus(tax);
    sumDiscount = sumDiscount.plus(discount);
    out.push({
      ...(qty !== undefined ? { quantity: qty.toFixed(4) } : {}),
      ...(unit !== undefined ? { unitAmount: unit.toFixed(unitdp) } : {}),
      lineAmount: lineAmount.toFixed(2),
      taxAmount: tax.toFixed(2),
      discount: discount.toFixed(2),
    });
  }
  const subTotal = lat === 'Inclusive' ? sumLines.minus(sumTax) : sumLines;
  const total = subTotal.plus(sumTax);
  return {
    lines: out,
    subTotal: subTotal.toFixed(2),
    totalTax: sumTax.toFixed(2),
    total: total.toFixed(2),
    totalDiscount: sumDiscount.toFixed(2),
  };
}

/** a − b − c… at 2 dp. */
export function minus(a: string, ...bs: string[]): string {
  let v = new D(a);
  for (const b of bs) v = v.minus(b);
  return v.toFixed(2);
}

/** a + b + c… at 2 dp. */
export function plus(...xs: string[]): string {
  let v = new D(0);
  for (const x of xs) v = v.plus(x);
  return v.toFixed(2);
}

/** Compares two decimal strings. */
export function cmp(a: string, b: string): number {
  return new D(a).cmp(b);
}

/** Parses a decimal string into an integer scaled by 10^dp, rounding half away from zero beyond dp. */
function scaled(s: string, dp: number): number {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [int = '0', frac = ''] = body.split('.');
  const kept = (frac + '0'.repeat(dp)).slice(0, dp);
  let v = Number(int) * 10 ** dp + Number(kept || '0');
  if ((frac[dp] ?? '0') >= '5') v += 1;
  return neg ? -v : v;
}

/** Integer division rounded half away from zero (exact for |n|, d < 2^53). */
function divRound(n: number, d: number): number {
  const q = Math.trunc(n / d);
  const r = n - q * d;
  if (2 * Math.abs(r) >= d) return q + Math.sign(n);
  return q;
}

/** BigInt division rounded half away from zero, back to a safe integer. */
function divRoundBig(n: bigint, d: bigint): number {
  const q = n / d;
  const r = n - q * d;
  const twice = (r < 0n ? -r : r) * 2n;
  return Number(twice >= d ? q + (n < 0n ? -1n : 1n) : q);
}

/** Renders an integer scaled by 10^dp as a fixed decimal string. */
function unscaled(v: number, dp: number): string {
  const neg = v < 0;
  const s = String(Math.abs(v)).padStart(dp + 1, '0');
  const out = dp === 0 ? s : `${s.slice(0, -dp)}.${s.slice(-dp)}`;
  return neg ? `-${out}` : out;
}

/**
 * The same calculation as `computeDocument` for the seed generator's simple lines (quantity, unit amount,
 * optional discount rate, no overrides), in exact integer minor units. Seeding 100,000 invoices through
 * decimal.js takes several seconds; this path is exact (every intermediate is an integer below 2^53) and
 * `xero-money.test.ts` checks it against `computeDocument` line for line. The API itself always uses decimal.js.
 */
export function computeSeedDocument(
  lines: { quantity: string; unitAmount: string; discountRate?: string; rate: string }[],
  lat: LineAmountTypes,
): DocCalcOut {
  let sumLines = 0;
  let sumTax = 0;
  let sumDisc = 0;
  const out: LineCalcOut[] = [];
  for (const l of lines) {
    const q = scaled(l.quantity, 4);
    const u = scaled(l.unitAmount, 4);
    const rate = scaled(l.rate, 4);
    const grossCents = divRound(q * u, 1e6);
    // q·u·(100−rate) can pass 2^53, so the (rare) discounted lines go through BigInt.
    const lineCents =
      l.discountRate !== undefined
        ? divRoundBig(BigInt(q) * BigInt(u) * BigInt(1e6 - scaled(l.discountRate, 4)), 10n ** 12n)
        : grossCents;
    const tax =
      lat === 'NoTax'
        ? 0
        : lat === 'Inclusive'
          ? divRound(lineCents * rate, 1e6 + rate)
          : divRound(lineCents * rate, 1e6);
    sumLines += lineCents;
    sumTax += tax;
    sumDisc += grossCents - lineCents;
    out.push({
      quantity: unscaled(q, 4),
      unitAmount: unscaled(u, 4),
      lineAmount: unscaled(lineCents, 2),
      taxAmount: unscaled(tax, 2),
      discount: unscaled(grossCents - lineCents, 2),
    });
  }
  const sub = lat === 'Inclusive' ? sumLines - sumTax : sumLines;
  return {
    lines: out,
    subTotal: unscaled(sub, 2),
    totalTax: unscaled(sumTax, 2),
    total: unscaled(sub + sumTax, 2),
    totalDiscount: unscaled(sumDisc, 2),
  };
}
