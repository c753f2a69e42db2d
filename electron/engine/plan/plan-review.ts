import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { Dec, isDecimalString, money, roundHalfAway, toDec } from '../../../shared/money/decimal-money';
import {
  checkDocumentTotals,
  computeDocumentTotals,
  type TotalsLine,
} from '../../../shared/money/document-totals';
import {
  roundingRulesBySystem,
  xeroRoundingRules,
  type RoundingRules,
} from '../../../shared/money/rounding-rules';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import { entityLabels, entityNames, type EntityName } from '../../../shared/records/entities';
import { setPath } from '../../../shared/records/record-paths';
import type { ConnectionGateway } from '../connection-gateway';
import type {
  NewPlanItem,
  PlanAction,
  PlanFlag,
  PlanItem,
  PlanItemStatus,
  PlanLineAmount,
  PlanMoney,
  PlanMoneyLine,
  PlanReviewRowData,
  RunRow,
  StateStore,
} from '../state/state-store';
import { DestinationIndex } from './destination-index';
import { HashedSlots } from './hashed-slots';
import type { WritableFields } from './record-diff';

/**
 * What a bookkeeper needs to review a plan before it is applied (issue 8): per record a label to find it by, the
 * money the destination would book (per currency and tax code: net, tax, gross) and flags that ask for a second
 * look: a possible duplicate of a document already at the destination that the plan does not match, and a total
 * the destination would compute differently from the source (the rounding check of shared/money). All of it is
 * worked out while planning, from the full mapped record, and stored with the plan item, so the review reads a
 * 100,000-record plan without touching an API again.
 */

/** Entities whose records carry money the summary adds up. */
const moneyEntities: ReadonlySet<EntityName> = new Set(['invoice', 'creditNote', 'salesOrder', 'payment']);
/** Entities with totals a destination recomputes from the lines (the rounding check). */
const documentEntities: ReadonlySet<EntityName> = new Set(['invoice', 'creditNote']);
/** Entities checked for look-alikes already at the destination. */
const duplicateEntities: ReadonlySet<EntityName> = new Set(['invoice', 'creditNote', 'contact']);
/**
 * How far (in the currency's smallest unit, 0.01) a line's tax may be from `amount × rate` for that rate to be
 * taken as the line's rate: a source that rounds tax per document moves single lines by a cent at most.
 */
const LINE_TAX_TOLERANCE = new Dec('0.02');

/** What the reviewer knows of one record of a page. */
export interface ReviewInput {
  /** The mapped record (after every node), with the source's own totals and line amounts. */
  readonly data: Readonly<Record<string, unknown>>;
  /** What the destination would receive: the whole payload, also for an update. */
  readonly payload: Readonly<Record<string, unknown>> | undefined;
  readonly targetId: string | undefined;
}

/**
 * A plan item as the planner builds it: the review's fields are present from the start (undefined) and filled in
 * place, so that every item of a plan keeps one shape and none is copied.
 */
export type ReviewablePlanItem = Omit<NewPlanItem, ReviewField> & {
  -readonly [K in ReviewField]: NewPlanItem[K];
};
type ReviewField = 'label' | 'subtitle' | 'record' | 'money' | 'flags';

/** A record already at the destination, as the duplicate check remembers it. */
interface Existing {
  readonly id: string;
  readonly label: string;
}

/**
 * Reviews the plan of one destination, page by page, beside its DestinationPlanner. It reads the destination's
 * tax rates once (to work out tax the way the destination will), and, on the first page that creates or changes
 * documents or contacts, the destination's records of that entity once, kept as a compact index for the
 * duplicate check (one paged read: about 1 call per 1,000 records; a plan matches its records with more).
 */
export class PlanReviewer {
  private readonly system: SystemId;
  private readonly systemLabel: string;
  private rates: Promise<ReadonlyMap<string, string | undefined> | undefined> | undefined;
  private index: Promise<DuplicateIndex | undefined> | undefined;
  /** The run's read of the destination list (DestinationIndex), shared with matching: one read serves both. */
  private readonly shared: { readonly list: DestinationIndex; readonly index: DuplicateIndex } | undefined;
  /** Destination records the plan matches to a record: never a duplicate of another one. */
  private readonly matched = new Set<string>();

  constructor(
    private readonly o: {
      readonly gateway: ConnectionGateway;
      readonly entity: EntityName;
      readonly fields: WritableFields;
      readonly signal?: AbortSignal | undefined;
    },
  ) {
    this.system = o.gateway.describe().system;
    this.systemLabel = connectorDescriptors[this.system].label;
    const list = duplicateEntities.has(o.entity) ? DestinationIndex.for(o.gateway, o.entity) : undefined;
    const index = new DuplicateIndex(this.systemLabel);
    this.shared = list?.observe((r) => index.add(o.entity, r)) ? { list, index } : undefined;
  }

  /**
   * Adds labels, money, flags and (for updates) the whole record to a page's plan items, in place; `inputs[i]` is
   * what the planner knew of `planned[i]`.
   */
  async review(planned: ReviewablePlanItem[], inputs: readonly ReviewInput[]): Promise<NewPlanItem[]> {
    let writes = false;
    for (const item of planned) {
      if (item.targetId) this.matched.add(item.targetId);
      if (item.action === 'create' || item.action === 'update') writes = true;
    }
    const entity = this.o.entity;
    const rates = writes && moneyEntities.has(entity) ? await this.taxRates() : undefined;
    const index = writes && duplicateEntities.has(entity) ? await this.duplicates() : undefined;

    planned.forEach((item, i) => {
      const input = inputs[i]!;
      const { label, subtitle } = recordLabel(entity, input.data);
      item.label = label;
      item.subtitle = subtitle;
      if ((item.action !== 'create' && item.action !== 'update') || !input.payload) return;
      // An update's payload has only the changed fields; a document's lines are shown whole, so keep its record.
      if (item.action === 'update' && Array.isArray(input.payload.lines)) item.record = input.payload;
      let flags: PlanFlag[] | undefined;
      if (moneyEntities.has(entity)) {
        const worked = this.money(input.payload, input.data, rates);
        if (worked) {
          item.money = worked.money;
          if (worked.rounding) (flags ??= []).push(worked.rounding);
        }
      }
      if (index && !index.isEmpty) {
        // The total the destination would book, else (tax not fully known) the one the source states.
        const total =
          item.money && !item.money.isTaxIncomplete ? item.money.gross : decimalOrUndefined(input.data.total);
        const duplicate = index.find(entity, input.payload, total, input.targetId, this.matched);
        if (duplicate) (flags ??= []).push(duplicate);
      }
      item.flags = flags;
    });
    return planned as NewPlanItem[];
  }

  /** The money of one record as the destination would book it, and a rounding flag when its total differs. */
  private money(
    payload: Readonly<Record<string, unknown>>,
    data: Readonly<Record<string, unknown>>,
    rates: ReadonlyMap<string, string | undefined> | undefined,
  ): { money: PlanMoney; rounding?: PlanFlag } | undefined {
    try {
      if (this.o.entity === 'payment') return paymentMoney(payload);
      return documentMoney({
        payload,
        data,
        rates,
        rules: this.rulesFor(payload),
        lineFields: this.o.fields.listItems.get('lines'),
        checkTotals: documentEntities.has(this.o.entity),
        destinationLabel: this.systemLabel,
      });
    } catch (error) {
      // A value that is no amount (a mapper's slip): the destination refuses the record, the review shows no money.
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  }

  /** The destination's rounding rules; Xero's unit-price precision follows the document's prices (unitdp). */
  private rulesFor(payload: Readonly<Record<string, unknown>>): RoundingRules {
    if (this.system !== 'xero') return roundingRulesBySystem[this.system];
    const prices = linesOf(payload).map((l) => l.unitPrice);
    return xeroRoundingRules(prices.some((p) => isDecimalString(p) && toDec(p).decimalPlaces() > 2) ? 4 : 2);
  }

  /**
   * The destination's tax codes → their rate (percent; undefined when it states none), read once per run and
   * shared with the planner's check of known tax codes; undefined when the destination has no readable list.
   */
  taxRates(): Promise<ReadonlyMap<string, string | undefined> | undefined> {
    return (this.rates ??= (async () => {
      const { gateway, signal } = this.o;
      const tax = gateway.describe().entities.find((e) => e.entity === 'taxRate');
      if (!tax?.capabilities.read) return undefined;
      const rates = new Map<string, string | undefined>();
      for await (const page of gateway.read('taxRate', {}, signal))
        for (const r of page.records)
          if (typeof r.data.code === 'string')
            rates.set(r.data.code, isDecimalString(r.data.rate) ? r.data.rate : undefined);
      return rates;
    })());
  }

  /** The destination's records of this entity, indexed for the duplicate check (read once per run). */
  private duplicates(): Promise<DuplicateIndex | undefined> {
    return (this.index ??= (async () => {
      const { gateway, signal, entity } = this.o;
      if (this.shared) {
        await this.shared.list.readAll(signal);
        return this.shared.index;
      }
      const description = gateway.describe().entities.find((e) => e.entity === entity);
      if (!description?.capabilities.read) return undefined;
      const index = new DuplicateIndex(this.systemLabel);
      const pageSize = Math.min(description.capabilities.maxPageSize, 1000);
      for await (const page of gateway.read(entity, { pageSize }, signal))
        for (const r of page.records) index.add(entity, r);
      return index;
    })());
  }
}

/**
 * Look-alike keys of the destination's records: number; contact, date and total; org number, e-mail, name. A
 * first sync can hold 100k+ destination records here for the whole run, so it is kept compact (the worker's
 * memory target): the keys are hashed into typed arrays (HashedSlots), and a record is a slot in two arrays. A
 * hash collision could only raise a "possible duplicate" flag that the record's details then show to be wrong; at
 * 2^-64 per pair, never.
 */
class DuplicateIndex {
  private readonly byKey = new HashedSlots();
  private readonly ids: string[] = [];
  private readonly labels: string[] = [];

  constructor(private readonly systemLabel: string) {}

  get isEmpty(): boolean {
    return this.byKey.count === 0;
  }

  add(entity: EntityName, record: CanonicalRecord): void {
    const d = record.data;
    if (d.status === 'voided' || d.status === 'deleted' || d.isActive === false) return;
    const slot = this.ids.length;
    this.ids.push(record.sourceId);
    this.labels.push(recordLabel(entity, d).label ?? record.sourceId);
    for (const key of lookAlikeKeys(entity, d, 'all')) this.byKey.add(key, slot);
  }

  /** The first look-alike that is neither the record's own match nor matched to another record of the plan. */
  find(
    entity: EntityName,
    payload: Readonly<Record<string, unknown>>,
    total: string | undefined,
    targetId: string | undefined,
    matched: ReadonlySet<string>,
  ): PlanFlag | undefined {
    const data = { ...payload, total };
    for (const key of lookAlikeKeys(entity, data, 'own')) {
      const slot = this.byKey.get(key).find((i) => this.ids[i] !== targetId && !matched.has(this.ids[i]!));
      if (slot !== undefined) {
        const hit: Existing = { id: this.ids[slot]!, label: this.labels[slot]! };
        return duplicateFlag(entity, key, hit, this.systemLabel, payload, total);
      }
    }
    return undefined;
  }
}

/**
 * The keys a record is looked up under. `own`: the keys of a record about to be written (its contact by the
 * first identifier it has); `all`: every key an existing record can be found by.
 */
function lookAlikeKeys(
  entity: EntityName,
  d: Readonly<Record<string, unknown>>,
  which: 'own' | 'all',
): string[] {
  const keys: string[] = [];
  if (entity === 'contact') {
    const org = typeof d.orgNumber === 'string' ? d.orgNumber.replace(/[^0-9a-z]/gi, '') : '';
    if (org) keys.push(`org:${org.toLowerCase()}`);
    if (typeof d.email === 'string' && d.email.trim()) keys.push(`email:${d.email.trim().toLowerCase()}`);
    const name = typeof d.name === 'string' ? normalName(d.name) : '';
    if (name) keys.push(`name:${name}`);
    return keys;
  }
  if (typeof d.number === 'string' && d.number.trim()) keys.push(`number:${d.number.trim().toLowerCase()}`);
  const date = typeof d.issueDate === 'string' ? d.issueDate : undefined;
  const total = isDecimalString(d.total) ? toDec(d.total).toString() : undefined;
  if (date && total) {
    const contact = (d.contact ?? {}) as Record<string, unknown>;
    const ids = (['id', 'number', 'name'] as const)
      .filter((k) => typeof contact[k] === 'string' && contact[k] !== '')
      .map((k) => `${k}:${k === 'name' ? normalName(String(contact[k])) : String(contact[k])}`);
    for (const id of which === 'own' ? ids.slice(0, 1) : ids) keys.push(`doc:${id}|${date}|${total}`);
  }
  return keys;
}

/** A name as people mistype it: case, dots and runs of spaces do not count. */
const normalName = (name: string): string =>
  name.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim();

function duplicateFlag(
  entity: EntityName,
  key: string,
  hit: Existing,
  systemLabel: string,
  payload: Readonly<Record<string, unknown>>,
  total: string | undefined,
): PlanFlag {
  const what = `${systemLabel} already has ${entityLabels[entity].one} ${hit.label}`;
  const currency = typeof payload.currency === 'string' ? `${payload.currency} ` : '';
  let why: string;
  if (key.startsWith('number:')) why = 'with the same number';
  else if (key.startsWith('doc:'))
    why = `for the same contact, dated ${String(payload.issueDate)}, with the same total${total ? ` (${currency}${money(total, 2)})` : ''}`;
  else if (key.startsWith('org:')) why = 'with the same organisation number';
  else if (key.startsWith('email:')) why = 'with the same e-mail address';
  else why = 'with the same name (ignoring case, dots and spaces)';
  return {
    kind: 'possible-duplicate',
    message: `${what} ${why}. The plan does not match this record to it, so writing it may create a duplicate.`,
    existingId: hit.id,
    existingLabel: hit.label,
  };
}

/** The lines of a document payload (or record), as plain objects. */
function linesOf(d: Readonly<Record<string, unknown>>): Array<Record<string, unknown>> {
  return Array.isArray(d.lines)
    ? d.lines.map((l) => (l !== null && typeof l === 'object' ? (l as Record<string, unknown>) : {}))
    : [];
}

const decimalOrUndefined = (v: unknown): string | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? String(v) : isDecimalString(v) ? v : undefined;

/**
 * The money of a document as the destination would book it: each line's amount and tax by the destination's
 * rounding rules, from what the payload sends (quantities, prices, discounts, tax codes), summed per tax code.
 * A line's tax rate is its tax code's rate at the destination; a line without a tax code (the destination will
 * use its item's or account's default) takes the rate its source line was taxed at, when the source states its
 * tax and that is one of the destination's rates. With `checkTotals`, the total the source states is compared
 * with the destination's (checkDocumentTotals), when every line's rate is known.
 */
export function documentMoney(o: {
  readonly payload: Readonly<Record<string, unknown>>;
  readonly data: Readonly<Record<string, unknown>>;
  readonly rates: ReadonlyMap<string, string | undefined> | undefined;
  readonly rules: RoundingRules;
  /** Line fields the destination writes (a fixed tax amount counts only if it takes one). */
  readonly lineFields: ReadonlySet<string> | undefined;
  readonly checkTotals: boolean;
  readonly destinationLabel: string;
}): { money: PlanMoney; rounding?: PlanFlag } | undefined {
  const { payload, data, rates, rules } = o;
  const sent = linesOf(payload);
  if (!Array.isArray(payload.lines) && !Array.isArray(data.lines)) return undefined;
  const source = linesOf(data);
  const distinctRates = rates
    ? [...new Set([...rates.values()].filter((r): r is string => r !== undefined))]
    : undefined;
  let everyRateKnown = true;
  const taxed: Array<{
    line: TotalsLine;
    taxCode: string | undefined;
    rate: string | undefined;
    index: number;
  }> = [];
  sent.forEach((line, i) => {
    const quantity = decimalOrUndefined(line.quantity);
    const unitPrice = decimalOrUndefined(line.unitPrice);
    const lineAmount = decimalOrUndefined(line.lineAmount);
    // A text row (no amount at all) books nothing.
    if ((quantity === undefined || unitPrice === undefined) && lineAmount === undefined) return;
    const taxCode = typeof line.taxCode === 'string' && line.taxCode !== '' ? line.taxCode : undefined;
    const rate = taxCode
      ? rates?.get(taxCode)
      : rateFromSource(source[i], quantity, unitPrice, lineAmount, distinctRates, rules);
    if (rate === undefined) everyRateKnown = false;
    const fixedTax = o.lineFields?.has('taxAmount') ? decimalOrUndefined(line.taxAmount) : undefined;
    taxed.push({
      taxCode,
      rate,
      index: i,
      line: {
        quantity,
        unitPrice,
        discountPercent: decimalOrUndefined(line.discountPercent),
        lineAmount,
        taxRate: rate ?? '0',
        taxAmount: fixedTax,
      },
    });
  });
  const inclusive = payload.amountsIncludeTax === true;
  const totals = computeDocumentTotals(
    { amountsIncludeTax: inclusive, lines: taxed.map((t) => t.line) },
    rules,
  );
  const groups = new Map<string, { taxCode?: string; rate?: string; net: Dec; tax: Dec }>();
  const lineAmounts: Array<PlanLineAmount | null> = sent.map(() => null);
  taxed.forEach((t, i) => {
    const { lineAmount, taxAmount } = totals.lines[i]!;
    const tax = toDec(taxAmount);
    const net = inclusive ? toDec(lineAmount).minus(tax) : toDec(lineAmount);
    lineAmounts[t.index] = {
      net: money(net, rules.amountDp),
      tax: taxAmount,
      ...(t.rate !== undefined ? { rate: t.rate } : {}),
    };
    const key = `${t.taxCode ?? ''}|${t.rate ?? '?'}`;
    const g = groups.get(key);
    if (g) {
      g.net = g.net.plus(net);
      g.tax = g.tax.plus(tax);
    } else
      groups.set(key, {
        ...(t.taxCode !== undefined ? { taxCode: t.taxCode } : {}),
        ...(t.rate !== undefined ? { rate: t.rate } : {}),
        net,
        tax,
      });
  });
  const dp = rules.amountDp;
  const byTax: PlanMoneyLine[] = [...groups.values()].map((g) => ({
    ...(g.taxCode !== undefined ? { taxCode: g.taxCode } : {}),
    ...(g.rate !== undefined ? { rate: g.rate } : {}),
    net: money(g.net, dp),
    tax: money(g.tax, dp),
    gross: money(g.net.plus(g.tax), dp),
  }));
  const currency =
    typeof payload.currency === 'string'
      ? payload.currency
      : typeof data.currency === 'string'
        ? data.currency
        : '';
  const result: PlanMoney = {
    currency,
    net: totals.subTotal,
    tax: totals.totalTax,
    gross: totals.total,
    byTax,
    lines: lineAmounts,
    ...(everyRateKnown ? {} : { isTaxIncomplete: true }),
  };
  const stated = decimalOrUndefined(data.total);
  if (!o.checkTotals || !everyRateKnown || stated === undefined) return { money: result };
  const mismatch = checkDocumentTotals(
    {
      amountsIncludeTax: inclusive,
      lines: taxed.map((t) => t.line),
      total: stated,
      totalTax: decimalOrUndefined(data.totalTax),
    },
    rules,
    o.destinationLabel,
  );
  if (!mismatch) return { money: result };
  const tax =
    mismatch.sourceTax !== undefined && mismatch.sourceTax !== mismatch.destinationTax
      ? ` Tax: ${mismatch.sourceTax} here, ${mismatch.destinationTax} there.`
      : '';
  return {
    money: result,
    rounding: {
      kind: 'rounding',
      message: `${mismatch.message}${tax} ${o.destinationLabel} rounds by its own rules; the document will be booked with its total.`,
      sourceTotal: mismatch.sourceTotal,
      destinationTotal: mismatch.destinationTotal,
      difference: mismatch.difference,
    },
  };
}

/**
 * The rate a source line was taxed at, from its own amount and tax: the destination rate that gives that tax
 * (within a cent or two, as a source rounding per document shifts single lines), else unknown.
 */
function rateFromSource(
  line: Record<string, unknown> | undefined,
  quantity: string | undefined,
  unitPrice: string | undefined,
  lineAmount: string | undefined,
  rates: readonly string[] | undefined,
  rules: RoundingRules,
): string | undefined {
  const tax = decimalOrUndefined(line?.taxAmount);
  if (tax === undefined) return undefined;
  const amountText =
    decimalOrUndefined(line?.lineAmount) ??
    lineAmount ??
    (quantity !== undefined && unitPrice !== undefined
      ? toDec(quantity).times(toDec(unitPrice)).toString()
      : undefined);
  if (amountText === undefined) return undefined;
  const amount = toDec(amountText);
  const taxDec = toDec(tax);
  if (amount.isZero()) return taxDec.isZero() ? '0' : undefined;
  const candidates = rates?.length
    ? rates
    : [taxDec.dividedBy(amount).times(100).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toString()];
  let best: { rate: string; off: Dec } | undefined;
  for (const rate of candidates) {
    const off = roundHalfAway(amount.times(toDec(rate)).dividedBy(100), rules.amountDp)
      .minus(taxDec)
      .abs();
    if (!best || off.lessThan(best.off)) best = { rate, off };
  }
  return best && best.off.lessThanOrEqualTo(LINE_TAX_TOLERANCE) ? best.rate : undefined;
}

/** A payment's money: its amount, untaxed. */
function paymentMoney(payload: Readonly<Record<string, unknown>>): { money: PlanMoney } | undefined {
  const amount = decimalOrUndefined(payload.amount);
  if (amount === undefined) return undefined;
  const value = money(amount, 2);
  return {
    money: {
      currency: typeof payload.currency === 'string' ? payload.currency : '',
      net: value,
      tax: money(0, 2),
      gross: value,
      byTax: [],
    },
  };
}

/** How a bookkeeper recognises a record: its number or name, then its contact, date and the like. */
export function recordLabel(
  entity: EntityName,
  d: Readonly<Record<string, unknown>>,
): { label: string | undefined; subtitle: string | undefined } {
  // Runs for every planned record: plain string joins, no arrays or closures per call.
  switch (entity) {
    case 'invoice':
    case 'creditNote':
    case 'salesOrder': {
      const number = text(d.number);
      const reference = text(d.reference);
      const contact = (d.contact ?? {}) as Record<string, unknown>;
      return {
        label: number ?? (reference !== undefined ? `Ref. ${reference}` : undefined),
        subtitle: joined(
          joined(
            text(contact.name) ?? text(contact.number),
            text(entity === 'salesOrder' ? d.orderDate : d.issueDate),
          ),
          number !== undefined ? reference : undefined,
        ),
      };
    }
    case 'contact':
      return {
        label: text(d.name),
        subtitle: joined(joined(text(d.number), text(d.orgNumber)), text(d.email)),
      };
    case 'item':
      return { label: text(d.code), subtitle: text(d.name) };
    case 'payment': {
      const invoice = text(((d.invoice ?? {}) as Record<string, unknown>).number);
      return {
        label: text(d.reference) ?? (invoice !== undefined ? `Payment of ${invoice}` : undefined),
        subtitle: joined(text(d.date), invoice !== undefined ? `invoice ${invoice}` : undefined),
      };
    }
    case 'taxRate':
    case 'account':
      return { label: text(d.code), subtitle: text(d.name) };
    case 'stockLevel':
      return { label: text(d.itemCode), subtitle: text(d.warehouse) };
  }
}

/** A value as label text: a non-blank string (trimmed) or a number; otherwise undefined. */
function text(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** Two optional parts of a label's details, joined by a middle dot. */
function joined(a: string | undefined, b: string | undefined): string | undefined {
  return a === undefined ? b : b === undefined ? a : `${a} · ${b}`;
}

/** Money written (or to be written) for one action, currency and tax code. */
export interface PlanMoneyTotal {
  readonly action: 'create' | 'update';
  readonly currency: string;
  /** Undefined: lines without a tax code (the destination's default applies). */
  readonly taxCode?: string;
  /** Undefined: not known (no tax code the destination knows, and the source did not say). */
  readonly rate?: string;
  /** Records with lines of this tax code (for a currency total: records in the currency). */
  readonly records: number;
  readonly net: string;
  readonly tax: string;
  readonly gross: string;
}

/** The plan of one destination node, summed up. */
export interface DestinationPlanSummary {
  readonly destNode: string;
  readonly entity: EntityName;
  readonly actions: Readonly<Record<PlanAction, number>>;
  readonly statuses: Readonly<Record<PlanItemStatus, number>>;
  /** Records flagged, per flag and in all (a record may carry both flags). */
  readonly flagged: { readonly possibleDuplicate: number; readonly rounding: number; readonly any: number };
  /** Per action, currency and tax code. */
  readonly byTax: readonly PlanMoneyTotal[];
  /** Per action and currency (the document totals, so a cash rounding is included). */
  readonly totals: readonly PlanMoneyTotal[];
  /** Records to write whose tax could not be worked out for every line. */
  readonly incompleteTax: number;
}

type MutableTotal = { -readonly [K in keyof PlanMoneyTotal]: PlanMoneyTotal[K] } & {
  netD: ExactSum;
  taxD: ExactSum;
  grossD: ExactSum;
};

/**
 * Sums a plan up per destination node: records per action and status, flagged records, and the money to be
 * created or changed per currency and tax code. Exact decimal arithmetic (decimal.js) over the stored amounts.
 */
export function summarisePlan(
  visit: (row: (r: PlanReviewRowData) => void) => void,
): DestinationPlanSummary[] {
  const dests = new Map<
    string,
    {
      destNode: string;
      entity: EntityName;
      actions: Record<PlanAction, number>;
      statuses: Record<PlanItemStatus, number>;
      flagged: { possibleDuplicate: number; rounding: number; any: number };
      byTax: Map<string, MutableTotal>;
      totals: Map<string, MutableTotal>;
      incompleteTax: number;
    }
  >();
  const add = (
    map: Map<string, MutableTotal>,
    key: string,
    base: Omit<PlanMoneyTotal, 'records' | 'net' | 'tax' | 'gross'>,
    net: string,
    tax: string,
    gross: string,
  ) => {
    let t = map.get(key);
    if (!t) {
      t = {
        ...base,
        records: 0,
        net: '',
        tax: '',
        gross: '',
        netD: new ExactSum(),
        taxD: new ExactSum(),
        grossD: new ExactSum(),
      };
      map.set(key, t);
    }
    t.records++;
    t.netD.add(net);
    t.taxD.add(tax);
    t.grossD.add(gross);
  };
  visit((r) => {
    const key = `${r.destNode}\u0000${r.entity}`;
    let d = dests.get(key);
    if (!d) {
      d = { ...emptySummary(r.destNode, r.entity), byTax: new Map(), totals: new Map() };
      dests.set(key, d);
    }
    d.actions[r.action]++;
    d.statuses[r.status]++;
    if (r.flagKinds.length) {
      d.flagged.any++;
      if (r.flagKinds.includes('possible-duplicate')) d.flagged.possibleDuplicate++;
      if (r.flagKinds.includes('rounding')) d.flagged.rounding++;
    }
    const m = r.money;
    if (!m || (r.action !== 'create' && r.action !== 'update')) return;
    if (m.isTaxIncomplete) d.incompleteTax++;
    add(
      d.totals,
      `${r.action}|${m.currency}`,
      { action: r.action, currency: m.currency },
      m.net,
      m.tax,
      m.gross,
    );
    for (const line of m.byTax)
      add(
        d.byTax,
        `${r.action}|${m.currency}|${line.taxCode ?? ''}|${line.rate ?? '?'}`,
        {
          action: r.action,
          currency: m.currency,
          ...(line.taxCode !== undefined ? { taxCode: line.taxCode } : {}),
          ...(line.rate !== undefined ? { rate: line.rate } : {}),
        },
        line.net,
        line.tax,
        line.gross,
      );
  });
  const finish = (map: Map<string, MutableTotal>): PlanMoneyTotal[] =>
    [...map.values()]
      .map(({ netD, taxD, grossD, ...t }) => ({
        ...t,
        net: netD.toString(),
        tax: taxD.toString(),
        gross: grossD.toString(),
      }))
      .sort(
        (a, b) =>
          a.action.localeCompare(b.action) ||
          a.currency.localeCompare(b.currency) ||
          (a.taxCode ?? '\uffff').localeCompare(b.taxCode ?? '\uffff') ||
          Number(toDec(b.rate ?? '-1').minus(toDec(a.rate ?? '-1'))),
      );
  return [...dests.values()].map((d) => ({
    destNode: d.destNode,
    entity: d.entity,
    actions: d.actions,
    statuses: d.statuses,
    flagged: d.flagged,
    byTax: finish(d.byTax),
    totals: finish(d.totals),
    incompleteTax: d.incompleteTax,
  }));
}

const isEntity = (v: unknown): v is EntityName => (entityNames as readonly unknown[]).includes(v);

/** A destination with nothing planned. */
function emptySummary(destNode: string, entity: EntityName): DestinationPlanSummary {
  return {
    destNode,
    entity,
    actions: { create: 0, update: 0, unchanged: 0, skip: 0, invalid: 0 },
    statuses: { planned: 0, inflight: 0, done: 0, dead: 0, none: 0, held: 0 },
    flagged: { possibleDuplicate: 0, rounding: 0, any: 0 },
    byTax: [],
    totals: [],
    incompleteTax: 0,
  };
}

/**
 * An exact sum of decimal strings, kept as an integer of its smallest unit (BigInt): the summary adds up to a
 * million amounts, and this is several times faster than a decimal.js object per addition, with the same result.
 */
class ExactSum {
  private total = 0n;
  private scale = 2;

  add(value: string): void {
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
    if (!match) throw new RangeError(`not a decimal: '${value}'`);
    const [, sign, whole, fraction = ''] = match;
    if (fraction.length > this.scale) {
      this.total *= 10n ** BigInt(fraction.length - this.scale);
      this.scale = fraction.length;
    }
    const digits = BigInt(whole! + fraction.padEnd(this.scale, '0'));
    this.total += sign ? -digits : digits;
  }

  /** The sum with at least two decimals ("0.30", "-12.125"). */
  toString(): string {
    const negative = this.total < 0n;
    const digits = (negative ? -this.total : this.total).toString().padStart(this.scale + 1, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
  }
}

const actionWords: Record<PlanAction, string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  skip: 'Skip',
  invalid: 'Invalid',
};

const statusWords: Record<PlanItemStatus, string> = {
  planned: 'Not written yet',
  inflight: 'Being written',
  done: 'Written',
  dead: 'Dead letter',
  none: '',
  held: 'Waiting for confirmation',
};

/** One CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break. */
function csvField(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  // A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) && !isDecimalString(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const shortValue = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/**
 * The plan as CSV for a spreadsheet: one row per record with its money and flags, and the changed fields of an
 * update as `field: before → after`. UTF-8 with a byte-order mark, so Excel reads å, ä and ö; decimals with a
 * point, as the CSV's separator is a comma.
 */
export function planCsv(
  destLabels: ReadonlyMap<string, string>,
  pages: (visit: (items: readonly PlanItem[]) => void) => void,
): string {
  const header = [
    'Destination',
    'Entity',
    'Record',
    'Details',
    'Source id',
    'Action',
    'Reason',
    'Flags',
    'Changed fields',
    'Changes',
    'Currency',
    'Net',
    'Tax',
    'Gross',
    'Id at destination',
    'Status',
    'Plan line',
  ];
  const rows: string[] = [header.map(csvField).join(',')];
  pages((items) => {
    for (const i of items) {
      const changes =
        i.action === 'update' || (i.action === 'skip' && i.diff?.length)
          ? (i.diff ?? [])
              .map((c) => `${c.field}: ${shortValue(c.before)} → ${shortValue(c.after)}`)
              .join('; ')
          : '';
      rows.push(
        [
          destLabels.get(i.destNode) ?? i.destNode,
          entityLabels[i.entity].one,
          i.label ?? i.recordKey,
          i.subtitle,
          i.recordKey,
          actionWords[i.action],
          i.reason,
          (i.flags ?? []).map((f) => f.message).join(' | '),
          i.action === 'update' ? (i.diff?.length ?? 0) : '',
          changes,
          i.money?.currency,
          i.money?.net,
          i.money?.tax,
          i.money?.gross,
          i.resultId ?? i.targetId,
          statusWords[i.status],
          i.seq,
        ]
          .map(csvField)
          .join(','),
      );
    }
  });
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

/** A destination node of a run's flow, as the review names it. */
export interface PlanDestination {
  readonly destNode: string;
  /** The node's label, else its id. */
  readonly label: string;
  readonly system: SystemId | undefined;
  /** The user's connection the run wrote (or would write) to. */
  readonly connectionId: string | undefined;
  /** The connection's name in the flow file (the user's own name for it is the host's to tell). */
  readonly connectionLabel: string | undefined;
}

/** The destination nodes of a run's flow, in the flow's order. */
export function planDestinations(run: RunRow): PlanDestination[] {
  return run.flow.nodes.flatMap((node) => {
    if (node.type !== 'destination') return [];
    const ref = node.config.connection;
    const connection = ref !== undefined ? run.flow.connections[ref] : undefined;
    return [
      {
        destNode: node.id,
        label: node.label ?? node.id,
        system: connection?.system,
        connectionId: ref !== undefined ? run.bindings[ref] : undefined,
        connectionLabel: connection?.label,
      },
    ];
  });
}

/** A run's plan summed up per destination node, with each destination's names (destinations of the flow first). */
export function planSummaryOf(
  store: StateStore,
  run: RunRow,
): Array<DestinationPlanSummary & { readonly destination: PlanDestination }> {
  const destinations = planDestinations(run);
  const summaries = summarisePlan((visit) => store.visitPlanReview(run.id, visit));
  const entityOf = new Map(
    run.flow.nodes.flatMap((n) =>
      n.type === 'destination' && isEntity(n.config.entity) ? [[n.id, n.config.entity] as const] : [],
    ),
  );
  const out = destinations.map((destination) => ({
    ...(summaries.find((s) => s.destNode === destination.destNode) ??
      emptySummary(destination.destNode, entityOf.get(destination.destNode) ?? 'invoice')),
    destination,
  }));
  // A destination removed from the flow since (a retry's flow differs): still summed up, under its id.
  for (const s of summaries)
    if (!destinations.some((d) => d.destNode === s.destNode))
      out.push({
        ...s,
        destination: {
          destNode: s.destNode,
          label: s.destNode,
          system: undefined,
          connectionId: undefined,
          connectionLabel: undefined,
        },
      });
  return out;
}

/**
 * A run's plan as a CSV file: its name and text. Read 2,000 records at a time, yielding between pages, so a
 * 100,000-record plan does not hold up the host's other calls while it is written out.
 */
export async function planCsvOf(store: StateStore, run: RunRow): Promise<{ fileName: string; text: string }> {
  const labels = new Map(
    planDestinations(run).map((d) => [
      d.destNode,
      [d.label, d.connectionLabel ?? (d.system ? connectorDescriptors[d.system].label : undefined)]
        .filter(Boolean)
        .join(' · '),
    ]),
  );
  const total = store.countPlanItems(run.id, {});
  const pages: PlanItem[][] = [];
  for (let offset = 0; offset < total; offset += 2000) {
    pages.push(store.planItems(run.id, {}, offset, 2000));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const text = planCsv(labels, (visit) => pages.forEach(visit));
  const day = new Date(run.startedAt).toISOString().slice(0, 10);
  const name = run.flow.name
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return { fileName: `${name || 'plan'}-plan-${day}.csv`, text };
}

/**
 * How the destination knew the record an update was for, before the write: its whole record with the diff's
 * `before` values put back, labelled as the plan review labels records ("Nordvik Bygg AB · C10198 · info@…").
 */
export function targetLabelOf(
  item: Pick<PlanItem, 'entity' | 'action' | 'record' | 'payload' | 'diff'>,
): string | undefined {
  if (item.action !== 'update') return undefined;
  let before: Readonly<Record<string, unknown>> = item.record ?? item.payload ?? {};
  for (const change of item.diff ?? [])
    if (!change.field.includes('[')) before = setPath(before, change.field, change.before);
  const { label, subtitle } = recordLabel(item.entity, before);
  return label === undefined ? subtitle : subtitle === undefined ? label : `${label} · ${subtitle}`;
}
