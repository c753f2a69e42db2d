import type { SimResponse } from '../kit/http-kit';
import type { Router } from '../kit/router';
import { runBatch } from './xero-batch';
import {
  elementsOf,
  ElementError,
  envelope,
  isGuid,
  notFound,
  queryBool,
  queryList,
  type XeroCtx,
  type XeroHandler,
} from './xero-context';
import {
  applyDocHeader,
  bindDoc,
  buildLines,
  checkLockDate,
  checkTransition,
  createContactNamed,
  resolveContact,
  resolveCurrency,
  today,
  type DocIn,
  type LineIn,
} from './xero-documents';
import { listRecords } from './xero-list';
import { D } from './xero-money';
import type { XeroOrgStore } from './xero-org-store';
import type { InvoiceRec, LineRec } from './xero-records';
import { accessor, amountDue, dateField, renderInvoice } from './xero-render';
import { randomUUID } from 'node:crypto';

const ZERO_ID = '00000000-0000-0000-0000-000000000000';
const INVOICE_TYPES = [
  'ACCPAY',
  'ACCPAYCREDIT',
  'APOVERPAYMENT',
  'APPREPAYMENT',
  'ACCREC',
  'ACCRECCREDIT',
  'AROVERPAYMENT',
  'ARPREPAYMENT',
] as const;

const INVOICE_FIELDS = [
  'Type',
  'InvoiceID',
  'InvoiceNumber',
  'Reference',
  'Contact',
  'Date',
  'DueDate',
  'Status',
  'LineAmountTypes',
  'SubTotal',
  'TotalTax',
  'Total',
  'TotalDiscount',
  'CurrencyCode',
  'CurrencyRate',
  'AmountDue',
  'AmountPaid',
  'AmountCredited',
  'FullyPaidOnDate',
  'UpdatedDateUTC',
  'SentToContact',
  'ExpectedPaymentDate',
  'PlannedPaymentDate',
  'HasAttachments',
  'IsDiscounted',
  'BrandingThemeID',
  'Url',
  'LineItems',
  'Payments',
  'CreditNotes',
  'Prepayments',
  'Overpayments',
  'HasErrors',
] as const;

/** The `where`/`order` accessor of invoices (fast paths for Xero's optimised fields, §2.3). */
export function invoiceAccessor(org: XeroOrgStore) {
  return accessor<InvoiceRec>(
    INVOICE_FIELDS,
    (i, k) => {
      switch (k) {
        case 'Type':
        case 'Status':
        case 'InvoiceNumber':
        case 'InvoiceID':
        case 'CurrencyCode':
        case 'LineAmountTypes':
          return i[k];
        case 'Reference':
          return i.Reference ?? null;
        case 'Date':
          return dateField(i.Date);
        case 'DueDate':
          return dateField(i.DueDate);
        case 'FullyPaidOnDate':
          return dateField(i.FullyPaidOnDate);
        case 'AmountDue':
          return Number(amountDue(i));
        case 'AmountPaid':
        case 'AmountCredited':
        case 'Total':
        case 'SubTotal':
        case 'TotalTax':
          return Number(i[k]);
        case 'UpdatedDateUTC':
          return new Date(i.UpdatedDateUTC);
        case 'SentToContact':
          return i.SentToContact ?? false;
        default:
          return undefined;
      }
    },
    (i) => renderInvoice(org, i, { lines: true, unitdp: 4 }),
    (i, path) => {
      if (path[0] !== 'Contact' || path.length !== 2) return undefined;
      const c = org.contacts.get(i.ContactID);
      const k = (path[1] ?? '').toLowerCase();
      if (k === 'contactid') return i.ContactID;
      if (k === 'name') return c?.Name ?? null;
      if (k === 'contactnumber') return c?.ContactNumber ?? null;
      return undefined;
    },
  );
}

/** Finds an invoice by the path segment: a GUID is an InvoiceID, anything else an InvoiceNumber (§1.2). */
export function findInvoice(org: XeroOrgStore, key: string): InvoiceRec | undefined {
  if (isGuid(key)) return org.invoices.get(key.toLowerCase());
  return org.invoiceByNumber(key, 'ACCREC') ?? org.invoiceByNumber(key);
}

function nextInvoiceNumber(org: XeroOrgStore): string {
  for (;;) {
    const n = `INV-${String(++org.counters.invoice).padStart(4, '0')}`;
    if (!org.invoiceByNumber(n, 'ACCREC')) return n;
  }
}

function linesAsInput(lines: LineRec[]): LineIn[] {
  return lines.map((l) => ({ LineItemID: l.LineItemID }));
}

function createInvoice(ctx: XeroCtx, d: DocIn): InvoiceRec {
  const org = ctx.org;
  const errors: string[] = [];
  if (d.ID)
    throw new ElementError(['InvoiceID cannot be specified when creating an invoice.'], { InvoiceID: d.ID });
  const type = d.Type;
  if (type !== 'ACCREC' && type !== 'ACCPAY') {
    errors.push(
      type ? `Invoice Type '${type}' is not supported for invoices.` : 'Invoice Type must be specified.',
    );
  }
  const status = d.Status ?? 'DRAFT';
  if (!['DRAFT', 'SUBMITTED', 'AUTHORISED'].includes(status))
    errors.push('Invoice not of valid status for creation');
  const who = resolveContact(ctx, d.Contact, errors);
  if (type === 'ACCREC' && d.Number && org.invoiceByNumber(d.Number, 'ACCREC'))
    errors.push('Invoice # must be unique.');
  const date = d.Date ?? today(ctx);
  if (status === 'AUTHORISED') checkLockDate(ctx, date, errors);
  const lat = d.LineAmountTypes ?? 'Exclusive';
  const cur = resolveCurrency(ctx, d.CurrencyCode, d.CurrencyRate, errors);
  const built = buildLines(ctx, d.LineItems ?? [], [], type ?? 'ACCREC', lat, status, errors);
  if (status !== 'DRAFT' && built.lines.length === 0)
    errors.push('An approved invoice must have at least one line item.');
  if (new D(built.totals.Total).isNegative()) errors.push('Invoice total must not be negative.');
  if (errors.length) throw new ElementError(errors, { InvoiceID: ZERO_ID });
  const contact = who.contact ?? createContactNamed(ctx, who.create as string);
  const rec: InvoiceRec = {
    InvoiceID: randomUUID(),
    Type: type as 'ACCREC' | 'ACCPAY',
    InvoiceNumber: type === 'ACCREC' ? d.Number || nextInvoiceNumber(org) : (d.Number ?? ''),
    ContactID: contact.ContactID,
    Date: date,
    Status: status,
    LineAmountTypes: lat,
    ...cur,
    LineItems: built.lines,
    ...built.totals,
    AmountPaid: '0.00',
    AmountCredited: '0.00',
    PaymentIDs: [],
    CreditNoteIDs: [],
    UpdatedDateUTC: org.stamp(ctx.now),
    createdBy: ctx.clientId,
  };
  applyDocHeader(rec, d);
  if (d.ExpectedPaymentDate) rec.ExpectedPaymentDate = d.ExpectedPaymentDate;
  if (d.PlannedPaymentDate) rec.PlannedPaymentDate = d.PlannedPaymentDate;
  org.putInvoice(rec);
  if (rec.Type === 'ACCREC') contact.IsCustomer = true;
  else contact.IsSupplier = true;
  return rec;
}

function updateInvoice(ctx: XeroCtx, rec: InvoiceRec, d: DocIn): InvoiceRec {
  const org = ctx.org;
  const errors: string[] = [];
  const to = d.Status ?? rec.Status;
  const settled = rec.AmountPaid !== '0.00' || rec.AmountCredited !== '0.00';
  checkTransition(rec.Status, to, settled, errors);
  if (errors.length) throw new ElementError(errors, { InvoiceID: rec.InvoiceID });
  const structural =
    d.LineItems !== undefined ||
    d.Contact !== undefined ||
    d.Date !== undefined ||
    d.CurrencyCode !== undefined ||
    d.LineAmountTypes !== undefined;
  if (settled && structural) {
    errors.push('This document cannot be edited as it has a payment or credit note allocated to it.');
  }
  if (rec.Status === 'AUTHORISED') checkLockDate(ctx, rec.Date, errors);
  if (to === 'AUTHORISED' && d.Date) checkLockDate(ctx, d.Date, errors);
  else if (to === 'AUTHORISED' && rec.Status !== 'AUTHORISED') checkLockDate(ctx, rec.Date, errors);
  const who = d.Contact
    ? resolveContact(ctx, d.Contact, errors)
    : { contact: org.contacts.get(rec.ContactID) };
  if (d.Number !== undefined && d.Number !== rec.InvoiceNumber && rec.Type === 'ACCREC') {
    const other = org.invoiceByNumber(d.Number, 'ACCREC');
    if (other && other.InvoiceID !== rec.InvoiceID) errors.push('Invoice # must be unique.');
  }
  const lat = d.LineAmountTypes ?? rec.LineAmountTypes;
  const cur = d.CurrencyCode
    ? resolveCurrency(ctx, d.CurrencyCode, d.CurrencyRate, errors)
    : {
        CurrencyCode: rec.CurrencyCode,
        CurrencyRate: d.CurrencyRate ? new D(d.CurrencyRate).toFixed(6) : rec.CurrencyRate,
      };
  const current = org.linesOf(rec);
  const built = buildLines(ctx, d.LineItems ?? linesAsInput(current), current, rec.Type, lat, to, errors);
  if (new D(built.totals.Total).lt(new D(rec.AmountPaid).plus(rec.AmountCredited))) {
    errors.push('The invoice total cannot be less than the amount already paid or credited.');
  }
  if (errors.length) throw new ElementError(errors, { InvoiceID: rec.InvoiceID });
  const contact = who.contact ?? createContactNamed(ctx, who.create as string);
  const oldNumber = rec.InvoiceNumber;
  const oldContact = rec.ContactID;
  applyDocHeader(rec, d);
  if (d.Number !== undefined) rec.InvoiceNumber = d.Number;
  if (d.ExpectedPaymentDate) rec.ExpectedPaymentDate = d.ExpectedPaymentDate;
  if (d.PlannedPaymentDate) rec.PlannedPaymentDate = d.PlannedPaymentDate;
  rec.ContactID = contact.ContactID;
  rec.Status = to;
  rec.LineAmountTypes = lat;
  rec.CurrencyCode = cur.CurrencyCode;
  rec.CurrencyRate = cur.CurrencyRate;
  rec.LineItems = built.lines;
  delete rec.seedIndex;
  Object.assign(rec, built.totals);
  if (oldNumber !== rec.InvoiceNumber) org.indexInvoiceNumber(rec, oldNumber);
  if (oldContact !== rec.ContactID) org.indexInvoiceContact(rec, oldContact);
  if (rec.Type === 'ACCREC') contact.IsCustomer = true;
  else contact.IsSupplier = true;
  org.touch(org.invoices, rec.InvoiceID, rec, ctx.now);
  return rec;
}

/**
 * One element of PUT/POST /Invoices: PUT only creates; POST matches on InvoiceID, then on the ACCREC
 * InvoiceNumber, and creates otherwise (xero-notes.md §4.2 item 2).
 */
function writeInvoice(
  ctx: XeroCtx,
  d: DocIn,
  mode: 'create' | 'upsert',
  target?: InvoiceRec,
): Record<string, unknown> {
  const org = ctx.org;
  let existing = target;
  if (!existing && mode === 'upsert' && d.ID) {
    existing = isGuid(d.ID) ? org.invoices.get(d.ID.toLowerCase()) : undefined;
    if (!existing)
      throw new ElementError([`Invoice with InvoiceID '${d.ID}' could not be found.`], { InvoiceID: d.ID });
  }
  if (!existing && mode === 'upsert' && d.Number && (d.Type ?? 'ACCREC') === 'ACCREC') {
    existing = org.invoiceByNumber(d.Number, 'ACCREC');
  }
  const rec = existing ? updateInvoice(ctx, existing, d) : createInvoice(ctx, d);
  return renderInvoice(org, rec, { lines: true, unitdp: ctx.unitdp });
}

const bindInvoice = (el: unknown): DocIn => bindDoc(el, 'InvoiceID', 'InvoiceNumber', INVOICE_TYPES);

const getInvoices: XeroHandler = (ctx) => {
  const org = ctx.org;
  const q = ctx.req.query;
  const ids = queryList(q, 'IDs');
  const numbers = queryList(q, 'InvoiceNumbers');
  const contactIds = queryList(q, 'ContactIDs');
  const statuses = queryList(q, 'Statuses')?.map((s) => s.toUpperCase());
  const search = q.get('searchTerm')?.toLowerCase();
  const mine = queryBool(q, 'createdByMyApp');
  const summaryOnly = queryBool(q, 'summaryOnly') === true;
  let source: Iterable<InvoiceRec> = org.invoices.values();
  // Index-backed sources for the preferred filters (§2.3), re-sorted into the default UpdatedDateUTC order.
  if (ids || numbers || contactIds) {
    const set = new Set<InvoiceRec>();
    for (const id of ids ?? []) {
      const r = org.invoices.get(id.toLowerCase());
      if (r) set.add(r);
    }
    for (const n of numbers ?? []) {
      for (const id of org.invoicesByNumber.get(n.toUpperCase()) ?? []) {
        const r = org.invoices.get(id);
        if (r) set.add(r);
      }
    }
    if (!ids && !numbers) {
      for (const c of contactIds ?? []) {
        for (const id of org.invoicesByContact.get(c.toLowerCase()) ?? []) {
          const r = org.invoices.get(id);
          if (r) set.add(r);
        }
      }
    }
    source = [...set].sort((a, b) => a.UpdatedDateUTC - b.UpdatedDateUTC);
  }
  const contactSet = contactIds ? new Set(contactIds.map((c) => c.toLowerCase())) : undefined;
  const res = listRecords(ctx, source, {
    typeName: 'Invoice',
    pageable: true,
    access: invoiceAccessor(org),
    updated: (i) => i.UpdatedDateUTC,
    filter: (i) =>
      (!statuses || statuses.includes(i.Status)) &&
      (!contactSet || contactSet.has(i.ContactID)) &&
      (!mine || i.createdBy === ctx.clientId) &&
      (!search ||
        i.InvoiceNumber.toLowerCase().includes(search) ||
        (i.Reference ?? '').toLowerCase().includes(search)),
  });
  return envelope(ctx, {
    ...(res.pagination ? { pagination: res.pagination } : {}),
    Warnings: [],
    Invoices: res.items.map((i) =>
      renderInvoice(org, i, { lines: res.paged && !summaryOnly, summaryOnly, unitdp: ctx.unitdp }),
    ),
  });
};

const getInvoice: XeroHandler = (ctx) => {
  const rec = findInvoice(ctx.org, ctx.params.InvoiceID ?? '');
  if (!rec) return notFound();
  return envelope(ctx, { Invoices: [renderInvoice(ctx.org, rec, { lines: true, unitdp: ctx.unitdp })] });
};

const putInvoices: XeroHandler = (ctx) =>
  runBatch(ctx, elementsOf(ctx.body, 'Invoices', true), 'Invoices', 'HasErrors', bindInvoice, (d) =>
    writeInvoice(ctx, d, 'create'),
  );

const postInvoices: XeroHandler = (ctx) =>
  runBatch(ctx, elementsOf(ctx.body, 'Invoices', true), 'Invoices', 'HasErrors', bindInvoice, (d) =>
    writeInvoice(ctx, d, 'upsert'),
  );

const postInvoice: XeroHandler = (ctx): SimResponse => {
  const rec = findInvoice(ctx.org, ctx.params.InvoiceID ?? '');
  if (!rec) return notFound();
  return runBatch(
    ctx,
    elementsOf(ctx.body, 'Invoices', true).slice(0, 1),
    'Invoices',
    'HasErrors',
    bindInvoice,
    (d) => writeInvoice(ctx, d, 'upsert', rec),
  );
};

/** Registers the Invoices endpoints. */
export function registerInvoiceRoutes(r: Router<XeroHandler>): void {
  r.add('GET', '/Invoices', getInvoices, 'GET /Invoices');
  r.add('PUT', '/Invoices', putInvoices, 'PUT /Invoices');
  r.add('POST', '/Invoices', postInvoices, 'POST /Invoices');
  r.add('GET', '/Invoices/:InvoiceID', getInvoice, 'GET /Invoices/{InvoiceID}');
  r.add('POST', '/Invoices/:InvoiceID', postInvoice, 'POST /Invoices/{InvoiceID}');
}
