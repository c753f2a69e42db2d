import { dateString, msDate, msDateOf, utcString } from './xero-dates';
import { D } from './xero-money';
import type { XeroOrgStore } from './xero-org-store';
import type {
  AccountRec,
  ContactRec,
  CreditNoteRec,
  InvoiceRec,
  ItemRec,
  LineRec,
  PaymentRec,
  TaxRateRec,
  TrackingCategoryRec,
} from './xero-records';
import { UNKNOWN_FIELD, type FieldValue } from './xero-where';

/** Decimal string → JSON number. */
const n = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));

/** How much of a document to render (xero-notes.md §2.3: unpaged lists carry no LineItems). */
export interface RenderOpts {
  lines: boolean;
  summaryOnly?: boolean;
  unitdp: 2 | 4;
}

/** AmountDue of an invoice. */
export function amountDue(i: InvoiceRec): string {
  if (i.Status === 'VOIDED' || i.Status === 'DELETED') return '0.00';
  // Most invoices have neither payments nor credits; skip the decimal work for them (hot in 100k-row filters).
  if (i.AmountPaid === '0.00' && i.AmountCredited === '0.00') return i.Total;
  return new D(i.Total).minus(i.AmountPaid).minus(i.AmountCredited).toFixed(2);
}

/** Allocated total of a credit note. */
export function allocated(c: CreditNoteRec): string {
  let s = new D(0);
  for (const a of c.Allocations) if (!a.IsDeleted) s = s.plus(a.Amount);
  return s.toFixed(2);
}

/** RemainingCredit of a credit note. */
export function remainingCredit(c: CreditNoteRec): string {
  if (c.Status === 'VOIDED' || c.Status === 'DELETED') return '0.00';
  return new D(c.Total).minus(allocated(c)).minus(c.AmountPaid).toFixed(2);
}

function line(l: LineRec, org: XeroOrgStore, unitdp: 2 | 4): Record<string, unknown> {
  const item = l.ItemCode ? org.items.get(org.itemByCode.get(l.ItemCode.toUpperCase()) ?? '') : undefined;
  const account = l.AccountCode ? org.accountByCode.get(l.AccountCode.toUpperCase()) : undefined;
  return {
    LineItemID: l.LineItemID,
    ...(l.Description !== undefined ? { Description: l.Description } : {}),
    ...(l.Quantity !== undefined ? { Quantity: n(l.Quantity) } : {}),
    ...(l.UnitAmount !== undefined
      ? { UnitAmount: Number(new D(l.UnitAmount).toDecimalPlaces(unitdp).toFixed(unitdp)) }
      : {}),
    ...(l.ItemCode !== undefined ? { ItemCode: l.ItemCode } : {}),
    ...(item ? { Item: { ItemID: item.ItemID, Name: item.Name ?? item.Code, Code: item.Code } } : {}),
    ...(l.AccountCode !== undefined ? { AccountCode: l.AccountCode } : {}),
    ...(account ? { AccountID: account.AccountID } : {}),
    ...(l.TaxType !== undefined ? { TaxType: l.TaxType } : {}),
    TaxAmount: n(l.TaxAmount),
    LineAmount: n(l.LineAmount),
    ...(l.DiscountRate !== undefined ? { DiscountRate: n(l.DiscountRate) } : {}),
    ...(l.DiscountAmount !== undefined ? { DiscountAmount: n(l.DiscountAmount) } : {}),
    Tracking: (l.Tracking ?? []).map((t) => ({ ...t })),
  };
}

/** The contact summary embedded in documents and payments. */
export function contactRef(org: XeroOrgStore, contactId: string): Record<string, unknown> {
  const c = org.contacts.get(contactId);
  if (!c) return { ContactID: contactId };
  return {
    ContactID: c.ContactID,
    ...(c.ContactNumber ? { ContactNumber: c.ContactNumber } : {}),
    Name: c.Name,
    ContactStatus: c.ContactStatus,
    HasValidationErrors: false,
  };
}

function paymentRef(p: PaymentRec): Record<string, unknown> {
  return {
    PaymentID: p.PaymentID,
    Date: msDateOf(p.Date),
    Amount: n(p.Amount),
    ...(p.Reference ? { Reference: p.Reference } : {}),
    CurrencyRate: n(p.CurrencyRate),
    HasAccount: true,
    HasValidationErrors: false,
  };
}

/** Renders an invoice. */
export function renderInvoice(org: XeroOrgStore, i: InvoiceRec, o: RenderOpts): Record<string, unknown> {
  const base: Record<string, unknown> = {
    Type: i.Type,
    InvoiceID: i.InvoiceID,
    InvoiceNumber: i.InvoiceNumber,
    ...(i.Reference !== undefined ? { Reference: i.Reference } : {}),
    AmountDue: n(amountDue(i)),
    AmountPaid: n(i.AmountPaid),
    AmountCredited: n(i.AmountCredited),
    CurrencyRate: n(i.CurrencyRate),
    IsDiscounted: i.TotalDiscount !== '0.00',
    HasAttachments: false,
    HasErrors: false,
    Contact: contactRef(org, i.ContactID),
    DateString: dateString(i.Date),
    Date: msDateOf(i.Date),
    ...(i.DueDate ? { DueDateString: dateString(i.DueDate), DueDate: msDateOf(i.DueDate) } : {}),
    Status: i.Status,
    LineAmountTypes: i.LineAmountTypes,
    SubTotal: n(i.SubTotal),
    TotalTax: n(i.TotalTax),
    Total: n(i.Total),
    UpdatedDateUTC: msDate(i.UpdatedDateUTC),
    CurrencyCode: i.CurrencyCode,
    ...(i.FullyPaidOnDate ? { FullyPaidOnDate: msDateOf(i.FullyPaidOnDate) } : {}),
  };
  if (o.summaryOnly) return base;
  Object.assign(base, {
    ...(i.SentToContact !== undefined ? { SentToContact: i.SentToContact } : {}),
    ...(i.ExpectedPaymentDate ? { ExpectedPaymentDate: msDateOf(i.ExpectedPaymentDate) } : {}),
    ...(i.PlannedPaymentDate ? { PlannedPaymentDate: msDateOf(i.PlannedPaymentDate) } : {}),
    ...(i.BrandingThemeID ? { BrandingThemeID: i.BrandingThemeID } : {}),
    ...(i.Url ? { Url: i.Url } : {}),
    TotalDiscount: i.TotalDiscount !== '0.00' ? n(i.TotalDiscount) : undefined,
    Payments: i.PaymentIDs.map((id) => org.payments.get(id))
      .filter((p): p is PaymentRec => !!p && p.Status === 'AUTHORISED')
      .map(paymentRef),
    CreditNotes: i.CreditNoteIDs.map((id) => org.creditNotes.get(id))
      .filter((c): c is CreditNoteRec => !!c)
      .map((c) => {
        let applied = new D(0);
        for (const a of c.Allocations)
          if (!a.IsDeleted && a.InvoiceID === i.InvoiceID) applied = applied.plus(a.Amount);
        return {
          CreditNoteID: c.CreditNoteID,
          CreditNoteNumber: c.CreditNoteNumber,
          AppliedAmount: Number(applied.toFixed(2)),
          DateString: dateString(c.Date),
          Date: msDateOf(c.Date),
          Total: n(c.Total),
          HasErrors: false,
        };
      })
      .filter((c) => c.AppliedAmount !== 0),
    Prepayments: [],
    Overpayments: (i.Overpayments ?? []).map((op) => ({
      OverpaymentID: op.OverpaymentID,
      Type: op.Type,
      Date: msDateOf(op.Date),
      Total: n(op.Total),
      RemainingCredit: n(op.RemainingCredit),
      Status: 'AUTHORISED',
      CurrencyCode: i.CurrencyCode,
      HasAttachments: false,
    })),
    ...(o.lines ? { LineItems: org.linesOf(i).map((l) => line(l, org, o.unitdp)) } : {}),
  });
  if (base.TotalDiscount === undefined) delete base.TotalDiscount;
  return base;
}

/** Renders a credit note. */
export function renderCreditNote(
  org: XeroOrgStore,
  c: CreditNoteRec,
  o: RenderOpts,
): Record<string, unknown> {
  return {
    CreditNoteID: c.CreditNoteID,
    CreditNoteNumber: c.CreditNoteNumber,
    Type: c.Type,
    ...(c.Reference !== undefined ? { Reference: c.Reference } : {}),
    Contact: contactRef(org, c.ContactID),
    DateString: dateString(c.Date),
    Date: msDateOf(c.Date),
    ...(c.DueDate ? { DueDateString: dateString(c.DueDate), DueDate: msDateOf(c.DueDate) } : {}),
    Status: c.Status,
    LineAmountTypes: c.LineAmountTypes,
    SubTotal: n(c.SubTotal),
    TotalTax: n(c.TotalTax),
    Total: n(c.Total),
    UpdatedDateUTC: msDate(c.UpdatedDateUTC),
    CurrencyCode: c.CurrencyCode,
    CurrencyRate: n(c.CurrencyRate),
    ...(c.FullyPaidOnDate ? { FullyPaidOnDate: msDateOf(c.FullyPaidOnDate) } : {}),
    RemainingCredit: n(remainingCredit(c)),
    Allocations: c.Allocations.filter((a) => !a.IsDeleted).map((a) =>
      renderAllocation(org, c, a.AllocationID),
    ),
    Payments: c.PaymentIDs.map((id) => org.payments.get(id))
      .filter((p): p is PaymentRec => !!p && p.Status === 'AUTHORISED')
      .map(paymentRef),
    HasAttachments: false,
    HasErrors: false,
    ...(o.lines ? { LineItems: org.linesOf(c).map((l) => line(l, org, o.unitdp)) } : {}),
  };
}

/** Renders one allocation of a credit note. */
export function renderAllocation(
  org: XeroOrgStore,
  c: CreditNoteRec,
  allocationId: string,
): Record<string, unknown> {
  const a = c.Allocations.find((x) => x.AllocationID === allocationId);
  if (!a) return {};
  const inv = org.invoices.get(a.InvoiceID);
  return {
    AllocationID: a.AllocationID,
    Amount: n(a.Amount),
    Date: msDateOf(a.Date),
    ...(a.IsDeleted ? { IsDeleted: true } : {}),
    Invoice: inv
      ? {
          InvoiceID: inv.InvoiceID,
          InvoiceNumber: inv.InvoiceNumber,
          Type: inv.Type,
          Payments: [],
          CreditNotes: [],
          Prepayments: [],
          Overpayments: [],
          HasErrors: false,
          IsDiscounted: false,
          LineItems: [],
        }
      : { InvoiceID: a.InvoiceID },
    CreditNote: { CreditNoteID: c.CreditNoteID, CreditNoteNumber: c.CreditNoteNumber, Type: c.Type },
  };
}

/** Renders a payment. */
export function renderPayment(org: XeroOrgStore, p: PaymentRec): Record<string, unknown> {
  const acc = org.accounts.get(p.AccountID);
  const inv = p.InvoiceID ? org.invoices.get(p.InvoiceID) : undefined;
  const cn = p.CreditNoteID ? org.creditNotes.get(p.CreditNoteID) : undefined;
  return {
    PaymentID: p.PaymentID,
    Date: msDateOf(p.Date),
    BankAmount: n(p.BankAmount),
    Amount: n(p.Amount),
    ...(p.Reference !== undefined ? { Reference: p.Reference } : {}),
    CurrencyRate: n(p.CurrencyRate),
    PaymentType: p.PaymentType,
    Status: p.Status,
    UpdatedDateUTC: msDate(p.UpdatedDateUTC),
    UpdatedDateUTCString: utcString(p.UpdatedDateUTC),
    HasAccount: true,
    IsReconciled: p.IsReconciled,
    Account: acc ? { AccountID: acc.AccountID, Code: acc.Code } : { AccountID: p.AccountID },
    ...(inv
      ? {
          Invoice: {
            Type: inv.Type,
            InvoiceID: inv.InvoiceID,
            InvoiceNumber: inv.InvoiceNumber,
            Contact: contactRef(org, inv.ContactID),
            CurrencyCode: inv.CurrencyCode,
            Payments: [],
            CreditNotes: [],
            Prepayments: [],
            Overpayments: [],
            HasErrors: false,
            IsDiscounted: false,
            LineItems: [],
          },
        }
      : {}),
    ...(cn
      ? {
          CreditNote: {
            CreditNoteID: cn.CreditNoteID,
            CreditNoteNumber: cn.CreditNoteNumber,
            Type: cn.Type,
            Contact: contactRef(org, cn.ContactID),
            CurrencyCode: cn.CurrencyCode,
          },
        }
      : {}),
    HasValidationErrors: false,
  };
}

/** Receivable/payable balances of a contact (single-contact GET only, as in Xero). */
function balances(org: XeroOrgStore, c: ContactRec, today: string): Record<string, unknown> {
  let ar = new D(0);
  let arOver = new D(0);
  let ap = new D(0);
  let apOver = new D(0);
  for (const id of org.invoicesByContact.get(c.ContactID) ?? []) {
    const i = org.invoices.get(id);
    if (!i || i.Status !== 'AUTHORISED') continue;
    const due = new D(amountDue(i)).div(i.CurrencyRate);
    const overdue = i.DueDate !== undefined && i.DueDate < today;
    if (i.Type === 'ACCREC') {
      ar = ar.plus(due);
      if (overdue) arOver = arOver.plus(due);
    } else {
      ap = ap.plus(due);
      if (overdue) apOver = apOver.plus(due);
    }
  }
  const f = (d: InstanceType<typeof D>): number => Number(d.toFixed(2));
  return {
    AccountsReceivable: { Outstanding: f(ar), Overdue: f(arOver) },
    AccountsPayable: { Outstanding: f(ap), Overdue: f(apOver) },
  };
}

/** Renders a contact; `full` adds balances (single GET) and `summaryOnly` strips the heavy fields. */
export function renderContact(
  org: XeroOrgStore,
  c: ContactRec,
  o: { full?: boolean; summaryOnly?: boolean; today?: string },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ContactID: c.ContactID,
    ...(c.ContactNumber ? { ContactNumber: c.ContactNumber } : {}),
    ContactStatus: c.ContactStatus,
    Name: c.Name,
  };
  const f = c.fields;
  if (o.summaryOnly) {
    for (const k of [
      'AccountNumber',
      'FirstName',
      'LastName',
      'EmailAddress',
      'CompanyNumber',
      'TaxNumber',
    ]) {
      if (f[k] !== undefined) out[k] = f[k];
    }
  } else {
    Object.assign(out, structuredClone(f));
    out.Addresses ??= [];
    out.Phones ??= [];
    out.ContactGroups = [];
    out.ContactPersons ??= [];
  }
  Object.assign(out, {
    UpdatedDateUTC: msDate(c.UpdatedDateUTC),
    IsSupplier: c.IsSupplier,
    IsCustomer: c.IsCustomer,
    HasAttachments: false,
    HasValidationErrors: false,
  });
  if (o.full) out.Balances = balances(org, c, o.today ?? '9999-12-31');
  return out;
}

function details(d: ItemRec['SalesDetails']): Record<string, unknown> | undefined {
  if (!d) return undefined;
  return {
    ...(d.UnitPrice !== undefined ? { UnitPrice: n(d.UnitPrice) } : {}),
    ...(d.AccountCode !== undefined ? { AccountCode: d.AccountCode } : {}),
    ...(d.COGSAccountCode !== undefined ? { COGSAccountCode: d.COGSAccountCode } : {}),
    ...(d.TaxType !== undefined ? { TaxType: d.TaxType } : {}),
  };
}

/** Renders an item. */
export function renderItem(i: ItemRec, unitdp: 2 | 4): Record<string, unknown> {
  const price = (d: ItemRec['SalesDetails']): Record<string, unknown> | undefined => {
    const out = details(d);
    if (out && d?.UnitPrice !== undefined)
      out.UnitPrice = Number(new D(d.UnitPrice).toDecimalPlaces(unitdp).toFixed(unitdp));
    return out;
  };
  return {
    ItemID: i.ItemID,
    Code: i.Code,
    ...(i.Name !== undefined ? { Name: i.Name } : {}),
    ...(i.Description !== undefined ? { Description: i.Description } : {}),
    ...(i.PurchaseDescription !== undefined ? { PurchaseDescription: i.PurchaseDescription } : {}),
    IsSold: i.IsSold,
    IsPurchased: i.IsPurchased,
    IsTrackedAsInventory: i.IsTrackedAsInventory,
    ...(i.InventoryAssetAccountCode ? { InventoryAssetAccountCode: i.InventoryAssetAccountCode } : {}),
    ...(i.SalesDetails ? { SalesDetails: price(i.SalesDetails) } : {}),
    ...(i.PurchaseDetails ? { PurchaseDetails: price(i.PurchaseDetails) } : {}),
    UpdatedDateUTC: msDate(i.UpdatedDateUTC),
  };
}

/** Renders an account. */
export function renderAccount(a: AccountRec): Record<string, unknown> {
  const { UpdatedDateUTC, ...rest } = a;
  return { ...rest, HasAttachments: false, AddToWatchlist: false, UpdatedDateUTC: msDate(UpdatedDateUTC) };
}

/** Renders a tax rate. */
export function renderTaxRate(t: TaxRateRec): Record<string, unknown> {
  return {
    ...t,
    TaxComponents: t.TaxComponents.map((c) => ({ ...c, Rate: Number(c.Rate) })),
    DisplayTaxRate: Number(t.DisplayTaxRate),
    EffectiveRate: Number(t.EffectiveRate),
  };
}

/** Renders a tracking category. */
export function renderTracking(t: TrackingCategoryRec, includeArchived: boolean): Record<string, unknown> {
  return {
    TrackingCategoryID: t.TrackingCategoryID,
    Name: t.Name,
    Status: t.Status,
    Options: t.Options.filter((o) => includeArchived || o.Status === 'ACTIVE').map((o) => ({
      ...o,
      TrackingCategoryID: t.TrackingCategoryID,
    })),
  };
}

const DATE_FIELDS = new Set([
  'Date',
  'DueDate',
  'FullyPaidOnDate',
  'ExpectedPaymentDate',
  'PlannedPaymentDate',
]);

/** Converts a rendered JSON value into a where-comparable value (dates → Date, `/Date()/` strings too). */
function toField(key: string, v: unknown): FieldValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const m = /^\/Date\((-?\d+)/.exec(v);
    if (m) return new Date(Number(m[1]));
    if (DATE_FIELDS.has(key)) return new Date(Date.parse(`${v}T00:00:00Z`));
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/**
 * Builds a `where`/`order` accessor from a fast field reader plus the rendered record as fallback. `known` lists
 * the top-level names the entity has (others → QueryParseException), `fast` answers the common optimised fields
 * straight from the stored record so filtering 100k invoices does not render them.
 */
export function accessor<R>(
  known: readonly string[],
  fast: (rec: R, key: string) => FieldValue | undefined,
  render: (rec: R) => Record<string, unknown>,
  nested: (rec: R, path: readonly string[]) => FieldValue | undefined = () => undefined,
): (rec: R, path: readonly string[]) => FieldValue | typeof UNKNOWN_FIELD {
  const knownLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  return (rec, path) => {
    const top = knownLower.get((path[0] ?? '').toLowerCase());
    if (!top) return UNKNOWN_FIELD;
    const canon = [top, ...path.slice(1)];
    if (canon.length === 1) {
      const v = fast(rec, top);
      if (v !== undefined) return v;
    } else {
      const v = nested(rec, canon);
      if (v !== undefined) return v;
    }
    let cur: unknown = render(rec);
    for (const p of canon) {
      if (cur === null || typeof cur !== 'object') return null;
      const obj = cur as Record<string, unknown>;
      const k = Object.keys(obj).find((x) => x.toLowerCase() === p.toLowerCase());
      cur = k === undefined ? undefined : obj[k];
    }
    return toField(canon[canon.length - 1] ?? '', cur);
  };
}

/** Converts a stored calendar date to a where value. */
export function dateField(d: string | undefined): FieldValue {
  return d === undefined ? null : new Date(Date.parse(`${d}T00:00:00Z`));
}
