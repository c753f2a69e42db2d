import { Prng } from '../kit/prng';
import {
  documentAt,
  mixSeed,
  type NeutralCompany,
  type NeutralDocument,
  type NeutralLine,
  type TaxKind,
} from '../seed/company-generator';
import { dateToMs } from './xero-dates';
import { computeSeedDocument, D, fix } from './xero-money';
import type { SeedLineSource, XeroOrgState } from './xero-org-store';
import type {
  AccountRec,
  AllocationRec,
  ContactRec,
  CreditNoteRec,
  InvoiceRec,
  ItemRec,
  LineRec,
  PaymentRec,
  TaxRateRec,
} from './xero-records';

/** The Xero TaxType of a neutral tax kind, on the sales or purchases side. */
export function xeroTaxType(kind: TaxKind, side: 'sale' | 'purchase'): string {
  switch (kind) {
    case 'standard':
      return side === 'sale' ? 'OUTPUT' : 'INPUT';
    case 'reduced':
      return side === 'sale' ? 'TAX001' : 'TAX002';
    case 'low':
      return side === 'sale' ? 'TAX003' : 'TAX004';
    case 'zero':
      return 'ZERORATEDOUTPUT';
    case 'exempt':
      return side === 'sale' ? 'EXEMPTOUTPUT' : 'EXEMPTINPUT';
    case 'reverse-charge-purchase':
      return 'TAX005';
    case 'reverse-charge-sale':
      return 'ECOUTPUTSERVICES';
    case 'none':
      return 'NONE';
  }
}

const REPORT_TAX_TYPE: Record<string, string> = {
  OUTPUT: 'OUTPUT',
  INPUT: 'INPUT',
  TAX001: 'OUTPUT',
  TAX002: 'INPUT',
  TAX003: 'OUTPUT',
  TAX004: 'INPUT',
  ZERORATEDOUTPUT: 'ZERORATEDOUTPUT',
  EXEMPTOUTPUT: 'EXEMPTOUTPUT',
  EXEMPTINPUT: 'EXEMPTINPUT',
  TAX005: 'REVERSECHARGES',
  ECOUTPUTSERVICES: 'ECOUTPUTSERVICES',
  NONE: 'NONE',
};

function taxRates(c: NeutralCompany): TaxRateRec[] {
  const out: TaxRateRec[] = [];
  const seen = new Set<string>();
  for (const t of c.taxCodes) {
    const sides: ('sale' | 'purchase')[] = [];
    if (t.sales) sides.push('sale');
    if (t.purchases) sides.push('purchase');
    for (const side of sides) {
      const taxType = xeroTaxType(t.kind, side);
      if (seen.has(taxType)) continue;
      seen.add(taxType);
      const both = taxType === 'NONE';
      const reverse = t.kind === 'reverse-charge-purchase';
      out.push({
        Name: both ? t.name : `${t.name} on ${side === 'sale' ? 'Income' : 'Expenses'}`,
        TaxType: taxType,
        ReportTaxType: REPORT_TAX_TYPE[taxType] ?? 'NONE',
        Status: 'ACTIVE',
        // Reverse charge: the buyer accounts for output and input VAT, which cancel, so the rate shown is 25
        // while the effective rate (the sum of the components) is 0 (xero-notes.md §1.8: EffectiveRate sums
        // the components).
        TaxComponents: reverse
          ? [
              { Name: 'VAT', Rate: fix(t.displayRate, 4), IsCompound: false, IsNonRecoverable: false },
              {
                Name: 'VAT reverse charge',
                Rate: fix(new D(t.displayRate).neg(), 4),
                IsCompound: false,
                IsNonRecoverable: false,
              },
            ]
          : [{ Name: 'VAT', Rate: fix(t.rate, 4), IsCompound: false, IsNonRecoverable: false }],
        CanApplyToAssets: side === 'purchase' || both,
        CanApplyToEquity: both || side === 'purchase',
        CanApplyToExpenses: side === 'purchase' || both,
        CanApplyToLiabilities: true,
        CanApplyToRevenue: side === 'sale' || both,
        DisplayTaxRate: fix(t.displayRate, 4),
        EffectiveRate: fix(t.rate, 4),
      });
    }
  }
  return out;
}

function accounts(c: NeutralCompany, r: Prng, stamp: number): AccountRec[] {
  const typeOf: Record<string, [string, AccountRec['Class'], string?]> = {
    bank: ['BANK', 'ASSET'],
    revenue: ['REVENUE', 'REVENUE'],
    expense: ['EXPENSE', 'EXPENSE'],
    asset: ['INVENTORY', 'ASSET'],
    receivable: ['CURRENT', 'ASSET', 'DEBTORS'],
    payable: ['CURRLIAB', 'LIABILITY', 'CREDITORS'],
    tax: ['CURRLIAB', 'LIABILITY', 'GST'],
    equity: ['EQUITY', 'EQUITY', 'RETAINEDEARNINGS'],
    liability: ['CURRLIAB', 'LIABILITY'],
  };
  return c.accounts.map((a) => {
    const [type, cls, system] = typeOf[a.kind] ?? ['CURRENT', 'ASSET'];
    const side = a.kind === 'revenue' ? 'sale' : 'purchase';
    return {
      AccountID: r.uuid(),
      Code: a.code,
      Name: a.name,
      Type: a.code === '310' ? 'DIRECTCOSTS' : type,
      Class: cls,
      Status: 'ACTIVE',
      TaxType: a.taxKind ? xeroTaxType(a.taxKind, side) : 'NONE',
      EnablePaymentsToAccount: false,
      ShowInExpenseClaims: a.kind === 'expense',
      ...(a.kind === 'bank'
        ? {
            BankAccountNumber: a.bankAccountNumber ?? '',
            BankAccountType: 'BANK',
            CurrencyCode: a.currency ?? c.baseCurrency,
          }
        : {}),
      ...(system ? { SystemAccount: system } : {}),
      UpdatedDateUTC: stamp,
    };
  });
}

/** Account code of a seeded line (must be valid for the tax type's side). */
function lineAccount(kind: 'sale' | 'purchase', tax: TaxKind, k: number): string {
  if (kind === 'sale') return tax === 'reduced' || tax === 'low' ? '210' : tax === 'standard' ? '200' : '220';
  if (tax === 'reverse-charge-purchase') return '463';
  return ['300', '310', '400', '429'][k % 4] as string;
}

function seedCalc(
  lines: NeutralLine[],
  kind: 'sale' | 'purchase',
  lat: InvoiceRec['LineAmountTypes'],
  rateOf: Map<string, string>,
) {
  return computeSeedDocument(
    lines.map((l) => ({
      quantity: l.quantity,
      unitAmount: l.unitPrice,
      ...(l.discountRate ? { discountRate: l.discountRate } : {}),
      rate: rateOf.get(xeroTaxType(l.taxKind, kind)) ?? '0',
    })),
    lat,
  );
}

/**
 * Regenerates the lines of seeded documents on demand (they are not stored, see DocRec.LineItems): the same
 * document, the same calculation and LineItemIDs from their own seeded stream, so every read agrees.
 */
export function seedLineSource(c: NeutralCompany): SeedLineSource {
  const rateOf = new Map(taxRates(c).map((t) => [t.TaxType, t.EffectiveRate]));
  const build = (lines: NeutralLine[], d: NeutralDocument, stream: number, index: number): LineRec[] => {
    const lat: InvoiceRec['LineAmountTypes'] = d.noTax
      ? 'NoTax'
      : d.pricesIncludeTax
        ? 'Inclusive'
        : 'Exclusive';
    const calc = seedCalc(lines, d.kind, lat, rateOf);
    const ids = new Prng(mixSeed(c.seed ^ stream, index));
    return lines.map((l, k) => {
      const out = calc.lines[k]!;
      const item = l.itemIndex !== undefined ? c.items[l.itemIndex] : undefined;
      return {
        LineItemID: ids.uuid(),
        Description: l.description,
        Quantity: out.quantity ?? l.quantity,
        UnitAmount: l.unitPrice,
        ...(item ? { ItemCode: item.code } : {}),
        AccountCode: lineAccount(d.kind, l.taxKind, k),
        TaxType: lat === 'NoTax' ? 'NONE' : xeroTaxType(l.taxKind, d.kind),
        TaxAmount: out.taxAmount,
        LineAmount: out.lineAmount,
        ...(l.discountRate ? { DiscountRate: fix(l.discountRate, 2) } : {}),
      };
    });
  };
  return {
    invoiceLines: (i) => {
      const d = documentAt(c, i);
      return build(d.lines, d, 0x11e5, i);
    },
    creditNoteLines: (i) => {
      const d = documentAt(c, i);
      return d.credit ? build(d.credit.lines, d, 0xc4ed, i) : [];
    },
  };
}

/** Options of the Xero projection. */
export interface XeroSeedOptions {
  tenantId: string;
  shortCode: string;
}

/**
 * Projects a neutral company into a Xero organisation: the chart of accounts, tax rates (incl. zero-rated and
 * reverse charge), contacts (archived and duplicate-looking ones included), items, and every document with its
 * payments, credit notes and allocations, computed with Xero's per-line rounding.
 */
export function buildXeroOrg(c: NeutralCompany, opts: XeroSeedOptions): XeroOrgState {
  const r = new Prng(mixSeed(c.seed, 0x7e40));
  const anchor = dateToMs(c.anchorDate);
  const start = anchor - 600 * 86_400_000;
  // One monotonic clock per collection, so each map's insertion order is its UpdatedDateUTC order.
  const clocks = {
    settings: start,
    contacts: start,
    items: start,
    invoices: start,
    credits: start,
    payments: start,
  };
  const HOURS_18 = 18 * 3_600_000;
  const tick = (k: keyof typeof clocks, at: number): number => (clocks[k] = Math.max(clocks[k] + 1, at));
  const next = (at: number): number => tick('settings', at);

  const rates = taxRates(c);
  const rateOf = new Map(rates.map((t) => [t.TaxType, t.EffectiveRate]));
  const accs = accounts(c, r, next(start));
  const accountByCode = new Map(accs.map((a) => [a.Code, a]));

  const contacts: ContactRec[] = c.parties.map((p) => ({
    ContactID: r.uuid(),
    Name: p.name,
    ContactNumber: p.number,
    ContactStatus: p.archived ? 'ARCHIVED' : 'ACTIVE',
    IsCustomer: false,
    IsSupplier: false,
    UpdatedDateUTC: tick('contacts', start + p.index * 60_000),
    fields: {
      AccountNumber: p.number,
      FirstName: p.firstName,
      LastName: p.lastName,
      EmailAddress: p.email,
      CompanyNumber: p.orgNumber,
      TaxNumber: p.vatNumber,
      DefaultCurrency: p.currency,
      Addresses: [
        {
          AddressType: 'POBOX',
          AddressLine1: p.address.line1,
          City: p.address.city,
          PostalCode: p.address.postalCode,
          Country: p.address.country,
        },
        { AddressType: 'STREET' },
      ],
      Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: p.phone }, { PhoneType: 'MOBILE' }],
      PaymentTerms: { Sales: { Day: p.paymentTermsDays, Type: 'DAYSAFTERBILLDATE' } },
    },
  }));

  const items: ItemRec[] = c.items.map((it) => ({
    ItemID: r.uuid(),
    Code: it.code,
    Name: it.name.slice(0, 50),
    Description: it.description,
    PurchaseDescription: it.description,
    IsSold: it.sold,
    IsPurchased: it.purchased,
    IsTrackedAsInventory: false,
    ...(it.sold
      ? {
          SalesDetails: {
            UnitPrice: it.salesPrice,
            AccountCode: lineAccount('sale', it.taxKind, 0),
            TaxType: xeroTaxType(it.taxKind, 'sale'),
          },
        }
      : {}),
    ...(it.purchased
      ? {
          PurchaseDetails: {
            UnitPrice: it.purchasePrice,
            AccountCode: '310',
            TaxType: xeroTaxType(it.taxKind, 'purchase'),
          },
        }
      : {}),
    UpdatedDateUTC: tick('items', start + 86_400_000),
  }));

  const invoices: InvoiceRec[] = [];
  const creditNotes: CreditNoteRec[] = [];
  const payments: PaymentRec[] = [];
  let invoiceNo = 0;
  let creditNo = 0;
  const bank = accountByCode.get('090') as AccountRec;

  const makeLines = (
    lines: NeutralLine[],
    kind: 'sale' | 'purchase',
    lat: InvoiceRec['LineAmountTypes'],
  ) => ({
    calc: seedCalc(lines, kind, lat, rateOf),
  });

  for (let i = 0; i < c.documentCount; i++) {
    const d: NeutralDocument = documentAt(c, i);
    const contact = contacts[d.partyIndex] as ContactRec;
    const created = tick('invoices', dateToMs(d.date) + HOURS_18);
    const kind = d.kind;
    const lat: InvoiceRec['LineAmountTypes'] = d.noTax
      ? 'NoTax'
      : d.pricesIncludeTax
        ? 'Inclusive'
        : 'Exclusive';
    const { calc } = makeLines(d.lines, kind, lat);
    if (kind === 'sale') contact.IsCustomer = true;
    else contact.IsSupplier = true;
    const status: InvoiceRec['Status'] =
      d.status === 'draft'
        ? 'DRAFT'
        : d.status === 'submitted'
          ? 'SUBMITTED'
          : d.status === 'voided'
            ? 'VOIDED'
            : d.status === 'deleted'
              ? 'DELETED'
              : 'AUTHORISED';
    const inv: InvoiceRec = {
      InvoiceID: r.uuid(),
      Type: kind === 'sale' ? 'ACCREC' : 'ACCPAY',
      InvoiceNumber: kind === 'sale' ? `INV-${String(++invoiceNo).padStart(4, '0')}` : d.number,
      ContactID: contact.ContactID,
      Reference: d.reference,
      Date: d.date,
      DueDate: d.dueDate,
      Status: status,
      LineAmountTypes: lat,
      CurrencyCode: d.currency,
      CurrencyRate: fix(d.rate, 6),
      seedIndex: i,
      SubTotal: calc.subTotal,
      TotalTax: calc.totalTax,
      Total: calc.total,
      TotalDiscount: calc.totalDiscount,
      AmountPaid: '0.00',
      AmountCredited: '0.00',
      PaymentIDs: [],
      CreditNoteIDs: [],
      ...(status === 'AUTHORISED' ? { SentToContact: kind === 'sale' } : {}),
      UpdatedDateUTC: created,
    };
    let due = new D(inv.Total);
    if (d.credit && status === 'AUTHORISED') {
      const cl = makeLines(d.credit.lines, kind, lat);
      const cn: CreditNoteRec = {
        CreditNoteID: r.uuid(),
        Type: kind === 'sale' ? 'ACCRECCREDIT' : 'ACCPAYCREDIT',
        CreditNoteNumber: kind === 'sale' ? `CN-${String(++creditNo).padStart(4, '0')}` : `K${d.number}`,
        ContactID: contact.ContactID,
        Reference: inv.InvoiceNumber,
        Date: d.credit.date,
        DueDate: d.credit.date,
        Status: 'AUTHORISED',
        LineAmountTypes: lat,
        CurrencyCode: inv.CurrencyCode,
        CurrencyRate: inv.CurrencyRate,
        seedIndex: i,
        SubTotal: cl.calc.subTotal,
        TotalTax: cl.calc.totalTax,
        Total: cl.calc.total,
        TotalDiscount: '0.00',
        Allocations: [],
        AmountPaid: '0.00',
        PaymentIDs: [],
        UpdatedDateUTC: tick('credits', dateToMs(d.credit.date) + HOURS_18),
      };
      if (d.credit.allocate === 'full') {
        const amount = D.min(new D(cn.Total), due);
        const alloc: AllocationRec = {
          AllocationID: r.uuid(),
          InvoiceID: inv.InvoiceID,
          Amount: amount.toFixed(2),
          Date: d.credit.date,
        };
        cn.Allocations.push(alloc);
        inv.CreditNoteIDs.push(cn.CreditNoteID);
        inv.AmountCredited = amount.toFixed(2);
        due = due.minus(amount);
        if (new D(cn.Total).minus(amount).isZero()) {
          cn.Status = 'PAID';
          cn.FullyPaidOnDate = d.credit.date;
        }
      }
      creditNotes.push(cn);
    }
    if (status === 'AUTHORISED') {
      let paid = new D(0);
      for (const s of d.settlements) {
        const left = due.minus(paid);
        if (left.lte(0)) break;
        const amount =
          s.share === 'rest' || s.share === 'over'
            ? left
            : D.min(left, new D(inv.Total).mul(s.share).toDecimalPlaces(2));
        if (amount.lte(0)) continue;
        const p: PaymentRec = {
          PaymentID: r.uuid(),
          Date: s.date,
          Amount: amount.toFixed(2),
          BankAmount: amount.div(inv.CurrencyRate).toDecimalPlaces(2).toFixed(2),
          CurrencyRate: inv.CurrencyRate,
          Reference: kind === 'sale' ? `Payment ${inv.InvoiceNumber}` : `Bill ${inv.InvoiceNumber}`,
          IsReconciled: s.date < c.periodLockDate,
          Status: 'AUTHORISED',
          PaymentType: kind === 'sale' ? 'ACCRECPAYMENT' : 'ACCPAYPAYMENT',
          AccountID: bank.AccountID,
          InvoiceID: inv.InvoiceID,
          UpdatedDateUTC: tick('payments', dateToMs(s.date) + HOURS_18),
        };
        payments.push(p);
        inv.PaymentIDs.push(p.PaymentID);
        paid = paid.plus(amount);
        if (s.share === 'over' && s.excess) {
          inv.Overpayments = [
            {
              OverpaymentID: r.uuid(),
              Type: kind === 'sale' ? 'RECEIVE-OVERPAYMENT' : 'SPEND-OVERPAYMENT',
              Date: s.date,
              Total: fix(s.excess),
              RemainingCredit: fix(s.excess),
            },
          ];
        }
        if (due.minus(paid).isZero()) {
          inv.FullyPaidOnDate = s.date;
        }
      }
      inv.AmountPaid = paid.toFixed(2);
      if (due.minus(paid).isZero()) {
        inv.Status = 'PAID';
        inv.FullyPaidOnDate ??= d.credit?.date ?? d.date;
      }
    }
    invoices.push(inv);
  }

  const ts = start;
  return {
    organisation: {
      OrganisationID: opts.tenantId,
      Name: c.name,
      LegalName: c.legalName,
      ShortCode: opts.shortCode,
      Version: 'GLOBAL',
      OrganisationType: 'COMPANY',
      BaseCurrency: c.baseCurrency,
      CountryCode: c.countryCode,
      IsDemoCompany: false,
      OrganisationStatus: 'ACTIVE',
      RegistrationNumber: c.orgNumber,
      TaxNumber: c.vatNumber,
      FinancialYearEndDay: 31,
      FinancialYearEndMonth: 12,
      SalesTaxBasis: 'ACCRUALS',
      SalesTaxPeriod: 'QUARTERLY',
      DefaultSalesTax: 'Tax Exclusive',
      DefaultPurchasesTax: 'Tax Exclusive',
      PeriodLockDate: c.periodLockDate,
      EndOfYearLockDate: c.periodLockDate,
      CreatedDateUTC: ts,
      Timezone: 'WEUROPESTANDARDTIME',
      OrganisationEntityType: 'COMPANY',
      LineOfBusiness: 'Wholesale trade',
    },
    accounts: accs,
    taxRates: rates,
    currencies: c.currencies.map((x) => ({ Code: x.code, Description: x.description, rate: x.rate })),
    trackingCategories: [
      {
        TrackingCategoryID: r.uuid(),
        Name: 'Region',
        Status: 'ACTIVE',
        Options: ['North', 'South', 'East', 'West'].map((n) => ({
          TrackingOptionID: r.uuid(),
          Name: n,
          Status: 'ACTIVE',
        })),
      },
      {
        TrackingCategoryID: r.uuid(),
        Name: 'Department',
        Status: 'ACTIVE',
        Options: ['Sales', 'Support'].map((n) => ({ TrackingOptionID: r.uuid(), Name: n, Status: 'ACTIVE' })),
      },
    ],
    contacts,
    items,
    invoices,
    creditNotes,
    payments,
    counters: { invoice: invoiceNo, creditNote: creditNo, taxRate: 5 },
    lastStamp: Math.max(...Object.values(clocks)),
  };
}
