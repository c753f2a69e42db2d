import { randomUUID } from 'node:crypto';
import { asObject, BindError, bool, enumOf, isGuid, str, type XeroCtx } from './xero-context';
import { DateBindError, isoDateOf, parseDateIn } from './xero-dates';
import { computeDocument, decIn, fix, type LineAmountTypes } from './xero-money';
import type { XeroOrgStore } from './xero-org-store';
import type { ContactRec, DocRec, DocStatus, LineRec, TrackingRec } from './xero-records';

/** A bound (type-checked) line of a write. */
export interface LineIn {
  LineItemID?: string;
  Description?: string;
  Quantity?: string;
  UnitAmount?: string;
  LineAmount?: string;
  ItemCode?: string;
  AccountCode?: string;
  AccountID?: string;
  TaxType?: string;
  TaxAmount?: string;
  DiscountRate?: string;
  DiscountAmount?: string;
  Tracking?: { TrackingCategoryID?: string; TrackingOptionID?: string; Name?: string; Option?: string }[];
}

/** A bound invoice or credit note element. */
export interface DocIn {
  Type?: string;
  ID?: string;
  Number?: string;
  Contact?: { ContactID?: string; ContactNumber?: string; Name?: string };
  Date?: string;
  DueDate?: string;
  Status?: DocStatus;
  LineAmountTypes?: LineAmountTypes;
  Reference?: string;
  CurrencyCode?: string;
  CurrencyRate?: string;
  LineItems?: LineIn[];
  SentToContact?: boolean;
  ExpectedPaymentDate?: string;
  PlannedPaymentDate?: string;
  Url?: string;
  BrandingThemeID?: string;
}

const STATUSES = ['DRAFT', 'SUBMITTED', 'DELETED', 'AUTHORISED', 'PAID', 'VOIDED'] as const;
const LATS = ['Exclusive', 'Inclusive', 'NoTax'] as const;

/** Parses a date field, turning a bad one into a BindError (whole request 400, ErrorNumber 14). */
export function dateIn(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  try {
    return parseDateIn(v);
  } catch (e) {
    if (e instanceof DateBindError) {
      throw new BindError(
        `JSON for post data was invalid,Could not convert string to DateTime: ${String(v)}. Path '${key}'.`,
      );
    }
    throw e;
  }
}

/** Parses a numeric field into a decimal string, or BindError. */
export function numIn(o: Record<string, unknown>, key: string): string | undefined {
  try {
    return decIn(o[key])?.toString();
  } catch {
    throw new BindError(
      `JSON for post data was invalid,Could not convert string to decimal: ${String(o[key])}. Path '${key}'.`,
    );
  }
}

function bindLine(v: unknown): LineIn {
  const o = asObject(v, 'LineItem');
  const trackingRaw = o.Tracking;
  if (trackingRaw !== undefined && trackingRaw !== null && !Array.isArray(trackingRaw)) {
    throw new BindError("JSON for post data was invalid, 'Tracking' must be an array");
  }
  const out: LineIn = {};
  const set = <K extends keyof LineIn>(k: K, val: LineIn[K] | undefined): void => {
    if (val !== undefined) out[k] = val;
  };
  set('LineItemID', str(o, 'LineItemID'));
  set('Description', str(o, 'Description'));
  set('Quantity', numIn(o, 'Quantity'));
  set('UnitAmount', numIn(o, 'UnitAmount'));
  set('LineAmount', numIn(o, 'LineAmount'));
  set(
    'ItemCode',
    str(o, 'ItemCode') ??
      (o.Item && typeof o.Item === 'object' ? str(o.Item as Record<string, unknown>, 'Code') : undefined),
  );
  set('AccountCode', str(o, 'AccountCode'));
  set('AccountID', str(o, 'AccountID'));
  set('TaxType', str(o, 'TaxType'));
  set('TaxAmount', numIn(o, 'TaxAmount'));
  set('DiscountRate', numIn(o, 'DiscountRate'));
  set('DiscountAmount', numIn(o, 'DiscountAmount'));
  if (Array.isArray(trackingRaw)) {
    out.Tracking = trackingRaw.map((t) => {
      const to = asObject(t, 'Tracking');
      const r: NonNullable<LineIn['Tracking']>[number] = {};
      const id = str(to, 'TrackingCategoryID');
      const oid = str(to, 'TrackingOptionID');
      const name = str(to, 'Name');
      const opt = str(to, 'Option');
      if (id) r.TrackingCategoryID = id;
      if (oid) r.TrackingOptionID = oid;
      if (name) r.Name = name;
      if (opt) r.Option = opt;
      return r;
    });
  }
  return out;
}

/** Binds an invoice (`idKey` InvoiceID) or credit note (CreditNoteID) element. */
export function bindDoc(v: unknown, idKey: string, numberKey: string, types: readonly string[]): DocIn {
  const o = asObject(v, 'element');
  const out: DocIn = {};
  const type = enumOf(o, 'Type', types);
  if (type) out.Type = type;
  const id = str(o, idKey);
  if (id) out.ID = id;
  const num = str(o, numberKey);
  if (num !== undefined) out.Number = num;
  if (o.Contact !== undefined && o.Contact !== null) {
    const c = asObject(o.Contact, 'Contact');
    out.Contact = {};
    const cid = str(c, 'ContactID');
    const cnum = str(c, 'ContactNumber');
    const cname = str(c, 'Name');
    if (cid) out.Contact.ContactID = cid;
    if (cnum) out.Contact.ContactNumber = cnum;
    if (cname) out.Contact.Name = cname;
  }
  const date = dateIn(o, 'Date');
  if (date) out.Date = date;
  const due = dateIn(o, 'DueDate');
  if (due) out.DueDate = due;
  const status = enumOf(o, 'Status', STATUSES);
  if (status) out.Status = status;
  const lat = enumOf(o, 'LineAmountTypes', LATS);
  if (lat) out.LineAmountTypes = lat;
  const ref = str(o, 'Reference');
  if (ref !== undefined) out.Reference = ref;
  const cur = str(o, 'CurrencyCode');
  if (cur) out.CurrencyCode = cur.toUpperCase();
  const rate = numIn(o, 'CurrencyRate');
  if (rate) out.CurrencyRate = rate;
  if (o.LineItems !== undefined && o.LineItems !== null) {
    if (!Array.isArray(o.LineItems))
      throw new BindError("JSON for post data was invalid, 'LineItems' must be an array");
    out.LineItems = o.LineItems.map(bindLine);
  }
  const sent = bool(o, 'SentToContact');
  if (sent !== undefined) out.SentToContact = sent;
  const exp = dateIn(o, 'ExpectedPaymentDate');
  if (exp) out.ExpectedPaymentDate = exp;
  const plan = dateIn(o, 'PlannedPaymentDate');
  if (plan) out.PlannedPaymentDate = plan;
  const url = str(o, 'Url');
  if (url !== undefined) out.Url = url;
  const bt = str(o, 'BrandingThemeID');
  if (bt) out.BrandingThemeID = bt;
  return out;
}

/** Resolves the contact of a document; a Name that matches nothing creates a contact (as Xero does). */
export function resolveContact(
  ctx: XeroCtx,
  c: DocIn['Contact'],
  errors: string[],
): { contact?: ContactRec; create?: string } {
  const org = ctx.org;
  if (!c || (!c.ContactID && !c.ContactNumber && !c.Name)) {
    errors.push(
      'The Contact must contain at least 1 of the following elements to identify the contact: Name, ContactID, ContactNumber',
    );
    return {};
  }
  if (c.ContactID) {
    const found = isGuid(c.ContactID) ? org.contacts.get(c.ContactID.toLowerCase()) : undefined;
    if (!found) errors.push(`The contact with ContactID ${c.ContactID} could not be found.`);
    return found ? { contact: found } : {};
  }
  if (c.ContactNumber) {
    const id = org.contactByNumber.get(c.ContactNumber.toUpperCase());
    const found = id ? org.contacts.get(id) : undefined;
    if (found) return { contact: found };
    if (!c.Name) {
      errors.push(`The contact with ContactNumber ${c.ContactNumber} could not be found.`);
      return {};
    }
  }
  const byName = org.activeContactByName(c.Name as string);
  return byName ? { contact: byName } : { create: c.Name as string };
}

/** Creates the contact a document named but that does not exist yet. */
export function createContactNamed(ctx: XeroCtx, name: string): ContactRec {
  const rec: ContactRec = {
    ContactID: randomUUID(),
    Name: name,
    ContactStatus: 'ACTIVE',
    IsCustomer: false,
    IsSupplier: false,
    UpdatedDateUTC: ctx.org.stamp(ctx.now),
    fields: {},
  };
  ctx.org.putContact(rec);
  return rec;
}

/** The tax side of a document type. */
export function sideOf(type: string): 'sale' | 'purchase' {
  return type === 'ACCREC' || type === 'ACCRECCREDIT' ? 'sale' : 'purchase';
}

/**
 * Builds the stored lines of a document: fills item defaults, validates account, tax type (against the
 * account's class, CanApplyTo*), item and tracking, and computes amounts with Xero's rounding (§1.8).
 * `existing` lines are matched by LineItemID (§4.2 item 8: lines left out are deleted).
 */
export function buildLines(
  ctx: XeroCtx,
  input: LineIn[],
  existing: LineRec[],
  type: string,
  lat: LineAmountTypes,
  status: DocStatus,
  errors: string[],
): {
  lines: LineRec[];
  totals: { SubTotal: string; TotalTax: string; Total: string; TotalDiscount: string };
} {
  const org = ctx.org;
  const side = sideOf(type);
  const byId = new Map(existing.map((l) => [l.LineItemID.toLowerCase(), l]));
  const merged: (LineIn & { taxOverride?: boolean })[] = input.map((l) => {
    const old = l.LineItemID ? byId.get(l.LineItemID.toLowerCase()) : undefined;
    if (!old) return { ...l, ...(l.TaxAmount !== undefined ? { taxOverride: true } : {}) };
    const keep: LineIn & { taxOverride?: boolean } = {
      LineItemID: old.LineItemID,
      ...(old.Description !== undefined ? { Description: old.Description } : {}),
      ...(old.Quantity !== undefined ? { Quantity: old.Quantity } : {}),
      ...(old.UnitAmount !== undefined ? { UnitAmount: old.UnitAmount } : {}),
      ...(old.ItemCode !== undefined ? { ItemCode: old.ItemCode } : {}),
      ...(old.AccountCode !== undefined ? { AccountCode: old.AccountCode } : {}),
      ...(old.TaxType !== undefined ? { TaxType: old.TaxType } : {}),
      ...(old.taxOverride ? { TaxAmount: old.TaxAmount, taxOverride: true } : {}),
      ...(old.DiscountRate !== undefined ? { DiscountRate: old.DiscountRate } : {}),
      ...(old.DiscountAmount !== undefined ? { DiscountAmount: old.DiscountAmount } : {}),
      ...(old.Tracking ? { Tracking: old.Tracking } : {}),
    };
    const changedAmounts =
      l.Quantity !== undefined || l.UnitAmount !== undefined || l.LineAmount !== undefined;
    const out = { ...keep, ...l, LineItemID: old.LineItemID };
    if (changedAmounts && l.TaxAmount === undefined) {
      delete out.TaxAmount;
      delete out.taxOverride;
    } else if (l.TaxAmount !== undefined) out.taxOverride = true;
    return out;
  });

  const calcIn = merged.map((l, idx) => {
    const where = `line ${idx + 1}`;
    if (l.ItemCode) {
      const itemId = org.itemByCode.get(l.ItemCode.toUpperCase());
      const item = itemId ? org.items.get(itemId) : undefined;
      if (!item) errors.push(`Item code '${l.ItemCode}' is not valid`);
      else {
        l.ItemCode = item.Code;
        const det = side === 'sale' ? item.SalesDetails : item.PurchaseDetails;
        l.Description ??= side === 'sale' ? item.Description : (item.PurchaseDescription ?? item.Description);
        if (l.UnitAmount === undefined && l.LineAmount === undefined && det?.UnitPrice !== undefined)
          l.UnitAmount = det.UnitPrice;
        l.AccountCode ??= det?.AccountCode;
        l.TaxType ??= det?.TaxType;
      }
    }
    if (!l.AccountCode && l.AccountID) {
      const acc = org.accounts.get(l.AccountID.toLowerCase());
      if (acc) l.AccountCode = acc.Code;
      else errors.push(`Account ID '${l.AccountID}' is not valid`);
    }
    const account = l.AccountCode ? org.accountByCode.get(l.AccountCode.toUpperCase()) : undefined;
    if (l.AccountCode) {
      if (!account || account.Status !== 'ACTIVE' || account.Type === 'BANK') {
        errors.push(`Account code '${l.AccountCode}' is not a valid code for this document.`);
      } else l.AccountCode = account.Code;
    }
    if (lat === 'NoTax') l.TaxType = 'NONE';
    if (!l.TaxType && account) l.TaxType = account.TaxType;
    let rate = '0';
    if (l.TaxType) {
      const tr = org.taxRates.get(l.TaxType.toUpperCase());
      if (!tr || tr.Status !== 'ACTIVE') {
        errors.push(
          `The TaxType code '${l.TaxType}' does not exist or cannot be used with this type of transaction.`,
        );
      } else {
        l.TaxType = tr.TaxType;
        rate = tr.EffectiveRate;
        if (account) {
          const ok =
            account.Class === 'REVENUE'
              ? tr.CanApplyToRevenue
              : account.Class === 'EXPENSE'
                ? tr.CanApplyToExpenses
                : account.Class === 'ASSET'
                  ? tr.CanApplyToAssets
                  : account.Class === 'LIABILITY'
                    ? tr.CanApplyToLiabilities
                    : tr.CanApplyToEquity;
          if (!ok)
            errors.push(
              `The TaxType code '${tr.TaxType}' cannot be used with account code '${account.Code}'.`,
            );
        }
      }
    }
    if ((l.DiscountRate !== undefined || l.DiscountAmount !== undefined) && type !== 'ACCREC') {
      errors.push('Discounts are only supported on sales invoices (ACCREC).');
    }
    if (l.Tracking && l.Tracking.length > 2)
      errors.push(`A line item can have at most 2 tracking categories (${where}).`);
    const hasAmount = l.Quantity !== undefined || l.UnitAmount !== undefined || l.LineAmount !== undefined;
    if (!hasAmount && !l.Description) errors.push('Description needs to be at least 1 char long.');
    if (hasAmount && !l.AccountCode && (status === 'AUTHORISED' || status === 'SUBMITTED')) {
      errors.push('Account code must be specified for each line item of an approved document.');
    }
    return {
      ...(l.Quantity !== undefined ? { quantity: l.Quantity } : hasAmount ? { quantity: '1' } : {}),
      ...(l.UnitAmount !== undefined ? { unitAmount: l.UnitAmount } : {}),
      ...(l.LineAmount !== undefined ? { lineAmount: l.LineAmount } : {}),
      ...(l.DiscountRate !== undefined ? { discountRate: l.DiscountRate } : {}),
      ...(l.DiscountAmount !== undefined ? { discountAmount: l.DiscountAmount } : {}),
      ...(l.TaxAmount !== undefined ? { taxAmount: l.TaxAmount } : {}),
      rate,
    };
  });
  const calc = computeDocument(calcIn, lat, ctx.unitdp);
  const lines: LineRec[] = merged.map((l, i) => {
    const c = calc.lines[i]!;
    const tracking = resolveTracking(org, l.Tracking, errors);
    const hasAmount = calcIn[i]!.quantity !== undefined || calcIn[i]!.unitAmount !== undefined;
    return {
      LineItemID:
        l.LineItemID && byId.has(l.LineItemID.toLowerCase()) ? (l.LineItemID as string) : randomUUID(),
      ...(l.Description !== undefined ? { Description: l.Description } : {}),
      ...(hasAmount && c.quantity !== undefined ? { Quantity: c.quantity } : {}),
      ...(hasAmount && c.unitAmount !== undefined ? { UnitAmount: c.unitAmount } : {}),
      ...(l.ItemCode ? { ItemCode: l.ItemCode } : {}),
      ...(l.AccountCode ? { AccountCode: l.AccountCode } : {}),
      ...(l.TaxType ? { TaxType: l.TaxType } : {}),
      TaxAmount: c.taxAmount,
      LineAmount: c.lineAmount,
      ...(l.DiscountRate !== undefined ? { DiscountRate: fix(l.DiscountRate, 2) } : {}),
      ...(l.DiscountAmount !== undefined ? { DiscountAmount: fix(l.DiscountAmount, 2) } : {}),
      ...(l.taxOverride ? { taxOverride: true } : {}),
      ...(tracking.length ? { Tracking: tracking } : {}),
    };
  });
  return {
    lines,
    totals: {
      SubTotal: calc.subTotal,
      TotalTax: calc.totalTax,
      Total: calc.total,
      TotalDiscount: calc.totalDiscount,
    },
  };
}

function resolveTracking(org: XeroOrgStore, tracking: LineIn['Tracking'], errors: string[]): TrackingRec[] {
  const out: TrackingRec[] = [];
  for (const t of tracking ?? []) {
    const cat = t.TrackingCategoryID
      ? org.trackingCategories.get(t.TrackingCategoryID.toLowerCase())
      : [...org.trackingCategories.values()].find(
          (c) => c.Name.toLowerCase() === (t.Name ?? '').toLowerCase(),
        );
    if (!cat) {
      errors.push(`Tracking category '${t.Name ?? t.TrackingCategoryID ?? ''}' is not valid.`);
      continue;
    }
    const opt = t.TrackingOptionID
      ? cat.Options.find((o) => o.TrackingOptionID === t.TrackingOptionID?.toLowerCase())
      : cat.Options.find((o) => o.Name.toLowerCase() === (t.Option ?? '').toLowerCase());
    if (!opt || opt.Status !== 'ACTIVE') {
      errors.push(
        `TrackingOptionName '${t.Option ?? t.TrackingOptionID ?? ''}' is not valid for category '${cat.Name}'.`,
      );
      continue;
    }
    out.push({
      TrackingCategoryID: cat.TrackingCategoryID,
      TrackingOptionID: opt.TrackingOptionID,
      Name: cat.Name,
      Option: opt.Name,
    });
  }
  return out;
}

/**
 * Checks a status change against the table of xero-notes.md §1.7. `settled` is true when the document has
 * payments or allocations (AUTHORISED → VOIDED is then refused).
 */
export function checkTransition(from: DocStatus, to: DocStatus, settled: boolean, errors: string[]): void {
  if (from === to && from !== 'PAID' && from !== 'VOIDED' && from !== 'DELETED') return;
  if (to === 'PAID') {
    errors.push('Invoice not of valid status for modification');
    return;
  }
  const ok: Record<DocStatus, DocStatus[]> = {
    DRAFT: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
    SUBMITTED: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
    AUTHORISED: ['AUTHORISED', 'VOIDED'],
    PAID: [],
    VOIDED: [],
    DELETED: [],
  };
  if (!ok[from].includes(to)) {
    errors.push('Invoice not of valid status for modification');
    return;
  }
  if (from === 'AUTHORISED' && to === 'VOIDED' && settled) {
    errors.push('This document cannot be voided as it has payments or credit notes allocated to it.');
  }
}

/** The lock-date check (Organisation.PeriodLockDate). */
export function checkLockDate(ctx: XeroCtx, date: string, errors: string[]): void {
  const lock = ctx.org.organisation.PeriodLockDate;
  if (ctx.behaviour.enforceLockDate && lock && date <= lock) {
    errors.push(`The document date cannot be on or before the organisation's lock date (${lock}).`);
  }
}

/** Applies the writable header fields common to invoices and credit notes. */
export function applyDocHeader(rec: DocRec, d: DocIn): void {
  if (d.Reference !== undefined) rec.Reference = d.Reference;
  if (d.Date) rec.Date = d.Date;
  if (d.DueDate) rec.DueDate = d.DueDate;
  if (d.SentToContact !== undefined) rec.SentToContact = d.SentToContact;
  if (d.Url !== undefined) rec.Url = d.Url;
  if (d.BrandingThemeID) rec.BrandingThemeID = d.BrandingThemeID;
}

/** Resolves currency and rate; foreign documents without a rate get the simulator's day rate. */
export function resolveCurrency(
  ctx: XeroCtx,
  code: string | undefined,
  rate: string | undefined,
  errors: string[],
): { CurrencyCode: string; CurrencyRate: string } {
  const base = ctx.org.organisation.BaseCurrency;
  const cur = code ?? base;
  if (cur === base) return { CurrencyCode: base, CurrencyRate: '1.000000' };
  const known = ctx.org.currencies.get(cur);
  if (!known) {
    errors.push(`The currency code '${cur}' is not enabled for this organisation.`);
    return { CurrencyCode: cur, CurrencyRate: '1.000000' };
  }
  return { CurrencyCode: cur, CurrencyRate: fix(rate ?? known.rate, 6) };
}

/** Today's date in the organisation (UTC in the simulator). */
export function today(ctx: XeroCtx): string {
  return isoDateOf(ctx.now);
}
