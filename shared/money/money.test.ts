import { describe, expect, it } from 'vitest';
import { decimalString, money, roundHalfAway, sameAmount, sum, toDec } from './decimal-money';
import { checkDocumentTotals, computeDocumentTotals } from './document-totals';
import { roundingRulesBySystem, xeroRoundingRules } from './rounding-rules';

describe('decimal money', () => {
  it('reads JSON numbers as the API wrote them and never as binary floats', () => {
    expect(toDec(0.1).plus(toDec(0.2)).toString()).toBe('0.3');
    expect(money(10.02 * 3)).toBe('30.06');
    expect(sum(['0.1', 0.2, '0.3']).toFixed(2)).toBe('0.60');
  });
  it('rounds half away from zero', () => {
    expect(roundHalfAway('2.165', 2).toFixed(2)).toBe('2.17');
    expect(roundHalfAway('-2.165', 2).toFixed(2)).toBe('-2.17');
    expect(roundHalfAway('2.164999', 2).toFixed(2)).toBe('2.16');
  });
  it('formats decimal strings within bounds', () => {
    expect(decimalString('12.5', 2, 4)).toBe('12.50');
    expect(decimalString('12.34567', 2, 4)).toBe('12.3457');
    expect(decimalString('3.0000', 0, 4)).toBe('3');
    expect(sameAmount('10.0', 10)).toBe(true);
    expect(() => toDec('12,50')).toThrow(/not a decimal/);
  });
});

describe('document totals', () => {
  const xero = xeroRoundingRules(2);
  it('follows the spec examples (xero-notes.md §1.8)', () => {
    expect(computeDocumentTotals({ lines: [{ quantity: '2', unitPrice: '20.00' }] }, xero).total).toBe(
      '40.00',
    );
    const t = computeDocumentTotals({ lines: [{ quantity: '1', unitPrice: '200', taxRate: '15' }] }, xero);
    expect([t.subTotal, t.totalTax, t.total]).toEqual(['200.00', '30.00', '230.00']);
    const inclusive = computeDocumentTotals(
      { amountsIncludeTax: true, lines: [{ quantity: '1', unitPrice: '20.00', taxRate: '15' }] },
      xero,
    );
    expect([inclusive.subTotal, inclusive.totalTax, inclusive.total]).toEqual(['17.39', '2.61', '20.00']);
  });
  it('rounds tax per line in Xero and per document elsewhere: 3 × 10.02 at 12 %', () => {
    const lines = [1, 2, 3].map(() => ({ quantity: '1', unitPrice: '10.02', taxRate: '12' }));
    expect(computeDocumentTotals({ lines }, xero).totalTax).toBe('3.60');
    expect(computeDocumentTotals({ lines }, roundingRulesBySystem['visma-eaccounting']).totalTax).toBe(
      '3.61',
    );
  });
  it('rounds unit prices to 2 dp unless unitdp=4, and applies discounts', () => {
    const doc = { lines: [{ quantity: '3', unitPrice: '1.2345', discountPercent: '10' }] };
    expect(computeDocumentTotals(doc, xeroRoundingRules(2)).total).toBe('3.32');
    expect(computeDocumentTotals(doc, xeroRoundingRules(4)).total).toBe('3.33');
  });
  it('flags, never hides, a total the destination would compute differently', () => {
    const lines = [1, 2, 3].map(() => ({ quantity: '1', unitPrice: '10.02', taxRate: '12' }));
    const mismatch = checkDocumentTotals({ lines, total: '33.67', totalTax: '3.61' }, xero, 'Xero');
    expect(mismatch).toMatchObject({
      sourceTotal: '33.67',
      destinationTotal: '33.66',
      difference: '-0.01',
      sourceTax: '3.61',
      destinationTax: '3.60',
    });
    expect(mismatch?.message).toContain('Xero would compute 33.66');
    expect(checkDocumentTotals({ lines, total: '33.66' }, xero)).toBeUndefined();
  });
});
