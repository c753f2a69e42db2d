import { Prng } from '../kit/prng';
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
import { newInvoiceCount, newParties, vismaName } from '../seed/sync-overlaps';
import {
  ACCOUNT_FIELDS,
  ARTICLE_FIELDS,
  ARTICLEACCOUNTCODING_FIELDS,
  BANKACCOUNT_FIELDS,
  CUSTOMER_FIELDS,
  CUSTOMERINVOICEDRAFT_FIELDS,
  CUSTOMERINVOICEDRAFTROW_FIELDS,
  CUSTOMERINVOICEROW_FIELDS,
  CUSTOMERLEDGERITEM_FIELDS,
  FISCALYEAR_FIELDS,
  TERMSOFPAYMENT_FIELDS,
  template,
  UNIT_FIELDS,
  VATCODE_FIELDS,
} from './vea-fields';
import { computeDocument, D, fromCents, num, seedTotals, type RowInput } from '../kit/vat-per-rate';

/** A record as the API returns it (PascalCase properties). */
export type Obj = Record<string, unknown>;

/** The serializable state of the eAccounting demo company. */
export interface VeaCompanyState {
  companyId: string;
  name: string;
  currency: string;
  customers: Obj[];
  articles: Obj[];
  units: Obj[];
  codings: Obj[];
  vatCodes: Obj[];
  terms: Obj[];
  bankAccounts: Obj[];
  fiscalYears: Obj[];
  accounts: Obj[];
  drafts: Obj[];
  /** Customer invoices; seeded ones may lack `Rows` (regenerated from the seed, see `seedRows`). */
  invoices: Obj[];
  ledgerItems: Obj[];
  /** Manual/SIE voucher ids that customer ledger items may reference (visma-notes.md §1.9). */
  vouchers: string[];
  /** Invoice id → [document index, is the credit invoice] for rows regenerated on read. */
  seedRows: [string, number, boolean][];
  counters: { customerNumber: number; invoiceNumber: number; voucherNumber: number };
  lastStamp: number;
}

/** A VAT code of the demo company, with the Xero tax type it corresponds to (null: none in Xero). */
export interface VeaVatCodeDef {
  code: string;
  description: string;
  rate: number;
  accounts: [number | null, number | null, number | null];
  xeroTaxType: string | null;
}

/**
 * The demo company's VAT codes (Swedish style, invented descriptions). The last three have no counterpart among
 * the Xero organisation's tax rates, on purpose (docs/sandbox.md, "Overlaps").
 */
export const VEA_VAT_CODES: VeaVatCodeDef[] = [
  {
    code: '10',
    description: 'Utgående moms försäljning 25 %',
    rate: 25,
    accounts: [2611, 3001, null],
    xeroTaxType: 'OUTPUT',
  },
  {
    code: '11',
    description: 'Utgående moms försäljning 12 %',
    rate: 12,
    accounts: [2621, 3002, null],
    xeroTaxType: 'TAX001',
  },
  {
    code: '12',
    description: 'Utgående moms försäljning 6 %',
    rate: 6,
    accounts: [2631, 3003, null],
    xeroTaxType: 'TAX003',
  },
  {
    code: '36',
    description: 'Export av varor utanför EU',
    rate: 0,
    accounts: [3105, null, null],
    xeroTaxType: 'ZERORATEDOUTPUT',
  },
  {
    code: '39',
    description: 'Försäljning av tjänster till EU',
    rate: 0,
    accounts: [3308, null, null],
    xeroTaxType: 'ECOUTPUTSERVICES',
  },
  {
    code: '42',
    description: 'Momsfri försäljning',
    rate: 0,
    accounts: [3004, null, null],
    xeroTaxType: 'EXEMPTOUTPUT',
  },
  {
    code: '48',
    description: 'Ingående moms 25 %',
    rate: 25,
    accounts: [2641, null, null],
    xeroTaxType: 'INPUT',
  },
  {
    code: '21',
    description: 'Inköp av tjänster från EU, omvänd skattskyldighet',
    rate: 25,
    accounts: [2614, 2645, 4535],
    xeroTaxType: 'TAX005',
  },
  {
    code: '41',
    description: 'Försäljning byggtjänster, omvänd skattskyldighet',
    rate: 0,
    accounts: [3231, null, null],
    xeroTaxType: null,
  },
  {
    code: '50',
    description: 'Import av varor, beskattningsunderlag',
    rate: 25,
    accounts: [2615, 2645, 4545],
    xeroTaxType: null,
  },
  {
    code: '35',
    description: 'Försäljning av varor till EU, trepartshandel',
    rate: 0,
    accounts: [3108, null, null],
    xeroTaxType: null,
  },
];

const CHART: [string, string, string | null][] = [
  ['1510', 'Kundfordringar', null],
  ['1930', 'Företagskonto', null],
  ['1931', 'Valutakonto EUR', null],
  ['2440', 'Leverantörsskulder', null],
  ['2611', 'Utgående moms på försäljning inom Sverige, 25 %', null],
  ['2621', 'Utgående moms på försäljning inom Sverige, 12 %', null],
  ['2631', 'Utgående moms på försäljning inom Sverige, 6 %', null],
  ['2641', 'Debiterad ingående moms', null],
  ['3001', 'Försäljning inom Sverige, 25 % moms', '10'],
  ['3002', 'Försäljning inom Sverige, 12 % moms', '11'],
  ['3003', 'Försäljning inom Sverige, 6 % moms', '12'],
  ['3004', 'Försäljning inom Sverige, momsfri', '42'],
  ['3105', 'Försäljning varor till land utanför EU', '36'],
  ['3308', 'Försäljning tjänster till land inom EU', '39'],
  ['3740', 'Öres- och kronutjämning', null],
  ['4010', 'Inköp material och varor', '48'],
  ['6570', 'Bankkostnader', null],
];

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();
/** A calendar date as eAccounting writes date-only values (`2026-03-01T00:00:00`). */
export const dateTime = (isoDate: string): string => `${isoDate.slice(0, 10)}T00:00:00`;

/** The VAT percent of a neutral tax kind on a sales row (0 for the VAT-free kinds). */
function rateOfKind(kind: TaxKind): number {
  return kind === 'standard' ? 25 : kind === 'reduced' ? 12 : kind === 'low' ? 6 : 0;
}

/** SEK per unit of a currency from the generator's "units per SEK" table, at 6 dp. */
function sekPer(rate: string): number {
  return rate === '1' ? 1 : num(new D(1).div(rate), 6);
}

interface SeedContext {
  c: NeutralCompany;
  articleByIndex: Obj[];
  /** Generic service articles per VAT rate (rows without an item in the neutral company). */
  serviceArticle: Map<number, Obj>;
  unitById: Map<string, Obj>;
}

/** The rows of a neutral document as eAccounting CustomerInvoiceRowApi objects (deterministic ids). */
function invoiceRows(
  ctx: SeedContext,
  lines: NeutralLine[],
  stream: number,
  credit: boolean,
  includesVat: boolean,
): Obj[] {
  const ids = new Prng(mixSeed(ctx.c.seed ^ 0xea17, stream));
  const sign = credit ? -1 : 1;
  const inputs: RowInput[] = lines.map((l) => ({
    quantity: new D(l.quantity).mul(sign),
    unitPrice: new D(l.unitPrice),
    discount: new D(l.discountRate ?? '0').div(100),
    vatRate: new D(rateOfKind(l.taxKind)),
    isText: false,
  }));
  const calc = computeDocument(inputs, includesVat);
  const rowTemplate = template(CUSTOMERINVOICEROW_FIELDS);
  return lines.map((l, i) => {
    const rate = rateOfKind(l.taxKind);
    const art =
      l.itemIndex !== undefined
        ? (ctx.articleByIndex[l.itemIndex] as Obj)
        : (ctx.serviceArticle.get(rate) ?? ctx.serviceArticle.get(25)!);
    const unit = ctx.unitById.get(String(art.UnitId));
    const amounts = calc.rows[i]!;
    return {
      ...rowTemplate,
      Id: ids.uuid(),
      ArticleNumber: art.Number,
      ArticleId: art.Id,
      IsServiceArticle: art.IsServiceArticle,
      AmountNoVat: amounts.amountNoVat,
      PercentVat: rate / 100,
      VatRate: rate,
      LineNumber: i,
      Text: l.description,
      UnitPrice: num(l.unitPrice, 4),
      UnitAbbreviation: unit?.Abbreviation ?? null,
      UnitAbbreviationEnglish: unit?.AbbreviationEnglish ?? null,
      DiscountPercentage: num(new D(l.discountRate ?? '0').div(100), 4),
      Quantity: num(new D(l.quantity).mul(sign), 2),
      IsVatFree: rate === 0,
      UnitId: art.UnitId,
      PurchasePrice: art.PurchasePrice,
      ContributionMargin: { Amount: null, Percentage: null },
      Amount: amounts.amount,
    };
  });
}

/**
 * Regenerates the rows of seeded invoices on demand (they are not stored, which keeps a 100,000-invoice company
 * small); the same document and stream give the same rows and ids on every read.
 */
export function veaSeedRows(
  c: NeutralCompany,
  state: VeaCompanyState,
): (index: number, credit: boolean) => Obj[] {
  const ctx = seedContext(c, state.articles, state.units);
  return (index, credit) => {
    const d = index >= c.documentCount ? newDocument(c, index) : documentAt(c, index);
    const lines = credit && d.credit ? d.credit.lines : d.lines;
    return invoiceRows(ctx, lines, index * 2 + (credit ? 1 : 0), credit, d.pricesIncludeTax);
  };
}

function seedContext(c: NeutralCompany, articles: Obj[], units: Obj[]): SeedContext {
  const articleByIndex = c.items.map((it) => articles.find((a) => a.Number === it.code) as Obj);
  const serviceArticle = new Map<number, Obj>();
  for (const [rate, no] of [
    [25, 'TJ25'],
    [12, 'TJ12'],
    [6, 'TJ06'],
    [0, 'TJ00'],
  ] as const) {
    const a = articles.find((x) => x.Number === no);
    if (a) serviceArticle.set(rate, a);
  }
  return { c, articleByIndex, serviceArticle, unitById: new Map(units.map((u) => [String(u.Id), u])) };
}

/** An invoice that exists only in eAccounting (not synced to Xero yet), by index after the neutral documents. */
function newDocument(c: NeutralCompany, index: number): NeutralDocument {
  const base = documentAt(c, index % Math.max(1, c.documentCount));
  const r = new Prng(mixSeed(c.seed ^ 0x4e3f, index));
  const date = addDays(c.anchorDate, -r.int(0, 20));
  return {
    ...base,
    index,
    kind: 'sale',
    reference: `PO-${r.int(10000, 19999)}`,
    date,
    dueDate: addDays(date, 30),
    currency: c.baseCurrency,
    rate: '1',
    pricesIncludeTax: false,
    status: 'approved',
    settlements: [],
    scenario: 'plain',
    lines: base.lines.map((l) => ({
      ...l,
      taxKind: l.taxKind === 'reverse-charge-purchase' ? 'standard' : l.taxKind,
    })),
  };
}

/** Options of the eAccounting projection. */
export interface VeaSeedOptions {
  companyId: string;
  scale: number;
}

/**
 * Projects the neutral company into an eAccounting company: reference data (VAT codes, terms of payment, units,
 * article account codings, bank accounts, fiscal years with a chart of accounts each), customers (every tenth
 * spelt differently from Xero, plus a few that Xero lacks), articles, invoice drafts (the neutral drafts),
 * customer invoices with payments and credit invoices (numbered as in Xero), a few invoices Xero lacks, and the
 * customer ledger items of the open invoices.
 */
export function buildVeaCompany(c: NeutralCompany, opts: VeaSeedOptions): VeaCompanyState {
  const r = new Prng(mixSeed(c.seed, 0xea01));
  const anchor = Date.parse(`${c.anchorDate}T00:00:00Z`);
  const start = anchor - 600 * DAY;
  let stamp = start;
  const tick = (at: number): number => (stamp = Math.max(stamp + 1, at));

  const units: Obj[] = [
    ['Styck', 'st', 'st', 'pcs'],
    ['Timme', 'h', 'tim', 'h'],
    ['Kilogram', 'kg', 'kg', 'kg'],
  ].map(([Name, Code, Abbreviation, AbbreviationEnglish]) => ({
    ...template(UNIT_FIELDS),
    Id: r.uuid(),
    Name,
    Code,
    Abbreviation,
    AbbreviationEnglish,
  }));
  const [pcs, hour] = units as [Obj, Obj];

  const codings: Obj[] = [
    ['Varor 25 %', 'Goods 25 %', 'Goods', '25', 25, 3001],
    ['Varor 12 %', 'Goods 12 %', 'Goods', '12', 12, 3002],
    ['Varor 6 %', 'Goods 6 %', 'Goods', '6', 6, 3003],
    ['Tjänster 25 %', 'Services 25 %', 'Service', '25', 25, 3001],
    ['Momsfri försäljning', 'VAT exempt sales', 'Goods', '0', 0, 3004],
  ].map(([Name, NameEnglish, Type, VatRate, pct, acc]) => ({
    ...template(ARTICLEACCOUNTCODING_FIELDS),
    Id: r.uuid(),
    Name,
    NameEnglish,
    Type,
    VatRate,
    IsActive: true,
    VatRatePercent: (pct as number) / 100,
    DomesticSalesSubjectToVatAccountNumber: acc,
    DomesticSalesVatExemptAccountNumber: 3004,
    ForeignSalesVatExemptOutsideEuAccountNumber: 3105,
    ForeignSalesSubjectToVatWithinEuAccountNumber: 3308,
    ChangedUtc: iso(start),
  }));
  const codingFor = (rate: number, service: boolean): Obj =>
    (service && rate === 25
      ? codings[3]
      : rate === 12
        ? codings[1]
        : rate === 6
          ? codings[2]
          : rate === 0
            ? codings[4]
            : codings[0]) as Obj;

  const vatCodes: Obj[] = VEA_VAT_CODES.map((v) => ({
    ...template(VATCODE_FIELDS),
    Id: r.uuid(),
    Code: v.code,
    Description: v.description,
    VatRate: v.rate,
    OssCodeType: 0,
    RelatedAccounts: {
      AccountNumber1: v.accounts[0],
      AccountNumber2: v.accounts[1],
      AccountNumber3: v.accounts[2],
    },
  }));
  const vatByCode = new Map(vatCodes.map((v) => [String(v.Code), v]));

  const terms: Obj[] = [
    ['10 dagar', '10 days', 10, 0],
    ['14 dagar', '14 days', 14, 0],
    ['20 dagar', '20 days', 20, 0],
    ['30 dagar', '30 days', 30, 0],
    ['Kontant', 'Cash', 0, 2],
  ].map(([Name, NameEnglish, days, type]) => ({
    ...template(TERMSOFPAYMENT_FIELDS),
    Id: r.uuid(),
    Name,
    NameEnglish,
    NumberOfDays: days,
    TermsOfPaymentTypeId: type,
    TermsOfPaymentTypeText: type === 2 ? 'Cash' : 'Normal',
    AvailableForSales: true,
    AvailableForPurchase: true,
  }));
  const termsFor = (days: number): Obj =>
    terms.find((t) => t.NumberOfDays === days && t.TermsOfPaymentTypeId === 0) ?? (terms[3] as Obj);

  const bankAccounts: Obj[] = [
    ['Företagskonto', 1930, 'SEK', '5000-1234567'],
    ['Valutakonto EUR', 1931, 'EUR', 'SE4550000000058398257466'],
  ].map(([Name, ledger, cur, bban]) => ({
    ...template(BANKACCOUNT_FIELDS),
    Id: r.uuid(),
    BankAccountType: 1,
    BankAccountTypeDescription: 'Checking account',
    Bban: bban,
    Name,
    IsActive: true,
    LedgerAccountNumber: ledger,
    IsDefaultChequeAccount: ledger === 1930,
    CurrencyCode: cur,
    ModifiedUtc: iso(start),
    Balance: { Balance: 0, Date: dateTime(c.anchorDate) },
  }));

  // Calendar fiscal years covering the data; the oldest is locked (its end is before the period lock date).
  const firstYear = Number(addDays(c.periodLockDate, -400).slice(0, 4));
  const lastYear = Number(c.anchorDate.slice(0, 4)) + 1;
  const fiscalYears: Obj[] = [];
  const accounts: Obj[] = [];
  for (let y = firstYear; y <= lastYear; y++) {
    const fy = {
      ...template(FISCALYEAR_FIELDS),
      Id: r.uuid(),
      StartDate: `${y}-01-01T00:00:00`,
      EndDate: `${y}-12-31T00:00:00`,
      IsLockedForAccounting: `${y}-12-31` < c.periodLockDate,
      BookkeepingMethod: 0,
    };
    fiscalYears.push(fy);
    for (const [Number_, Name, vat] of CHART) {
      const v = vat ? vatByCode.get(vat) : undefined;
      accounts.push({
        ...template(ACCOUNT_FIELDS),
        Name,
        Number: Number_,
        VatCodeId: v?.Id ?? null,
        VatCodeDescription: v?.Description ?? null,
        FiscalYearId: fy.Id,
        Type: 0,
        ModifiedUtc: iso(start),
        CreatedUtc: iso(start),
        IsActive: true,
        IsProjectAllowed: true,
        IsCostCenterAllowed: true,
      });
    }
  }

  const articles: Obj[] = [];
  const article = (
    no: string,
    name: string,
    price: string,
    purchase: string,
    rate: number,
    service: boolean,
    active: boolean,
  ): Obj => {
    const coding = codingFor(rate, service);
    const unit = service ? hour : pcs;
    const a = {
      ...template(ARTICLE_FIELDS),
      Id: r.uuid(),
      IsActive: active,
      Number: no,
      Name: name.slice(0, 50),
      NetPrice: num(price, 2),
      NetPriceWithDiscount: num(price, 2),
      GrossPrice: num(new D(price).mul(100 + rate).div(100), 2),
      CodingId: coding.Id,
      CodingName: coding.Name,
      UnitId: unit.Id,
      UnitName: unit.Name,
      UnitAbbreviation: unit.Abbreviation,
      CreatedUtc: iso(tick(start + DAY)),
      ChangedUtc: iso(stamp),
      PurchasePrice: num(purchase, 2),
      IsServiceArticle: service,
      IsStock: !service,
      ShowStockInformation: !service,
      CurrencyCode: 'SEK',
    };
    articles.push(a);
    return a;
  };
  for (const it of c.items) {
    article(
      it.code,
      it.name,
      it.salesPrice,
      it.purchasePrice,
      rateOfKind(it.taxKind),
      it.name.startsWith('Konsult') || it.name.startsWith('Support'),
      it.sold,
    );
  }
  for (const [no, rate] of [
    ['TJ25', 25],
    ['TJ12', 12],
    ['TJ06', 6],
    ['TJ00', 0],
  ] as const) {
    article(no, `Tjänster ${rate} %`, '0', '0', rate, true, true);
  }

  const customers: Obj[] = [];
  const customerOf = new Map<number, Obj>();
  const customerTemplate = template(CUSTOMER_FIELDS);
  const addCustomer = (p: NeutralParty): Obj => {
    const t = termsFor(p.paymentTermsDays);
    const cust: Obj = {
      ...customerTemplate,
      Id: r.uuid(),
      InvoiceCity: p.address.city,
      InvoicePostalCode: p.address.postalCode,
      TermsOfPayment: t,
      ChangedUtc: iso(tick(start + p.index * 60_000)),
      CustomerNumber: p.number.slice(1),
      CorporateIdentityNumber: p.orgNumber,
      ContactPersonEmail: p.email,
      ContactPersonName: `${p.firstName} ${p.lastName}`,
      ContactPersonPhone: p.phone,
      CurrencyCode: p.currency,
      EmailAddress: p.email,
      InvoiceAddress1: p.address.line1,
      InvoiceCountryCode: p.address.country,
      Name: vismaName(p).slice(0, 50),
      Telephone: p.phone,
      TermsOfPaymentId: t.Id,
      VatNumber: p.vatNumber,
      IsPrivatePerson: false,
      IsActive: !p.archived,
      EmailAddresses: [],
    };
    customers.push(cust);
    customerOf.set(p.index, cust);
    return cust;
  };
  for (const p of c.parties) if (p.isCustomer) addCustomer(p);
  const extraParties = newParties(c, opts.scale);
  for (const p of extraParties) addCustomer(p);

  const ctx = seedContext(c, articles, units);
  const drafts: Obj[] = [];
  const invoices: Obj[] = [];
  const ledgerItems: Obj[] = [];
  const vouchers: string[] = [];
  const seedRows: [string, number, boolean][] = [];
  const draftTemplate = template(CUSTOMERINVOICEDRAFT_FIELDS);
  const ledgerTemplate = template(CUSTOMERLEDGERITEM_FIELDS);
  let voucherNo = 0;
  let saleNo = 0;
  const credits: { d: NeutralDocument; original: Obj; k: number }[] = [];
  const today = c.anchorDate;

  const header = (d: NeutralDocument, cust: Obj, party: NeutralParty): Obj => ({
    CustomerId: cust.Id,
    InvoiceDate: dateTime(d.date),
    DueDate: dateTime(d.dueDate),
    YourReference: d.reference,
    OurReference: 'Ledgerflow Demo',
    InvoiceCustomerName: cust.Name,
    InvoiceAddress1: cust.InvoiceAddress1,
    InvoicePostalCode: cust.InvoicePostalCode,
    InvoiceCity: cust.InvoiceCity,
    InvoiceCountryCode: cust.InvoiceCountryCode,
    CustomerIsPrivatePerson: false,
    TermsOfPaymentId: termsFor(party.paymentTermsDays).Id,
    CustomerEmail: cust.EmailAddress,
    CustomerNumber: cust.CustomerNumber,
    CustomerName: cust.Name,
  });

  const makeInvoice = (d: NeutralDocument, k: number, credit?: { original: Obj }): Obj => {
    const party = (
      d.partyIndex < c.parties.length
        ? c.parties[d.partyIndex]
        : extraParties[d.partyIndex - c.parties.length]
    ) as NeutralParty;
    const cust = customerOf.get(party.index) ?? addCustomer(party);
    const id = r.uuid();
    const t = docTotals(d, credit !== undefined);
    const rate = sekPer(d.rate);
    const date = credit ? d.credit!.date : d.date;
    const created = tick(Date.parse(`${date}T00:00:00Z`) + 18 * 3_600_000);
    const voucherId = r.uuid();
    vouchers.push(voucherId);
    // Stored sparse: only what differs from the defaults (the view adds the rest, vea-invoices.routes.ts).
    const inv: Obj = {
      Id: id,
      CustomerId: cust.Id,
      YourReference: d.reference,
      OurReference: 'Ledgerflow Demo',
      InvoiceCustomerName: cust.Name,
      InvoiceAddress1: cust.InvoiceAddress1,
      InvoicePostalCode: cust.InvoicePostalCode,
      InvoiceCity: cust.InvoiceCity,
      InvoiceCountryCode: cust.InvoiceCountryCode,
      TermsOfPaymentId: cust.TermsOfPaymentId,
      CustomerEmail: cust.EmailAddress,
      CustomerNumber: cust.CustomerNumber,
      CustomerName: cust.Name,
      IsCreditInvoice: credit !== undefined,
      CurrencyCode: d.currency,
      CurrencyRate: rate,
      TotalAmount: base(t.total, rate),
      TotalVatAmount: base(t.vat, rate),
      TotalAmountInvoiceCurrency: fromCents(t.total),
      TotalVatAmountInvoiceCurrency: fromCents(t.vat),
      VatSpecification: t.byRate.map((g) => ({
        AmountInvoiceCurrency: fromCents(g.net),
        VatAmountInvoiceCurrency: fromCents(g.vat),
        VatPercent: g.rate,
      })),
      InvoiceDate: dateTime(date),
      DueDate: dateTime(credit ? date : d.dueDate),
      InvoiceNumber: k,
      PaymentReferenceNumber: String(k),
      RemainingAmount: base(t.total, rate),
      RemainingAmountInvoiceCurrency: fromCents(t.total),
      ReferringInvoiceId: credit ? credit.original.Id : null,
      VoucherNumber: `A${++voucherNo}`,
      VoucherId: voucherId,
      CreatedUtc: iso(created),
      ModifiedUtc: iso(created),
      IncludesVat: d.pricesIncludeTax,
      PaymentDate: null,
      CreditedBy: [],
    };
    invoices.push(inv);
    seedRows.push([id, d.index, credit !== undefined]);
    return inv;
  };

  // Seeding works in integer öre (100,000 invoices); amounts are stored as the JSON numbers the API returns.
  const cents = (v: unknown): number => Math.round((v as number) * 100);
  const pay = (inv: Obj, amount: number, date: string): void => {
    const left = cents(inv.RemainingAmountInvoiceCurrency) - amount;
    inv.RemainingAmountInvoiceCurrency = fromCents(left);
    inv.RemainingAmount = base(left, inv.CurrencyRate as number);
    inv.PaymentDate = dateTime(date);
    inv.ModifiedUtc = iso(tick(Date.parse(`${date}T00:00:00Z`) + 18 * 3_600_000));
  };

  for (let i = 0; i < c.documentCount; i++) {
    const d = documentAt(c, i);
    if (d.kind !== 'sale') continue;
    const k = ++saleNo;
    if (d.status === 'deleted') continue;
    const party = c.parties[d.partyIndex] as NeutralParty;
    if (d.status === 'draft' || d.status === 'submitted') {
      const cust = customerOf.get(party.index) ?? addCustomer(party);
      const rows = veaRowsFor(ctx, d, false);
      const t = docTotals(d, false);
      const h = header(d, cust, party);
      drafts.push({
        ...draftTemplate,
        Id: r.uuid(),
        CustomerId: cust.Id,
        CreatedUtc: iso(tick(Date.parse(`${d.date}T00:00:00Z`) + 18 * 3_600_000)),
        Rows: rows.map((row, n) => toDraftRow(row, n)),
        YourReference: h.YourReference,
        OurReference: h.OurReference,
        InvoiceCustomerName: h.InvoiceCustomerName,
        InvoiceAddress1: h.InvoiceAddress1,
        InvoicePostalCode: h.InvoicePostalCode,
        InvoiceCity: h.InvoiceCity,
        InvoiceCountryCode: h.InvoiceCountryCode,
        InvoiceCurrencyCode: d.currency,
        TermsOfPaymentId: h.TermsOfPaymentId,
        InvoiceDate: h.InvoiceDate,
        DueDate: h.DueDate,
        TotalAmount: fromCents(t.total),
        TotalVatAmount: fromCents(t.vat),
        TotalAmountBaseCurrency: base(t.total, sekPer(d.rate)),
        TotalVatAmountBaseCurrency: base(t.vat, sekPer(d.rate)),
        CustomerNumber: h.CustomerNumber,
        CustomerName: h.CustomerName,
        IncludesVat: d.pricesIncludeTax,
        ContributionMargin: { Amount: null, Percentage: null },
      });
      continue;
    }
    const inv = makeInvoice(d, k);
    if (d.status === 'voided') {
      credits.push({
        d: { ...d, credit: { number: '', date: d.date, lines: d.lines, allocate: 'full' } },
        original: inv,
        k,
      });
      continue;
    }
    if (d.credit) credits.push({ d, original: inv, k });
    const total = cents(inv.TotalAmountInvoiceCurrency);
    for (const s of d.settlements) {
      const left = cents(inv.RemainingAmountInvoiceCurrency);
      if (left <= 0) break;
      // eAccounting refuses overpayments on this route (visma-notes.md §1.9: over/under payments go through
      // /voucherwithoverunderpayment), so an overpaid neutral invoice is simply paid in full here.
      const pct = Math.round(Number(s.share) * 100);
      // total × share at 2 dp, half up, in integers.
      const share =
        s.share === 'rest' || s.share === 'over'
          ? left
          : Math.min(left, Math.floor((total * pct * 2 + 100) / 200));
      if (share <= 0 || s.date > today) continue;
      pay(inv, share, s.date);
    }
  }
  // Credit invoices continue the invoice number series after the seeded invoices; a voided invoice is credited
  // in full (visma-notes.md §1.9: void fails once an invoice has payments or credits, so it is a full credit).
  let number = saleNo;
  for (const { d, original } of credits) {
    const cn = makeInvoice(d, ++number, { original });
    (original.CreditedBy as Obj[]).push({ CreditInvoiceId: cn.Id });
    const applied = Math.min(
      cents(original.RemainingAmountInvoiceCurrency),
      -cents(cn.TotalAmountInvoiceCurrency),
    );
    if (applied > 0) {
      pay(original, applied, d.credit!.date);
      pay(cn, -applied, d.credit!.date);
    }
  }
  // Invoices that exist only here (not yet in Xero): the newest ones, unpaid.
  const extra = newInvoiceCount(opts.scale);
  for (let j = 0; j < extra; j++) {
    const d = newDocument(c, c.documentCount + j);
    const pIndex =
      j % 2 === 0 && extraParties.length
        ? (extraParties[j % extraParties.length] as NeutralParty).index
        : d.partyIndex;
    makeInvoice({ ...d, partyIndex: pIndex }, ++number);
  }
  for (const inv of invoices) {
    ledgerItems.push(ledgerItemOf(inv, ledgerTemplate, r.uuid()));
  }
  // Two opening-balance items from before the company moved to eAccounting (migrated with SIE vouchers).
  for (let j = 0; j < 2; j++) {
    const cust = customers[j] as Obj;
    const voucherId = r.uuid();
    vouchers.push(voucherId);
    ledgerItems.push({
      ...ledgerTemplate,
      Id: r.uuid(),
      CurrencyCode: 'SEK',
      CurrencyRate: 1,
      CurrencyRateUnit: 1,
      CustomerId: cust.Id,
      DueDate: dateTime(addDays(c.periodLockDate, -300 + j)),
      InvoiceDate: dateTime(addDays(c.periodLockDate, -330 + j)),
      InvoiceNumber: 9001 + j,
      IsCreditInvoice: false,
      ModifiedUtc: iso(start),
      PaymentReferenceNumber: String(9001 + j),
      RemainingAmountInvoiceCurrency: 1250 * (j + 1),
      TotalAmountInvoiceCurrency: 1250 * (j + 1),
      VATAmountInvoiceCurrency: 250 * (j + 1),
      VoucherId: voucherId,
    });
  }
  // One pass over the invoices (not one per customer: 2,000 × 75,000 at scale 100).
  const last = new Map<unknown, string>();
  const unpaid = new Map<unknown, number>();
  for (const i of invoices) {
    const day = String(i.InvoiceDate);
    if ((last.get(i.CustomerId) ?? '') < day) last.set(i.CustomerId, day);
    unpaid.set(i.CustomerId, (unpaid.get(i.CustomerId) ?? 0) + cents(i.RemainingAmount));
  }
  for (const cust of customers) {
    if (!last.has(cust.Id)) continue;
    cust.LastInvoiceDate = last.get(cust.Id) ?? null;
    cust.UnpaidInvoicesAmount = fromCents(unpaid.get(cust.Id) ?? 0);
  }
  return {
    companyId: opts.companyId,
    name: `${c.name} sandbox`,
    currency: c.baseCurrency,
    customers,
    articles,
    units,
    codings,
    vatCodes,
    terms,
    bankAccounts,
    fiscalYears,
    accounts,
    drafts,
    invoices,
    ledgerItems,
    vouchers,
    seedRows,
    counters: {
      customerNumber: 90000 + extraParties.length,
      invoiceNumber: number,
      voucherNumber: voucherNo,
    },
    lastStamp: stamp,
  };
}

/** The totals of a neutral document (or its credit) in öre, VAT per document and rate. */
function docTotals(d: NeutralDocument, credit: boolean) {
  const lines = credit && d.credit ? d.credit.lines : d.lines;
  return seedTotals(
    lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      ...(l.discountRate ? { discountPercent: l.discountRate } : {}),
      vatRate: rateOfKind(l.taxKind),
      negate: credit,
    })),
    d.pricesIncludeTax,
  );
}

/** Öre in the invoice currency → the base-currency amount (decimal.js only for foreign currencies). */
function base(c: number, rate: number): number {
  return rate === 1 ? fromCents(c) : num(new D(c).div(100).mul(rate));
}

function veaRowsFor(ctx: SeedContext, d: NeutralDocument, credit: boolean): Obj[] {
  const lines = credit && d.credit ? d.credit.lines : d.lines;
  return invoiceRows(ctx, lines, d.index * 2 + (credit ? 1 : 0), credit, d.pricesIncludeTax);
}

/** An invoice row as a draft row (CustomerInvoiceDraftRowApi). */
export function toDraftRow(row: Obj, n: number): Obj {
  return {
    ...template(CUSTOMERINVOICEDRAFTROW_FIELDS),
    Id: row.Id,
    LineNumber: n,
    ArticleId: row.ArticleId,
    IsServiceArticle: row.IsServiceArticle,
    UnitId: row.UnitId,
    ArticleNumber: row.ArticleNumber,
    IsTextRow: row.IsTextRow,
    Text: row.Text,
    UnitPrice: row.UnitPrice,
    DiscountPercentage: row.DiscountPercentage,
    Quantity: row.Quantity,
    UnitAbbreviation: row.UnitAbbreviation,
    UnitAbbreviationEnglish: row.UnitAbbreviationEnglish,
    VatRate: row.VatRate,
    PurchasePrice: row.PurchasePrice,
    Amount: row.AmountNoVat,
    ContributionMargin: { Amount: null, Percentage: null },
  };
}

/** The customer ledger item of an invoice (its open amount on the customer ledger). */
export function ledgerItemOf(inv: Obj, tpl: Obj, id: string): Obj {
  return {
    ...tpl,
    Id: id,
    CurrencyCode: inv.CurrencyCode,
    CurrencyRate: inv.CurrencyRate,
    CurrencyRateUnit: 1,
    CustomerId: inv.CustomerId,
    DueDate: inv.DueDate,
    InvoiceDate: inv.InvoiceDate,
    InvoiceNumber: inv.InvoiceNumber,
    IsCreditInvoice: inv.IsCreditInvoice,
    ModifiedUtc: inv.ModifiedUtc,
    PaymentReferenceNumber: inv.PaymentReferenceNumber,
    RemainingAmountInvoiceCurrency: inv.RemainingAmountInvoiceCurrency,
    TotalAmountInvoiceCurrency: inv.TotalAmountInvoiceCurrency,
    VATAmountInvoiceCurrency: inv.TotalVatAmountInvoiceCurrency,
    VoucherId: inv.VoucherId,
  };
}
