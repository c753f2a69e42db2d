import type { SystemId } from '../connectors/connector-descriptor';

/**
 * How a system turns document lines into totals. A destination recomputes totals by its own rules, so a
 * document can arrive with a different total than its source showed; `document-totals.ts` flags that.
 */
export interface RoundingRules {
  /** Decimal places a unit price keeps before the line amount is worked out (Xero: 2, or 4 with `unitdp=4`). */
  readonly unitPriceDp: number;
  /** Decimal places of quantities. */
  readonly quantityDp: number;
  /** Decimal places of line amounts and totals. */
  readonly amountDp: number;
  /** `line`: tax rounded on each line, then summed (Xero). `document`: tax per rate on the summed lines. */
  readonly taxRounding: 'line' | 'document';
  /** Rounding of the payable total to a cash unit (e.g. Swedish öresavrundning to whole kronor); none if absent. */
  readonly cashRoundingTo?: string;
}

/**
 * Xero (xero-notes.md §1.8, developer.xero.com/documentation/api-guides/rounding-in-xero): unit price at 2 dp
 * (4 with unitdp=4), quantity 4 dp, line amount 2 dp, tax per line at 2 dp half away from zero, then summed.
 */
export function xeroRoundingRules(unitdp: 2 | 4 = 2): RoundingRules {
  return { unitPriceDp: unitdp, quantityDp: 4, amountDp: 2, taxRounding: 'line' };
}

/**
 * Each system's rules. The Visma entries follow the notes' field lists (VAT specification per rate, a separate
 * rounding total): they are the documented shape, to be confirmed against the simulators (visma-notes.md).
 */
export const roundingRulesBySystem: Readonly<Record<SystemId, RoundingRules>> = {
  xero: xeroRoundingRules(2),
  'visma-eaccounting': { unitPriceDp: 4, quantityDp: 4, amountDp: 2, taxRounding: 'document' },
  'visma-net': { unitPriceDp: 4, quantityDp: 4, amountDp: 2, taxRounding: 'document' },
};
