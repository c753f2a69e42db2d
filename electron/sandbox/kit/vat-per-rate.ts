import Decimal from 'decimal.js';

/** decimal.js with half-away-from-zero rounding (as .NET's MidpointRounding.AwayFromZero). */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
/** A decimal value. */
export type Dec = InstanceType<typeof D>;

/** A number as the API writes it: computed in decimal.js, rounded, then handed to JSON. */
export function num(d: Dec | string | number, dp = 2): number {
  const n = Number(new D(d).toDecimalPlaces(dp).toFixed(dp));
  return n === 0 ? 0 : n; // never -0
}

/** What a row contributes to a document, before rounding at the document level. */
export interface RowInput {
  quantity: Dec;
  unitPrice: Dec;
  /** Share 0..1 (eAccounting's DiscountPercentage is a fraction, visma-notes.md §1.9). */
  discount: Dec;
  /** VAT percent (0 for VAT-free and text rows). */
  vatRate: Dec;
  isText: boolean;
}

/** The computed amounts of one row. */
export interface RowAmounts {
  amountNoVat: number;
  /** Row amount including its share of VAT (the document total is rounded per VAT rate, not per row). */
  amount: number;
}

/** The computed totals of a document, all in the invoice currency. */
export interface DocumentTotals {
  rows: RowAmounts[];
  /** Total including VAT. */
  total: Dec;
  vat: Dec;
  /** Per VAT rate: net amount, VAT and the rate (CustomerInvoiceVatApi). */
  vatSpecification: { AmountInvoiceCurrency: number; VatAmountInvoiceCurrency: number; VatPercent: number }[];
}

/**
 * The arithmetic of a Visma sales document (eAccounting and Visma.net both compute VAT per document). Row net
 * amounts are `Quantity × UnitPrice × (1 − Discount)` at 2 dp; VAT is computed **per document and VAT rate** on the summed net amounts and rounded once (unlike Xero's
 * per-line rounding, xero-notes.md §1.8, which is why 3 × 10.02 at 12 % is 3.61 here and 3.60 in Xero). With
 * `includesVat` the unit prices are gross and the VAT is taken out of each rate's gross sum.
 */
export function computeDocument(rows: RowInput[], includesVat: boolean): DocumentTotals {
  const byRate = new Map<string, { rate: Dec; sum: Dec }>();
  const lineSums: Dec[] = [];
  for (const r of rows) {
    if (r.isText) {
      lineSums.push(new D(0));
      continue;
    }
    const line = r.quantity.mul(r.unitPrice).mul(new D(1).minus(r.discount)).toDecimalPlaces(2);
    lineSums.push(line);
    const key = r.vatRate.toString();
    const g = byRate.get(key) ?? { rate: r.vatRate, sum: new D(0) };
    g.sum = g.sum.plus(line);
    byRate.set(key, g);
  }
  let vat = new D(0);
  let net = new D(0);
  const spec: DocumentTotals['vatSpecification'] = [];
  for (const g of byRate.values()) {
    const v = includesVat
      ? g.sum.mul(g.rate).div(g.rate.plus(100)).toDecimalPlaces(2)
      : g.sum.mul(g.rate).div(100).toDecimalPlaces(2);
    const n = includesVat ? g.sum.minus(v) : g.sum;
    vat = vat.plus(v);
    net = net.plus(n);
    spec.push({ AmountInvoiceCurrency: num(n), VatAmountInvoiceCurrency: num(v), VatPercent: num(g.rate) });
  }
  const out: RowAmounts[] = rows.map((r, i) => {
    const line = lineSums[i] as Dec;
    if (r.isText) return { amountNoVat: 0, amount: 0 };
    const rowNet = includesVat ? line.mul(100).div(r.vatRate.plus(100)).toDecimalPlaces(2) : line;
    const rowGross = includesVat ? line : line.mul(r.vatRate.plus(100)).div(100).toDecimalPlaces(2);
    return { amountNoVat: num(rowNet), amount: num(rowGross) };
  });
  return { rows: out, total: net.plus(vat), vat, vatSpecification: spec };
}

/** A line of a seeded document, as the generator writes it (decimal strings). */
export interface SeedRow {
  quantity: string;
  unitPrice: string;
  /** Discount in percent (`'10'`), or undefined. */
  discountPercent?: string;
  /** VAT percent (an integer). */
  vatRate: number;
  /** Negate the quantity (credit documents). */
  negate?: boolean;
  /** What VAT is summed by (a VAT code id); default the rate. */
  group?: string;
}

/** Totals of a seeded document in integer minor units (öre/cents). */
export interface SeedTotals {
  /** Net amount per row. */
  rows: number[];
  /** Amount before discount per row. */
  gross: number[];
  net: number;
  vat: number;
  total: number;
  byRate: { group: string; rate: number; net: number; vat: number }[];
}

/** `'12.5'` with 4 decimals → 125000 (exact: decimal strings are parsed, never multiplied as floats). */
function scaled(s: string, dp: number): number {
  const neg = s.startsWith('-');
  const [i = '0', f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = Number(i) * 10 ** dp + Number((f + '0'.repeat(dp)).slice(0, dp) || '0');
  return neg ? -v : v;
}

/** n / d rounded half away from zero (d > 0), on integers. */
function roundDiv(n: number, d: number): number {
  const q = Math.floor((Math.abs(n) * 2 + d) / (2 * d));
  return n < 0 ? -q : q;
}

/**
 * `computeDocument` in integer minor units, for the seeders (100,000 documents): quantities up to 2 decimals,
 * prices up to 4, discounts in whole percent. It gives exactly the same results as the decimal.js calculator
 * (vat-per-rate.test.ts checks that on random documents); request handling uses the decimal.js one.
 */
export function seedTotals(rows: SeedRow[], includesVat: boolean): SeedTotals {
  const groups = new Map<string, { rate: number; sum: number }>();
  const lineSums: number[] = [];
  const gross: number[] = [];
  for (const r of rows) {
    const q = scaled(r.quantity, 2) * (r.negate ? -1 : 1);
    const p = scaled(r.unitPrice, 4);
    const d = scaled(r.discountPercent ?? '0', 2);
    // q·10² × p·10⁴ × (100·10² − d·10²)/100·10² → cents: divide by 10⁸.
    const line = roundDiv(q * p * (10_000 - d), 100_000_000);
    lineSums.push(line);
    gross.push(roundDiv(q * p, 1_000_000));
    const key = r.group ?? String(r.vatRate);
    const g = groups.get(key) ?? { rate: r.vatRate, sum: 0 };
    g.sum += line;
    groups.set(key, g);
  }
  let net = 0;
  let vat = 0;
  const spec: SeedTotals['byRate'] = [];
  for (const [group, { rate, sum }] of groups) {
    const v = includesVat ? roundDiv(sum * rate, 100 + rate) : roundDiv(sum * rate, 100);
    const n = includesVat ? sum - v : sum;
    net += n;
    vat += v;
    spec.push({ group, rate, net: n, vat: v });
  }
  return { rows: lineSums, gross, net, vat, total: net + vat, byRate: spec };
}

/** Integer minor units → the JSON number the API returns (2 decimals). */
export function fromCents(c: number): number {
  return c === 0 ? 0 : c / 100;
}
