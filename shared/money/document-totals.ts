import { Dec, money, roundHalfAway, sum, toDec, type DecimalInput } from './decimal-money';
import type { RoundingRules } from './rounding-rules';

/** One line as the totals need it (canonical decimal strings). */
export interface TotalsLine {
  readonly quantity?: string | undefined;
  readonly unitPrice?: string | undefined;
  readonly discountPercent?: string | undefined;
  /** A line amount given instead of quantity × price (description-and-amount lines). */
  readonly lineAmount?: string | undefined;
  /** Tax rate in percent for this line ("25"); absent means no tax. */
  readonly taxRate?: string | undefined;
  /** A tax amount the source fixed on the line; it overrides the computed one (Xero does the same). */
  readonly taxAmount?: string | undefined;
}

/** A document as the totals need it. */
export interface TotalsDocument {
  readonly amountsIncludeTax?: boolean | undefined;
  readonly lines: readonly TotalsLine[];
}

/** Totals as decimal strings at the rules' amount precision. */
export interface DocumentTotals {
  readonly lines: ReadonlyArray<{ readonly lineAmount: string; readonly taxAmount: string }>;
  readonly subTotal: string;
  readonly totalTax: string;
  readonly total: string;
}

/**
 * Works out a document's totals the way a system with `rules` would (see xero-notes.md §1.8 for Xero):
 * `LineAmount = round(Qty × round(Unit, unitPriceDp) × (100 − Discount%) / 100, amountDp)`; tax per line
 * (or per rate over the summed lines); Exclusive adds tax, Inclusive takes it out of the line amounts.
 */
export function computeDocumentTotals(doc: TotalsDocument, rules: RoundingRules): DocumentTotals {
  const inclusive = doc.amountsIncludeTax === true;
  const lineAmounts = doc.lines.map((line) => lineAmountOf(line, rules));
  const taxOf = (amount: Dec, rate: Dec): Dec =>
    inclusive ? amount.times(rate).dividedBy(rate.plus(100)) : amount.times(rate).dividedBy(100);

  let lineTaxes: Dec[];
  if (rules.taxRounding === 'line') {
    lineTaxes = doc.lines.map((line, i) =>
      line.taxAmount !== undefined
        ? toDec(line.taxAmount)
        : roundHalfAway(taxOf(lineAmounts[i]!, toDec(line.taxRate ?? '0')), rules.amountDp),
    );
  } else {
    // Per rate over the summed lines, then shared back onto lines only for display (last line takes the rest).
    const byRate = new Map<string, number[]>();
    doc.lines.forEach((line, i) => {
      const key = toDec(line.taxRate ?? '0').toString();
      byRate.set(key, [...(byRate.get(key) ?? []), i]);
    });
    lineTaxes = doc.lines.map(() => new Dec(0));
    for (const [rate, indexes] of byRate) {
      const base = sum(indexes.map((i) => lineAmounts[i]!));
      const tax = roundHalfAway(taxOf(base, new Dec(rate)), rules.amountDp);
      let left = tax;
      indexes.forEach((i, n) => {
        const share =
          n === indexes.length - 1 || base.isZero()
            ? left
            : roundHalfAway(tax.times(lineAmounts[i]!).dividedBy(base), rules.amountDp);
        lineTaxes[i] = share;
        left = left.minus(share);
      });
    }
  }
  const linesTotal = sum(lineAmounts);
  const totalTax = sum(lineTaxes);
  const subTotal = inclusive ? linesTotal.minus(totalTax) : linesTotal;
  let total = subTotal.plus(totalTax);
  if (rules.cashRoundingTo) {
    const unit = toDec(rules.cashRoundingTo);
    total = total.dividedBy(unit).toDecimalPlaces(0, Dec.ROUND_HALF_UP).times(unit);
  }
  return {
    lines: lineAmounts.map((amount, i) => ({
      lineAmount: money(amount, rules.amountDp),
      taxAmount: money(lineTaxes[i]!, rules.amountDp),
    })),
    subTotal: money(subTotal, rules.amountDp),
    totalTax: money(totalTax, rules.amountDp),
    total: money(total, rules.amountDp),
  };
}

function lineAmountOf(line: TotalsLine, rules: RoundingRules): Dec {
  if (line.quantity === undefined || line.unitPrice === undefined) {
    return roundHalfAway(line.lineAmount ?? '0', rules.amountDp);
  }
  const quantity = roundHalfAway(line.quantity, rules.quantityDp);
  const unit = roundHalfAway(line.unitPrice, rules.unitPriceDp);
  const discount = toDec(line.discountPercent ?? '0');
  return roundHalfAway(
    quantity.times(unit).times(new Dec(100).minus(discount)).dividedBy(100),
    rules.amountDp,
  );
}

/** A document whose total the destination would compute differently: both totals, never silently fixed. */
export interface TotalsMismatch {
  readonly sourceTotal: string;
  readonly destinationTotal: string;
  /** destination − source. */
  readonly difference: string;
  readonly sourceTax?: string;
  readonly destinationTax: string;
  readonly message: string;
}

/**
 * Checks a document against the destination's rules: if the total the source states differs from what the
 * destination will compute, returns the mismatch (the planner shows it as a flag; the record is not changed).
 */
export function checkDocumentTotals(
  doc: TotalsDocument & { readonly total: DecimalInput; readonly totalTax?: DecimalInput | undefined },
  destination: RoundingRules,
  destinationLabel = 'the destination',
): TotalsMismatch | undefined {
  const computed = computeDocumentTotals(doc, destination);
  const source = toDec(doc.total);
  if (source.equals(toDec(computed.total))) return undefined;
  const difference = toDec(computed.total).minus(source);
  return {
    sourceTotal: money(source, destination.amountDp),
    destinationTotal: computed.total,
    difference: money(difference, destination.amountDp),
    ...(doc.totalTax !== undefined ? { sourceTax: money(doc.totalTax, destination.amountDp) } : {}),
    destinationTax: computed.totalTax,
    message:
      `The total is ${money(source, destination.amountDp)} here but ${destinationLabel} would compute ` +
      `${computed.total} (difference ${money(difference, destination.amountDp)}).`,
  };
}
