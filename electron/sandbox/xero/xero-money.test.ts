import { describe, expect, it } from 'vitest';
import { Prng } from '../kit/prng';
import { computeDocument, computeSeedDocument } from './xero-money';
import { parseDateIn, msDate, parseIfModifiedSince } from './xero-dates';

describe('Xero arithmetic (xero-notes.md §1.8)', () => {
  it('2 × 20.00 with no tax gives 40.00 (spec L7827)', () => {
    const r = computeDocument([{ quantity: '2', unitAmount: '20.00', rate: '0' }], 'Exclusive', 2);
    expect([r.subTotal, r.totalTax, r.total]).toEqual(['40.00', '0.00', '40.00']);
  });
  it('200.00 at 15% gives tax 30.00 and total 230.00 (spec L11875)', () => {
    const r = computeDocument([{ quantity: '1', unitAmount: '200', rate: '15' }], 'Exclusive', 2);
    expect([r.totalTax, r.total]).toEqual(['30.00', '230.00']);
  });
  it('inclusive 20.00 at 15% gives tax 2.61, subtotal 17.39', () => {
    const r = computeDocument([{ quantity: '1', unitAmount: '20', rate: '15' }], 'Inclusive', 2);
    expect([r.lines[0]?.taxAmount, r.subTotal, r.total]).toEqual(['2.61', '17.39', '20.00']);
  });
  it('rounds tax per line, half away from zero, and sums (differs from per-document by 0.01)', () => {
    const lines = [0, 1, 2].map(() => ({ quantity: '1', unitAmount: '10.02', rate: '12' }));
    const r = computeDocument(lines, 'Exclusive', 2);
    expect(r.lines.map((l) => l.taxAmount)).toEqual(['1.20', '1.20', '1.20']);
    expect(r.totalTax).toBe('3.60'); // per document it would be round(30.06 × 12%) = 3.61
    const half = computeDocument([{ quantity: '1', unitAmount: '8.66', rate: '25' }], 'Exclusive', 2);
    expect(half.totalTax).toBe('2.17'); // 2.165 → 2.17
    const neg = computeDocument([{ quantity: '-1', unitAmount: '8.66', rate: '25' }], 'Exclusive', 2);
    expect(neg.totalTax).toBe('-2.17');
  });
  it('rounds UnitAmount to 2 dp unless unitdp=4, and applies discounts', () => {
    const two = computeDocument([{ quantity: '3', unitAmount: '1.2345', rate: '0' }], 'Exclusive', 2);
    const four = computeDocument([{ quantity: '3', unitAmount: '1.2345', rate: '0' }], 'Exclusive', 4);
    expect(two.lines[0]?.lineAmount).toBe('3.69');
    expect(four.lines[0]?.lineAmount).toBe('3.70');
    const disc = computeDocument(
      [{ quantity: '2', unitAmount: '10', discountRate: '15', rate: '25' }],
      'Exclusive',
      2,
    );
    expect([disc.lines[0]?.lineAmount, disc.totalDiscount, disc.total]).toEqual(['17.00', '3.00', '21.25']);
  });
  it('derives a missing quantity or unit amount from LineAmount, honours TaxAmount override and NoTax', () => {
    const r = computeDocument(
      [
        { lineAmount: '50', rate: '25' },
        { quantity: '4', lineAmount: '10', rate: '25', taxAmount: '2.49' },
      ],
      'Exclusive',
      2,
    );
    expect(r.lines[0]).toMatchObject({ quantity: '1.0000', unitAmount: '50.00', taxAmount: '12.50' });
    expect(r.lines[1]).toMatchObject({ unitAmount: '2.50', taxAmount: '2.49' });
    expect(computeDocument([{ quantity: '1', unitAmount: '10', rate: '25' }], 'NoTax', 2).totalTax).toBe(
      '0.00',
    );
  });
});

describe('seed fast path', () => {
  it('agrees with the decimal.js calculator on thousands of random documents', () => {
    const r = new Prng(99);
    for (let n = 0; n < 3000; n++) {
      const lat = r.pick(['Exclusive', 'Inclusive', 'NoTax'] as const);
      const lines = Array.from({ length: r.int(1, 4) }, () => ({
        quantity: r.chance(0.3) ? (r.int(1, 400) / 4).toFixed(2) : String(r.int(1, 50)),
        unitAmount: r.chance(0.2)
          ? (r.int(1, 9_999_999) / 10000).toFixed(4)
          : (r.int(1, 999_999) / 100).toFixed(2),
        ...(r.chance(0.2) ? { discountRate: String(r.int(1, 30)) } : {}),
        rate: r.pick(['0', '6', '12', '25', '15', '12.5']),
      }));
      expect(computeSeedDocument(lines, lat)).toEqual(computeDocument(lines, lat, 4));
    }
  });
});

describe('Xero date formats (xero-notes.md §1.5)', () => {
  it('formats /Date(ms+0000)/ and accepts YYYY-MM-DD, ISO timestamps and /Date()/', () => {
    expect(msDate(1539993600000)).toBe('/Date(1539993600000+0000)/');
    expect(parseDateIn('2019-03-11')).toBe('2019-03-11');
    expect(parseDateIn('2019-03-11T00:00:00')).toBe('2019-03-11');
    expect(parseDateIn('2019-03-11T01:00:00+02:00')).toBe('2019-03-10');
    expect(parseDateIn('/Date(1539993600000+0000)/')).toBe('2018-10-20');
    expect(() => parseDateIn('2019-02-30')).toThrow();
    expect(() => parseDateIn('yesterday')).toThrow();
  });
  it('parses If-Modified-Since as ISO-8601 or RFC-1123', () => {
    expect(parseIfModifiedSince('2024-01-02T03:04:05.000Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseIfModifiedSince('Tue, 02 Jan 2024 03:04:05 GMT')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
  });
});
