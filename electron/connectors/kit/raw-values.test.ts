import { describe, expect, it } from 'vitest';
import { decimalString } from '../../../shared/money/decimal-money';
import { seededRandom } from '../../../test-support/flow-examples';
import { amount, decimal, exactDecimal } from './raw-values';

describe('exactDecimal: decimal strings without decimal.js, always as decimal.js writes them', () => {
  it('agrees with decimalString wherever it answers, and leaves rounding and odd forms to it', () => {
    const random = seededRandom(20261121);
    const corpus: Array<number | string> = [
      0,
      -0,
      '0',
      '-0',
      '-0.00',
      '0.000',
      1,
      -1,
      10.5,
      '10.50',
      2.165,
      -2.165,
      '007.5',
      '+5',
      '5.',
      '.5',
      ' 12.3 ',
      1e21,
      1e-7,
      '1e3',
      123456789012.25,
      '99999999999999999999.99',
      0.1 + 0.2,
      -0.005,
      '-12.3400',
    ];
    for (let i = 0; i < 3000; i++) {
      const whole = Math.floor(random() * 10 ** Math.floor(random() * 9)) * (random() < 0.3 ? -1 : 1);
      const places = Math.floor(random() * 7);
      const n = whole + Math.floor(random() * 10 ** places) / 10 ** places;
      corpus.push(n, n.toFixed(places), String(n));
    }
    let answered = 0;
    for (const value of corpus)
      for (const [minDp, maxDp] of [
        [2, 2],
        [0, 6],
        [2, 4],
        [0, 0],
      ] as const) {
        const fast = exactDecimal(value, minDp, maxDp);
        if (fast === undefined) continue;
        answered++;
        expect({ value, minDp, maxDp, fast }).toEqual({
          value,
          minDp,
          maxDp,
          fast: decimalString(value, minDp, maxDp),
        });
      }
    // Most amounts take the fast path; the rest (rounding, exponents, leading zeros) fall back.
    expect(answered).toBeGreaterThan(corpus.length * 2);
    expect(exactDecimal(2.165, 2, 2)).toBeUndefined();
    expect(exactDecimal('1e3', 0, 6)).toBeUndefined();
    expect(exactDecimal('007.5', 0, 6)).toBeUndefined();
  });

  it('amount and decimal give what decimal.js gives, rounding included', () => {
    expect(amount(10.5)).toBe('10.50');
    expect(amount(2.165)).toBe('2.17');
    expect(amount(-2.165)).toBe('-2.17');
    expect(amount('-0.00')).toBe('0.00');
    expect(decimal('12.50', 2, 4)).toBe('12.50');
    expect(decimal(12.34567, 2, 4)).toBe('12.3457');
    expect(decimal('3.000', 0, 6)).toBe('3');
    expect(amount('abc')).toBeUndefined();
  });
});
