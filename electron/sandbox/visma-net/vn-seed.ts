import { Prng } from '../kit/prng';
import { computeDocument, D, fromCents, num, seedTotals, type Dec } from '../kit/vat-per-rate';
import {
  addDays,
  documentAt,
  mixSeed,
  type NeutralCompany,
  type NeutralDocument,
  type NeutralLine,
  type NeutralParty,
  type TaxKind,
} from '../seed/company-generator';
import { newInvoiceCount, newParties, vismaName, xeroInvoiceNumber } from '../seed/sync-overlaps';
import { vnDate, vnDateTime } from './vn-context';
import {
  vnAccountDescription,
  vnAccounts,
  vnCashAccountFor,
  vnSalesAccountOf,
  vnVatCategories,
  vnVats,
} from './vn-ledger-seed';
import type { Obj, VnCompanyState, VnCreditTerm, VnVatCode } from './vn-store';

/**
 * The demo company's VAT categories (ids and descriptions invented, Swedish style). The last two have no
 * counterpart among the Xero organisation's tax rates, on purpose (docs/sandbox.md, "Overlaps").
 */
export const VN_VAT_CODES: VnVatCode[] = [
  { id: 'MP1', description: 'Momspliktig försäljning 25 %', rate: 25, xeroTaxType: 'OUTPUT' },
  { id: 'MP2', description: 'Momspliktig försäljning 12 %', rate: 12, xeroTaxType: 'TAX001' },
  { id: 'MP3', description: 'Momspliktig försäljning 6 %', rate: 6, xeroTaxType: 'TAX003' },
  { id: 'EXP', description: 'Export utanför EU', rate: 0, xeroTaxType: 'ZERORATEDOUTPUT' },
  {
    id: 'EUTJ',
    description: 'Tjänster till EU, omvänd skattskyldighet',
    rate: 0,
    xeroTaxType: 'ECOUTPUTSERVICES',
  },
  { id: 'MF', description: 'Momsfri försäljning', rate: 0, xeroTaxType: 'EXEMPTOUTPUT' },
  { id: 'OMVBYGG', description: 'Byggtjänster, omvänd skattskyldighet', rate: 0, xeroTaxType: null },
  { id: 'IMP25', description: 'Import av varor 25 %', rate: 25, xeroTaxType: null },
];

/** Payment methods of seeded payments (PaymentDto.paymentMethod; the simulator has no /v1/paymentmethod). */
export const PAYMENT_METHODS = {
  domestic: { id: 'BG', description: 'Bankgiro' },
  foreign: { id: 'UTLBET', description: 'Utlandsbetalning' },
} as const;

const CREDIT_TERMS: VnCreditTerm[] = [
  { id: '10', description: '10 dagar netto', days: 10 },
  { id: '14', description: '14 dagar netto', days: 14 },
  { id: '20', description: '20 dagar netto', days: 20 },
  { id: '30', description: '30 dagar netto', days: 30 },
];

const COUNTRY: Record<string, string> = {
  SE: 'Sweden',
  NO: 'Norway',
  FI: 'Finland',
  DK: 'Denmark',
  GB: 'United Kingdom',
  DE: 'Germany',
};

/** The name of a country id (for `country: {id, name}`). */
export function countryName(id: string): string {
  return COUNTRY[id] ?? id;
}

/** The VAT category of a neutral tax kind on a sales line. */
export function vnVatOf(kind: TaxKind): VnVatCode {
  const id =
    kind === 'standard'
      ? 'MP1'
      : kind === 'reduced'
        ? 'MP2'
        : kind === 'low'
          ? 'MP3'
          : kind === 'zero'
            ? 'EXP'
            : kind === 'reverse-charge-sale'
              ? 'EUTJ'
              : 'MF';
  return VN_VAT_CODES.find((v) => v.id === id) as VnVatCode;
}

/** Visma.net's reference number of the k-th sales invoice (overlaps Xero's `INV-nnnn`, sync-overlaps.ts). */
export function vnInvoiceRef(k: number): string {
  return String(k).padStart(6, '0');
}

const DAY = 86_400_000;
const HOURS_18 = 18 * 3_600_000;

function accountOf(vat: VnVatCode): Obj {
  const number = vnSalesAccountOf(vat);
  return { type: 'Income', number, description: vnAccountDescription(number), active: true };
}

/** Document lines as CustomerInvoiceLineDto objects, amounts computed per VAT category. */
export function vnInvoiceLines(c: NeutralCompany, lines: NeutralLine[], credit: boolean, rate: Dec): Obj[] {
  const calc = computeDocument(
    lines.map((l) => ({
      quantity: new D(l.quantity),
      unitPrice: new D(l.unitPrice),
      discount: new D(l.discountRate ?? '0').div(100),
      vatRate: new D(vnVatOf(l.taxKind).rate),
      isText: false,
    })),
    false,
  );
  void credit;
  return lines.map((l, i) => {
    const vat = vnVatOf(l.taxKind);
    const item = l.itemIndex !== undefined ? c.items[l.itemIndex] : undefined;
    const amount = new D(calc.rows[i]!.amountNoVat);
    const gross = new D(l.quantity).mul(l.unitPrice).toDecimalPlaces(2);
    return {
      lineNumber: i + 1,
      ...(item ? { inventoryNumber: item.code } : {}),
      lineType: item ? 'GI' : 'GN',
      description: l.description,
      quantity: num(l.quantity, 4),
      unitPrice: num(new D(l.unitPrice).mul(rate), 4),
      unitPriceInCurrency: num(l.unitPrice, 4),
      manualAmount: 0,
      manualAmountInCurrency: 0,
      amount: num(amount.mul(rate)),
      amountInCurrency: num(amount),
      cost: 0,
      account: accountOf(vat),
      vatCode: { id: vat.id, description: vat.description },
      uom: item ? 'STK' : 'TIM',
      discountPercent: num(l.discountRate ?? '0'),
      discountAmount: num(gross.minus(amount).mul(rate)),
      discountAmountInCurrency: num(gross.minus(amount)),
      manualDiscount: l.discountRate !== undefined,
    };
  });
}

/** Header totals of an invoice from its lines (document currency → `…InCurrency`, base currency → plain). */
export function vnTotals(lines: Obj[], rate: Dec, sign = 1): Obj {
  const byVat = new Map<string, { rate: Dec; sum: Dec; id: string; description: string }>();
  let detail = new D(0);
  let discount = new D(0);
  for (const l of lines) {
    const a = new D(l.amountInCurrency as number);
    detail = detail.plus(a);
    discount = discount.plus(l.discountAmountInCurrency as number);
    const v = l.vatCode as { id: string; description: string };
    const code = VN_VAT_CODES.find((x) => x.id === v.id);
    const g = byVat.get(v.id) ?? {
      rate: new D(code?.rate ?? 0),
      sum: new D(0),
      id: v.id,
      description: v.description,
    };
    g.sum = g.sum.plus(a);
    byVat.set(v.id, g);
  }
  let vat = new D(0);
  let taxable = new D(0);
  let exempt = new D(0);
  const taxDetails: Obj[] = [];
  for (const g of byVat.values()) {
    const amount = g.sum.mul(g.rate).div(100).toDecimalPlaces(2);
    vat = vat.plus(amount);
    if (g.rate.isZero()) exempt = exempt.plus(g.sum);
    else taxable = taxable.plus(g.sum);
    taxDetails.push({
      taxId: g.id,
      vatId: { number: g.id, description: g.description },
      vatRate: num(g.rate),
      taxableAmount: num(g.sum),
      vatAmount: num(amount),
    });
  }
  const total = detail.plus(vat);
  const both = (name: string, v: Dec): Obj => ({
    [name]: num(v.mul(rate).mul(sign)),
    [`${name}InCurrency`]: num(v.mul(sign)),
  });
  return {
    ...both('detailTotal', detail),
    ...both('vatTaxableTotal', taxable),
    ...both('vatExemptTotal', exempt),
    ...both('vatTotal', vat),
    ...both('discountTotal', discount),
    ...both('amount', total),
    taxDetails,
  };
}

/** `vnTotals` of a neutral document's lines, in integer öre (the seeders' fast path; same results). */
function seededTotals(lines: NeutralLine[], rate: Dec) {
  const t = seedTotals(
    lines.map((l) => {
      const vat = vnVatOf(l.taxKind);
      return {
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        ...(l.discountRate ? { discountPercent: l.discountRate } : {}),
        vatRate: vat.rate,
        group: vat.id,
      };
    }),
    false,
  );
  let taxable = 0;
  let exempt = 0;
  const taxDetails = t.byRate.map((g) => {
    if (g.rate === 0) exempt += g.net;
    else taxable += g.net;
    const code = VN_VAT_CODES.find((v) => v.id === g.group) as VnVatCode;
    return {
      taxId: g.group,
      vatId: { number: g.group, description: code.description },
      vatRate: g.rate,
      taxableAmount: fromCents(g.net),
      vatAmount: fromCents(g.vat),
    };
  });
  const discount = t.gross.reduce((s, g, i) => s + g - (t.rows[i] as number), 0);
  const one = rate.eq(1);
  const b = (c: number): number => (one ? fromCents(c) : num(new D(c).div(100).mul(rate)));
  // A fixed-shape literal (computed keys would make a slow dictionary-mode object ×100,000).
  return {
    detailTotal: b(t.net),
    detailTotalInCurrency: fromCents(t.net),
    vatTaxableTotal: b(taxable),
    vatTaxableTotalInCurrency: fromCents(taxable),
    vatExemptTotal: b(exempt),
    vatExemptTotalInCurrency: fromCents(exempt),
    vatTotal: b(t.vat),
    vatTotalInCurrency: fromCents(t.vat),
    discountTotal: b(discount),
    discountTotalInCurrency: fromCents(discount),
    amount: b(t.total),
    amountInCurrency: fromCents(t.total),
    taxDetails,
  };
}

/** SEK per unit of a currency from the generator's "units per SEK" table, at 6 dp. */
function sekPer(rate: string): Dec {
  return rate === '1' ? new D(1) : new D(1).div(rate).toDecimalPlaces(6);
}

/** Options of the projection. */
export interface VnSeedOptions {
  tenantId: string;
  name: string;
  scale: number;
  /** Add the Visma-only customers and invoices (the main demo company). */
  withNewRecords: boolean;
}

/** The lines of seeded invoices, regenerated on demand (deterministic). */
export function vnSeedLines(c: NeutralCompany): (index: number, credit: boolean) => Obj[] {
  return (index, credit) => {
    const d = index >= c.documentCount ? vnNewDocument(c, index) : documentAt(c, index);
    const lines = credit ? (d.credit?.lines ?? d.lines) : d.lines;
    return vnInvoiceLines(c, lines, credit, sekPer(d.rate));
  };
}

/** An invoice that exists only in Visma.net (not synced to Xero yet). */
function vnNewDocument(c: NeutralCompany, index: number): NeutralDocument {
  const base = documentAt(c, index % Math.max(1, c.documentCount));
  const r = new Prng(mixSeed(c.seed ^ 0x7a3f, index));
  const date = addDays(c.anchorDate, -r.int(0, 20));
  return {
    ...base,
    index,
    kind: 'sale',
    reference: `PO-${r.int(20000, 29999)}`,
    date,
    dueDate: addDays(date, 30),
    currency: c.baseCurrency,
    rate: '1',
    status: 'approved',
    settlements: [],
    lines: base.lines.map((l) => ({
      ...l,
      taxKind: l.taxKind === 'reverse-charge-purchase' ? 'standard' : l.taxKind,
    })),
  };
}

/**
 * Projects the neutral company into a Visma.net company: customers (every tenth spelt differently from Xero, plus
 * Visma-only ones), inventory items with stock in two warehouses, customer invoices and credit notes numbered
 * as in Xero, a few Visma-only invoices, and sales orders (invoiced ones for recent invoices, open ones that
 * book stock).
 */
export function buildVnCompany(c: NeutralCompany, opts: VnSeedOptions): VnCompanyState {
  const r = new Prng(mixSeed(c.seed, 0x7e70 + (opts.withNewRecords ? 0 : 1)));
  const anchor = Date.parse(`${c.anchorDate}T00:00:00Z`);
  const start = anchor - 600 * DAY;
  let stamp = start;
  const tick = (at: number): number => (stamp = Math.max(stamp + 1, at));
  let addressId = 1000;
  let internalId = 100;

  const warehouses: Obj[] = [
    ['MAIN', 'Huvudlager Stockholm'],
    ['WEST', 'Lager Göteborg'],
  ].map(([warehouseID, description]) => ({
    warehouseID,
    active: true,
    description,
    locationEntry: 'Validate',
    timestamp: 'AAAAAAAAB9E=',
  }));

  const customers: Obj[] = [];
  const customerOf = new Map<number, Obj>();
  const customerByNumber = new Map<string, Obj>();
  const address = (p: NeutralParty): Obj => ({
    addressId: ++addressId,
    addressLine1: p.address.line1,
    postalCode: p.address.postalCode,
    city: p.address.city,
    country: { id: p.address.country, name: countryName(p.address.country) },
  });
  const contact = (p: NeutralParty, name: string): Obj => ({
    contactId: addressId,
    name,
    attention: `${p.firstName} ${p.lastName}`,
    email: p.email,
    phone1: p.phone,
  });
  const addCustomer = (p: NeutralParty): Obj => {
    const name = vismaName(p);
    const domestic = p.address.country === 'SE';
    const terms =
      CREDIT_TERMS.find((t) => t.days === p.paymentTermsDays) ?? (CREDIT_TERMS[3] as VnCreditTerm);
    const created = tick(start + p.index * 60_000);
    const cust: Obj = {
      internalId: ++internalId,
      number: p.number.slice(1),
      name,
      status: p.archived ? 'Inactive' : 'Active',
      mainAddress: address(p),
      mainContact: contact(p, name),
      customerClass: domestic
        ? { id: 'DOM', description: 'Inrikes kunder' }
        : { id: 'EXP', description: 'Utländska kunder' },
      creditTerms: { id: terms.id, description: terms.description },
      currencyId: p.currency,
      creditVerification: 'Disabled',
      creditLimit: 0,
      creditDaysPastDue: 0,
      invoiceAddress: address(p),
      invoiceContact: contact(p, name),
      printInvoices: false,
      acceptAutoInvoices: false,
      sendInvoicesByEmail: true,
      sendDunningLettersViaEMail: false,
      printDunningLetters: true,
      printStatements: false,
      sendStatementsByEmail: false,
      printMultiCurrencyStatements: false,
      statementType: 'OpenItem',
      deliveryAddress: address(p),
      deliveryContact: contact(p, name),
      vatRegistrationId: p.vatNumber,
      corporateId: p.orgNumber,
      vatZone: domestic
        ? { id: '01', description: 'Inrikes', defaultVatCategory: 'MP1' }
        : { id: '02', description: 'Utrikes', defaultVatCategory: 'EXP' },
      location: { countryId: p.address.country, id: 'MAIN', name: 'Primary Location' },
      attributes: [],
      lastModifiedDateTime: vnDateTime(created),
      createdDateTime: vnDateTime(created),
      directDebitLines: [],
      invoiceToDefaultLocation: true,
      paymentMethods: [],
      excludeDebtCollection: false,
    };
    customers.push(cust);
    customerOf.set(p.index, cust);
    customerByNumber.set(String(cust.number), cust);
    return cust;
  };
  for (const p of c.parties) if (p.isCustomer) addCustomer(p);
  const extraParties = opts.withNewRecords ? newParties(c, opts.scale) : [];
  for (const p of extraParties) addCustomer(p);

  const inventory: Obj[] = c.items.map((it, i) => {
    const service = it.name.startsWith('Konsult') || it.name.startsWith('Support');
    const vat = vnVatOf(it.taxKind);
    const changed = vnDateTime(tick(start + DAY + i));
    const main = service ? 0 : r.int(0, 400);
    const west = service ? 0 : r.int(0, 80);
    return {
      inventoryId: 5000 + i,
      inventoryNumber: it.code,
      status: it.sold ? 'Active' : 'NoSales',
      type: service ? 'ServiceItem' : 'FinishedGoodItem',
      description: it.name,
      body: it.description,
      itemClass: service
        ? { type: 'ServiceItem', id: 'TJ', description: 'Tjänster' }
        : { type: 'FinishedGoodItem', id: 'VAROR', description: 'Varor' },
      postingClass: { id: 'STD', description: 'Standard' },
      vatCode: { id: vat.id, description: vat.description },
      defaultPrice: num(it.salesPrice, 4),
      pendingCost: 0,
      currentCost: num(it.purchasePrice, 4),
      lastCost: num(it.purchasePrice, 4),
      lastModifiedDateTime: changed,
      baseUnit: service ? 'TIM' : 'STK',
      salesUnit: service ? 'TIM' : 'STK',
      purchaseUnit: service ? 'TIM' : 'STK',
      stockItem: !service,
      kitItem: false,
      warehouseDetails: service
        ? []
        : [
            {
              isDefault: true,
              warehouse: 'MAIN',
              quantityOnHand: main,
              available: main,
              availableForShipment: main,
              lastModifiedDateTime: changed,
            },
            {
              isDefault: false,
              warehouse: 'WEST',
              quantityOnHand: west,
              available: west,
              availableForShipment: west,
              lastModifiedDateTime: changed,
            },
          ],
      defaultWarehouse: service ? undefined : { id: 'MAIN', description: 'Huvudlager Stockholm' },
      recommendedPrice: num(it.salesPrice, 4),
      attributes: [],
    };
  });
  for (const it of inventory) if (it.defaultWarehouse === undefined) delete it.defaultWarehouse;

  const invoices: Obj[] = [];
  const seedLines: [string, number, boolean][] = [];
  const salesOrders: Obj[] = [];
  let saleNo = 0;
  let creditNo = 0;
  let orderNo = 0;
  const today = c.anchorDate;
  const credits: { d: NeutralDocument; original: Obj }[] = [];

  // One invoice-address object per customer, shared by its seeded invoices (they never change it in place).
  const addresses = new Map<Obj, Obj>();
  const invoiceAddressOf = (cust: Obj): Obj => {
    let a = addresses.get(cust);
    if (!a) addresses.set(cust, (a = { ...(cust.invoiceAddress as Obj), overrideAddress: false }));
    return a;
  };
  const makeInvoice = (d: NeutralDocument, ref: string, credit: boolean): Obj => {
    const party = (
      d.partyIndex < c.parties.length
        ? c.parties[d.partyIndex]
        : extraParties[d.partyIndex - c.parties.length]
    ) as NeutralParty;
    const cust = customerOf.get(party.index) ?? addCustomer(party);
    const rate = sekPer(d.rate);
    const date = credit ? (d.credit?.date ?? d.date) : d.date;
    const created = tick(Date.parse(`${date}T00:00:00Z`) + HOURS_18);
    const totals = seededTotals(credit ? (d.credit?.lines ?? d.lines) : d.lines, rate);
    const hold = d.status === 'draft';
    const terms = cust.creditTerms as Obj;
    const inv: Obj = {
      documentType: credit ? 'CreditNote' : 'Invoice',
      referenceNumber: ref,
      status: hold
        ? 'Hold'
        : d.status === 'submitted'
          ? 'Balanced'
          : d.status === 'voided'
            ? 'Voided'
            : 'Open',
      hold,
      customer: { number: cust.number, name: cust.name },
      documentDate: vnDate(date),
      documentDueDate: vnDate(credit ? date : d.dueDate),
      origInvoiceDate: vnDate(date),
      postPeriod: `${date.slice(0, 4)}${date.slice(5, 7)}`,
      financialPeriod: `${date.slice(0, 4)}${date.slice(5, 7)}`,
      currencyId: d.currency,
      exchangeRate: num(rate, 6),
      detailTotal: totals.detailTotal,
      detailTotalInCurrency: totals.detailTotalInCurrency,
      vatTaxableTotal: totals.vatTaxableTotal,
      vatTaxableTotalInCurrency: totals.vatTaxableTotalInCurrency,
      vatExemptTotal: totals.vatExemptTotal,
      vatExemptTotalInCurrency: totals.vatExemptTotalInCurrency,
      vatTotal: totals.vatTotal,
      vatTotalInCurrency: totals.vatTotalInCurrency,
      discountTotal: totals.discountTotal,
      discountTotalInCurrency: totals.discountTotalInCurrency,
      amount: totals.amount,
      amountInCurrency: totals.amountInCurrency,
      taxDetails: totals.taxDetails,
      balance: totals.amount,
      balanceInCurrency: totals.amountInCurrency,
      cashDiscount: 0,
      cashDiscountInCurrency: 0,
      roundingDiff: 0,
      creditTerms: { id: terms.id, description: terms.description },
      paymentReference: ref,
      customerRefNumber: d.reference,
      externalReference: d.reference,
      invoiceText: credit ? `Kredit ${d.reference}` : `Faktura ${d.reference}`,
      invoiceAddress: invoiceAddressOf(cust),
      applications: [],
      dontPrint: true,
      dontEmail: false,
      lastModifiedDateTime: vnDateTime(created),
      createdDateTime: vnDateTime(created),
    };
    invoices.push(inv);
    seedLines.push([ref, d.index, credit]);
    return inv;
  };
  // Seeding works in integer öre (100,000 invoices); amounts are stored as the JSON numbers the API returns.
  const cents = (v: unknown): number => Math.round((v as number) * 100);
  const apply = (inv: Obj, amount: number, date: string): void => {
    const left = cents(inv.balanceInCurrency) - amount;
    inv.balanceInCurrency = fromCents(left);
    inv.balance =
      inv.exchangeRate === 1 ? fromCents(left) : num(new D(left).div(100).mul(inv.exchangeRate as number));
    if (left === 0) inv.status = 'Closed';
    inv.lastModifiedDateTime = vnDateTime(tick(Date.parse(`${date}T00:00:00Z`) + HOURS_18));
  };

  // Customer payments of the settlements: one released payment per settlement, applied to its invoice (an
  // overpayment keeps the excess as its available balance). `paymentRef` is the Xero payment's Reference
  // (`Payment INV-nnnn`, xero-seed.ts), so a payment flow meets the ones already there.
  const payments: Obj[] = [];
  let paymentNo = 500000;
  const locations = new Map<Obj, Obj>();
  const cashAccounts = new Map<string, string>();
  const cashAccountOf = (currency: string): string => {
    let a = cashAccounts.get(currency);
    if (a === undefined) cashAccounts.set(currency, (a = vnCashAccountFor(currency)));
    return a;
  };
  const pay = (inv: Obj, amount: number, excess: number, date: string, k: number): void => {
    const cust = customerByNumber.get(String((inv.customer as Obj).number)) as Obj;
    let location = locations.get(cust);
    if (!location) locations.set(cust, (location = { ...(cust.location as Obj) }));
    const rate = inv.exchangeRate as number;
    const base = (c: number): number => (rate === 1 ? fromCents(c) : num(new D(c).div(100).mul(rate)));
    const currency = String(inv.currencyId);
    const refNbr = String(++paymentNo);
    const period = `${date.slice(0, 4)}${date.slice(5, 7)}`;
    const docDate = String(inv.documentDate);
    const applicationDate = vnDate(date);
    const paymentRef = `Payment ${xeroInvoiceNumber(k)}`;
    const amountPaid = fromCents(amount);
    payments.push({
      type: 'Payment',
      refNbr,
      status: excess > 0 ? 'Open' : 'Closed',
      hold: false,
      applicationDate,
      applicationPeriod: period,
      paymentRef,
      customer: inv.customer,
      location,
      paymentMethod: currency === c.baseCurrency ? PAYMENT_METHODS.domestic : PAYMENT_METHODS.foreign,
      cashAccount: cashAccountOf(currency),
      currency,
      paymentAmount: fromCents(amount + excess),
      invoiceText: `Betalning faktura ${String(inv.referenceNumber)}`,
      appliedToDocuments: amountPaid,
      appliedToOrders: 0,
      availableBalance: fromCents(excess),
      writeOffAmount: 0,
      financeCharges: 0,
      deductedCharges: 0,
      lastModifiedDateTime: inv.lastModifiedDateTime,
      paymentLines: [
        {
          documentType: 'Invoice',
          refNbr: inv.referenceNumber,
          amountPaid,
          cashDiscountTaken: 0,
          balanceWriteOff: 0,
          date: docDate,
          dueDate: inv.documentDueDate,
          balance: inv.balanceInCurrency,
          cashDiscountBalance: 0,
          description: inv.invoiceText,
          currency,
          postPeriod: `${docDate.slice(5, 7)}${docDate.slice(0, 4)}`,
          customerOrder: inv.customerRefNumber,
          crossRate: 1,
        },
      ],
      ordersToApply: [],
      financialDetails: { paymentDate: applicationDate },
      paymentAmountInCurrency: base(amount + excess),
      availableBalanceInCurrency: base(excess),
    });
    (inv.applications as Obj[]).push({
      docType: 'Payment',
      customerCD: (inv.customer as Obj).number,
      refNbr,
      amountPaid,
      released: true,
      hold: false,
      voided: false,
      paymentRef,
      applicationDate,
      applicationPeriod: period,
    });
  };

  for (let i = 0; i < c.documentCount; i++) {
    const d = documentAt(c, i);
    if (d.kind !== 'sale') continue;
    const k = ++saleNo;
    if (d.status === 'deleted') continue;
    const inv = makeInvoice(d, vnInvoiceRef(k), false);
    if (d.status !== 'approved') {
      if (d.status === 'voided') inv.balance = inv.balanceInCurrency = 0;
      continue;
    }
    if (d.credit) credits.push({ d, original: inv });
    const total = cents(inv.amountInCurrency);
    for (const s of d.settlements) {
      const left = cents(inv.balanceInCurrency);
      if (left <= 0 || s.date > today) break;
      const pct = Math.round(Number(s.share) * 100);
      const amount =
        s.share === 'rest' || s.share === 'over'
          ? left
          : Math.min(left, Math.floor((total * pct * 2 + 100) / 200));
      if (amount > 0) {
        apply(inv, amount, s.date);
        const excess = s.share === 'over' && s.excess ? Math.round(Number(s.excess) * 100) : 0;
        pay(inv, amount, excess, s.date, k);
      }
    }
    // Recent invoices came from sales orders (invoiced orders that reference them).
    const lines = d.lines.filter((l) => l.itemIndex !== undefined);
    if (i % 5 === 0 && d.date >= addDays(c.anchorDate, -120) && lines.length) {
      salesOrders.push(
        salesOrder(
          c,
          ++orderNo,
          d,
          lines,
          customerOf.get(d.partyIndex) as Obj,
          inv.referenceNumber as string,
          tick,
        ),
      );
    }
  }
  for (const { d, original } of credits) {
    const cn = makeInvoice(d, String(900000 + ++creditNo), true);
    const applied = Math.min(cents(original.balanceInCurrency), cents(cn.amountInCurrency));
    if (d.credit?.allocate === 'full' && applied > 0) {
      apply(original, applied, d.credit.date);
      apply(cn, applied, d.credit.date);
      (original.applications as Obj[]).push({
        docType: 'CreditNote',
        refNbr: cn.referenceNumber,
        amountPaid: fromCents(applied),
      });
    }
  }
  let number = saleNo;
  if (opts.withNewRecords) {
    for (let j = 0; j < newInvoiceCount(opts.scale); j++) {
      const d = vnNewDocument(c, c.documentCount + j);
      const pIndex =
        j % 2 === 0 && extraParties.length
          ? (extraParties[j % extraParties.length] as NeutralParty).index
          : d.partyIndex;
      makeInvoice({ ...d, partyIndex: pIndex }, vnInvoiceRef(++number), false);
    }
  }
  // Open orders that book stock (visible in /v1/inventorysummary as soBooked).
  const openOrders = Math.max(5, Math.round(10 * Math.min(opts.scale, 10)));
  for (let j = 0, made = 0; made < openOrders && j < openOrders * 6; j++) {
    const d = documentAt(c, (j * 7 + 3) % Math.max(1, c.documentCount));
    const lines = d.lines.filter(
      (l) => l.itemIndex !== undefined && inventory[l.itemIndex]?.stockItem === true,
    );
    const cust = customerOf.get(d.partyIndex);
    if (d.kind !== 'sale' || !lines.length || !cust) continue;
    made++;
    const date = addDays(c.anchorDate, -(j % 10));
    salesOrders.push(
      salesOrder(c, ++orderNo, { ...d, date, dueDate: addDays(date, 30) }, lines, cust, undefined, tick),
    );
  }
  return {
    tenantId: opts.tenantId,
    name: opts.name,
    baseCurrency: c.baseCurrency,
    customers,
    inventory,
    warehouses,
    creditTerms: CREDIT_TERMS,
    vatCodes: VN_VAT_CODES,
    vats: vnVats(VN_VAT_CODES, vnDateTime(start)),
    vatCategories: vnVatCategories(VN_VAT_CODES, vnDateTime(start)),
    accounts: vnAccounts(vnDateTime(start)),
    payments,
    invoices,
    salesOrders,
    seedLines,
    counters: {
      customerInternalId: internalId,
      customerNumber: 90000 + extraParties.length,
      inventoryId: 5000 + inventory.length,
      invoiceNumber: number,
      creditNoteNumber: 900000 + creditNo,
      orderNumber: orderNo,
      addressId,
      paymentNumber: paymentNo,
      accountId: 100 + vnAccounts('').length,
    },
    lastStamp: stamp,
  };

  function salesOrder(
    co: NeutralCompany,
    no: number,
    d: NeutralDocument,
    lines: NeutralLine[],
    cust: Obj,
    invoiceRef: string | undefined,
    tk: (at: number) => number,
  ): Obj {
    const created = tk(Date.parse(`${d.date}T00:00:00Z`) + 9 * 3_600_000);
    const soLines = lines.map((l, n) => {
      const item = co.items[l.itemIndex as number]!;
      return soLine(
        n + 1,
        item.code,
        item.name,
        l.quantity,
        l.unitPrice,
        l.discountRate ?? '0',
        vnVatOf(l.taxKind),
        invoiceRef !== undefined,
      );
    });
    return {
      orderType: 'SO',
      orderNo: String(no).padStart(6, '0'),
      status: invoiceRef ? 'Invoiced' : 'Open',
      hold: false,
      date: vnDate(d.date),
      requestOn: vnDate(addDays(d.date, 7)),
      customerOrder: d.reference,
      customerRefNo: d.reference,
      customer: { internalId: cust.internalId, number: cust.number, name: cust.name },
      location: { countryId: (cust.location as Obj).countryId, id: 'MAIN', name: 'Primary Location' },
      currency: co.baseCurrency,
      description: `Order ${d.reference}`,
      ...soTotals(soLines),
      exchangeRate: 1,
      terms: cust.creditTerms,
      ...(invoiceRef ? { invoiceNbr: invoiceRef, invoiceDate: vnDate(d.date) } : {}),
      preferredWarehouse: { id: 'MAIN', description: 'Huvudlager Stockholm' },
      lines: soLines,
      shipments: [],
      lastModifiedDateTime: vnDateTime(created),
    };
  }
}

/** A sales order line (SalesOrderLineDto) with its computed amounts. */
export function soLine(
  lineNbr: number,
  inventoryNumber: string,
  description: string,
  quantity: string | number,
  unitPrice: string | number,
  discountPercent: string | number,
  vat: VnVatCode,
  completed: boolean,
  warehouse = 'MAIN',
): Obj {
  const gross = new D(quantity).mul(unitPrice).toDecimalPlaces(2);
  const ext = gross.mul(new D(100).minus(discountPercent)).div(100).toDecimalPlaces(2);
  return {
    lineNbr,
    sortOrder: lineNbr,
    inventory: { number: inventoryNumber, description },
    warehouse: {
      id: warehouse,
      description: warehouse === 'MAIN' ? 'Huvudlager Stockholm' : 'Lager Göteborg',
    },
    uom: 'STK',
    quantity: num(quantity, 4),
    qtyOnShipments: 0,
    openQty: completed ? 0 : num(quantity, 4),
    unitCost: 0,
    unitPrice: num(unitPrice, 4),
    unitPriceInBaseCurrency: num(unitPrice, 4),
    discountPercent: num(discountPercent),
    discountAmount: num(gross.minus(ext)),
    manualDiscount: false,
    discUnitPrice: num(new D(unitPrice).mul(new D(100).minus(discountPercent)).div(100), 4),
    extPrice: num(ext),
    unbilledAmount: completed ? 0 : num(ext),
    lineDescription: description,
    taxCategory: vat.id,
    completed,
  };
}

/** Header totals of a sales order from its lines (VAT per category on the summed amounts). */
export function soTotals(lines: Obj[]): Obj {
  const byVat = new Map<string, Dec>();
  let total = new D(0);
  let discount = new D(0);
  for (const l of lines) {
    const ext = new D(l.extPrice as number);
    total = total.plus(ext);
    discount = discount.plus(l.discountAmount as number);
    const id = String(l.taxCategory);
    byVat.set(id, (byVat.get(id) ?? new D(0)).plus(ext));
  }
  let tax = new D(0);
  let taxable = new D(0);
  let exempt = new D(0);
  for (const [id, sum] of byVat) {
    const rate = VN_VAT_CODES.find((v) => v.id === id)?.rate ?? 0;
    tax = tax.plus(sum.mul(rate).div(100).toDecimalPlaces(2));
    if (rate === 0) exempt = exempt.plus(sum);
    else taxable = taxable.plus(sum);
  }
  const orderTotal = total.plus(tax);
  return {
    orderTotal: num(orderTotal),
    orderTotalInBaseCurrency: num(orderTotal),
    vatTaxableTotal: num(taxable),
    vatTaxableTotalInBaseCurrency: num(taxable),
    vatExemptTotal: num(exempt),
    vatExemptTotalInBaseCurrency: num(exempt),
    taxTotal: num(tax),
    taxTotalInBaseCurrency: num(tax),
    discountTotal: num(discount),
    discountTotalInBaseCurrency: num(discount),
  };
}
