import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney, formatRate, negateAmount, sumAmounts } from './money-format';

describe('money as a bookkeeper reads it', () => {
  it('groups thousands and keeps two decimals, with the locale’s separators', () => {
    expect(formatAmount('1234567.5', 'en-GB')).toBe('1,234,567.50');
    expect(formatAmount('1234567.5', 'de-DE')).toBe('1.234.567,50');
    expect(formatAmount('0.1', 'en-GB')).toBe('0.10');
    expect(formatAmount('100', 'en-GB')).toBe('100.00');
    // Swedish groups with a (narrow) no-break space and uses a decimal comma.
    expect(formatAmount('1234567.5', 'sv-SE')).toMatch(/^1\s234\s567,50$/u);
  });

  it('never passes through a float: every digit of a large amount survives', () => {
    expect(formatAmount('12345678901234567.89', 'en-GB')).toBe('12,345,678,901,234,567.89');
    expect(formatAmount('0.123456', 'en-GB')).toBe('0.123456');
  });

  it('writes negative amounts with a true minus sign, and no sign on zero', () => {
    expect(formatAmount('-0.01', 'en-GB')).toBe('\u22120.01');
    expect(formatAmount('-0.00', 'en-GB')).toBe('0.00');
  });

  it('names the currency by its code, and leaves text that is no amount alone', () => {
    expect(formatMoney('SEK', '33.66', 'en-GB')).toBe('SEK 33.66');
    expect(formatMoney('', '33.66', 'en-GB')).toBe('33.66');
    expect(formatAmount('n/a', 'en-GB')).toBe('n/a');
    expect(formatRate('25', 'en-GB')).toBe('25 %');
    expect(formatRate('12.5', 'en-GB')).toBe('12.5 %');
  });
});

describe('sums of amounts', () => {
  it('adds and subtracts decimal strings exactly, whatever their size', () => {
    expect(sumAmounts(['0.1', '0.2'])).toBe('0.30');
    expect(sumAmounts(['29724.59', negateAmount('29724.59')])).toBe('0.00');
    expect(sumAmounts(['12345678901234567.89', '0.11'])).toBe('12345678901234568.00');
    expect(sumAmounts(['1.5', '-3.255'])).toBe('-1.755');
    expect(sumAmounts([])).toBe('0.00');
    expect(negateAmount('-4.20')).toBe('4.20');
  });
});
