/**
 * Amounts as a bookkeeper reads them, from the decimal strings the contract carries ("1234567.5"): grouped
 * thousands and the locale's separators, never through a float (ARCHITECTURE §4), so 12345678901234.56 shows every
 * digit it has. Negative amounts take a true minus sign.
 */

interface Separators {
  readonly group: string;
  readonly decimal: string;
}

const separatorsByLocale = new Map<string, Separators>();

/** The locale's group and decimal separators (cached: Intl formatters are costly to build). */
function separators(locale: string | undefined): Separators {
  const key = locale ?? '';
  let found = separatorsByLocale.get(key);
  if (!found) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(12345.6);
    found = {
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    };
    separatorsByLocale.set(key, found);
  }
  return found;
}

/**
 * "1234567.5" → "1,234,567.50" (en) or "1 234 567,50" (sv): at least `minDecimals` places, the digits otherwise
 * as given. Text that is no decimal is returned as it is.
 */
export function formatAmount(value: string, locale?: string, minDecimals = 2): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return value;
  const [, sign, whole, fraction = ''] = match;
  const { group, decimal } = separators(locale);
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const decimals = fraction.padEnd(minDecimals, '0');
  const isZero = /^0*$/.test(whole! + fraction);
  return `${sign && !isZero ? '\u2212' : ''}${grouped}${decimals ? `${decimal}${decimals}` : ''}`;
}

/** "SEK 1,234.50"; the currency code alone names it (a symbol would be ambiguous: kr, $). */
export function formatMoney(currency: string, value: string, locale?: string): string {
  const amount = formatAmount(value, locale);
  return currency ? `${currency} ${amount}` : amount;
}

/** A tax rate in percent: "25 %", "12.5 %". */
export function formatRate(rate: string, locale?: string): string {
  return `${formatAmount(rate, locale, 0)} %`;
}

/** A decimal string as an integer of its smallest unit at `scale` places (BigInt: exact at any size). */
function scaled(value: string, scale: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`not a decimal: '${value}'`);
  const [, sign, whole, fraction = ''] = match;
  const digits = BigInt(`${whole}${fraction.padEnd(scale, '0')}`);
  return sign ? -digits : digits;
}

const decimalsOf = (value: string): number => value.split('.')[1]?.length ?? 0;

/** The sum of decimal strings, exactly, with as many places as the most precise of them (at least two). */
export function sumAmounts(values: Iterable<string>): string {
  const list = [...values];
  const scale = Math.max(2, ...list.map(decimalsOf));
  const total = list.reduce((acc, v) => acc + scaled(v, scale), 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** −value, as a decimal string. */
export function negateAmount(value: string): string {
  const v = value.trim();
  return v.startsWith('-') ? v.slice(1) : `-${v}`;
}
