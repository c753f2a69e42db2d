import { describe, expect, it } from 'vitest';
import { Prng } from './prng';
import { computeDocument, D, fromCents, num, seedTotals } from './vat-per-rate';

describe('VAT per document and rate', () => {
  it('rounds VAT once per rate: 3 × 10.02 at 12 % gives 3.61', () => {
    const row = {
      quantity: new D(1),
      unitPrice: new D('10.02'),
      discount: new D(0),
      vatRate: new D(12),
      isText: false,
    };
    const t = computeDocument([row, row, row], false);
    expect(num(t.vat)).toBe(3.61);
    expect(t.vatSpecification).toEqual([
      { AmountInvoiceCurrency: 30.06, VatAmountInvoiceCurrency: 3.61, VatPercent: 12 },
    ]);
  });

  it('the integer fast path of the seeders agrees with decimal.js on thousands of random documents', () => {
    const r = new Prng(99);
    for (let n = 0; n < 3000; n++) {
      const includesVat = r.chance(0.2);
      const negate = r.chance(0.1);
      const rows = Array.from({ length: r.int(1, 4) }, () => ({
        quantity: r.chance(0.3)
          ? `${r.int(0, 10)}.${String(r.int(0, 99)).padStart(2, '0')}`
          : String(r.int(1, 12)),
        unitPrice: r.chance(0.2)
          ? `${r.int(0, 99)}.${String(r.int(0, 9999)).padStart(4, '0')}`
          : `${r.int(0, 2500)}.${String(r.int(0, 99)).padStart(2, '0')}`,
        discountPercent: r.chance(0.2) ? String(r.pick([5, 10, 15])) : undefined,
        vatRate: r.pick([0, 6, 12, 25]),
      }));
      const fast = seedTotals(
        rows.map((x) => ({ ...x, negate, ...(x.discountPercent ? {} : { discountPercent: undefined }) })),
        includesVat,
      );
      const slow = computeDocument(
        rows.map((x) => ({
          quantity: new D(x.quantity).mul(negate ? -1 : 1),
          unitPrice: new D(x.unitPrice),
          discount: new D(x.discountPercent ?? '0').div(100),
          vatRate: new D(x.vatRate),
          isText: false,
        })),
        includesVat,
      );
      expect(fromCents(fast.total)).toBe(num(slow.total));
      expect(fromCents(fast.vat)).toBe(num(slow.vat));
      expect(fast.byRate.map((g) => [g.rate, fromCents(g.net), fromCents(g.vat)])).toEqual(
        slow.vatSpecification.map((g) => [g.VatPercent, g.AmountInvoiceCurrency, g.VatAmountInvoiceCurrency]),
      );
    }
  });
});
