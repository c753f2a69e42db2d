import { randomUUID } from 'node:crypto';
import type { Router } from '../kit/router';
import { runBatch } from './xero-batch';
import {
  asObject,
  elementsOf,
  ElementError,
  envelope,
  isGuid,
  notFound,
  str,
  validationException,
  type XeroCtx,
  type XeroHandler,
} from './xero-context';
import { json } from '../kit/http-kit';
import {
  applyDocHeader,
  bindDoc,
  buildLines,
  checkLockDate,
  checkTransition,
  createContactNamed,
  dateIn,
  numIn,
  resolveContact,
  resolveCurrency,
  today,
  type DocIn,
} from './xero-documents';
import { listRecords } from './xero-list';
import { D } from './xero-money';
import type { XeroOrgStore } from './xero-org-store';
import type { CreditNoteRec } from './xero-records';
import {
  accessor,
  amountDue,
  dateField,
  remainingCredit,
  renderAllocation,
  renderCreditNote,
} from './xero-render';

const ZERO_ID = '00000000-0000-0000-0000-000000000000';
const CN_TYPES = ['ACCPAYCREDIT', 'ACCRECCREDIT'] as const;
const CN_FIELDS = [
  'Type',
  'CreditNoteID',
  'CreditNoteNumber',
  'Reference',
  'Contact',
  'Date',
  'DueDate',
  'Status',
  'LineAmountTypes',
  'SubTotal',
  'TotalTax',
  'Total',
  'CurrencyCode',
  'CurrencyRate',
  'RemainingCredit',
  'FullyPaidOnDate',
  'UpdatedDateUTC',
  'Allocations',
  'Payments',
  'LineItems',
  'HasAttachments',
  'HasErrors',
  'SentToContact',
] as const;

function cnAccessor(org: XeroOrgStore) {
  return accessor<CreditNoteRec>(
    CN_FIELDS,
    (c, k) => {
      switch (k) {
        case 'Type':
        case 'Status':
        case 'CreditNoteNumber':
        case 'CreditNoteID':
        case 'CurrencyCode':
          return c[k];
        case 'Reference':
          return c.Reference ?? null;
        case 'Date':
          return dateField(c.Date);
        case 'RemainingCredit':
          return Number(remainingCredit(c));
        case 'Total':
        case 'SubTotal':
        case 'TotalTax':
          return Number(c[k]);
        case 'UpdatedDateUTC':
          return new Date(c.UpdatedDateUTC);
        default:
          return undefined;
      }
    },
    (c) => renderCreditNote(org, c, { lines: true, unitdp: 4 }),
    (c, path) => (path[0] === 'Contact' && path[1]?.toLowerCase() === 'contactid' ? c.ContactID : undefined),
  );
}

/** Finds a credit note by id (GUID) or number. */
export function findCreditNote(org: XeroOrgStore, key: string): CreditNoteRec | undefined {
  if (isGuid(key)) return org.creditNotes.get(key.toLowerCase());
  const id = org.creditNoteByNumber.get(key.toUpperCase());
  return id ? org.creditNotes.get(id) : undefined;
}

function nextNumber(org: XeroOrgStore): string {
  for (;;) {
    const n = `CN-${String(++org.counters.creditNote).padStart(4, '0')}`;
    if (!org.creditNoteByNumber.has(n)) return n;
  }
}

function createCn(ctx: XeroCtx, d: DocIn): CreditNoteRec {
  const org = ctx.org;
  const errors: string[] = [];
  if (d.ID)
    throw new ElementError(['CreditNoteID cannot be specified when creating a credit note.'], {
      CreditNoteID: d.ID,
    });
  if (d.Type !== 'ACCRECCREDIT' && d.Type !== 'ACCPAYCREDIT')
    errors.push('Credit note Type must be specified.');
  const status = d.Status ?? 'DRAFT';
  if (!['DRAFT', 'SUBMITTED', 'AUTHORISED'].includes(status))
    errors.push('Credit note not of valid status for creation');
  const who = resolveContact(ctx, d.Contact, errors);
  if (d.Number && org.creditNoteByNumber.has(d.Number.toUpperCase()))
    errors.push('Credit Note # must be unique.');
  const date = d.Date ?? today(ctx);
  if (status === 'AUTHORISED') checkLockDate(ctx, date, errors);
  const lat = d.LineAmountTypes ?? 'Exclusive';
  const cur = resolveCurrency(ctx, d.CurrencyCode, d.CurrencyRate, errors);
  const built = buildLines(
    ctx,
    d.LineItems ?? [],
    [],
    d.Type === 'ACCRECCREDIT' ? 'ACCRECCREDIT' : 'ACCPAYCREDIT',
    lat,
    status,
    errors,
  );
  if (errors.length) throw new ElementError(errors, { CreditNoteID: ZERO_ID });
  const contact = who.contact ?? createContactNamed(ctx, who.create as string);
  const rec: CreditNoteRec = {
    CreditNoteID: randomUUID(),
    Type: d.Type as CreditNoteRec['Type'],
    CreditNoteNumber: d.Number || (d.Type === 'ACCRECCREDIT' ? nextNumber(org) : ''),
    ContactID: contact.ContactID,
    Date: date,
    Status: status,
    LineAmountTypes: lat,
    ...cur,
    LineItems: built.lines,
    ...built.totals,
    Allocations: [],
    AmountPaid: '0.00',
    PaymentIDs: [],
    UpdatedDateUTC: org.stamp(ctx.now),
    createdBy: ctx.clientId,
  };
  applyDocHeader(rec, d);
  org.putCreditNote(rec);
  return rec;
}

function updateCn(ctx: XeroCtx, rec: CreditNoteRec, d: DocIn): CreditNoteRec {
  const org = ctx.org;
  const errors: string[] = [];
  const to = d.Status ?? rec.Status;
  const settled = rec.Allocations.some((a) => !a.IsDeleted) || rec.AmountPaid !== '0.00';
  checkTransition(rec.Status, to, settled, errors);
  if (errors.length) throw new ElementError(errors, { CreditNoteID: rec.CreditNoteID });
  if (settled && (d.LineItems || d.Contact || d.Date || d.CurrencyCode || d.LineAmountTypes)) {
    errors.push('This document cannot be edited as it has a payment or credit note allocated to it.');
  }
  if (rec.Status === 'AUTHORISED') checkLockDate(ctx, rec.Date, errors);
  if (to === 'AUTHORISED' && rec.Status !== 'AUTHORISED') checkLockDate(ctx, d.Date ?? rec.Date, errors);
  const who = d.Contact
    ? resolveContact(ctx, d.Contact, errors)
    : { contact: org.contacts.get(rec.ContactID) };
  const lat = d.LineAmountTypes ?? rec.LineAmountTypes;
  const cur = d.CurrencyCode
    ? resolveCurrency(ctx, d.CurrencyCode, d.CurrencyRate, errors)
    : { CurrencyCode: rec.CurrencyCode, CurrencyRate: rec.CurrencyRate };
  const current = org.linesOf(rec);
  const built = buildLines(
    ctx,
    d.LineItems ?? current.map((l) => ({ LineItemID: l.LineItemID })),
    current,
    rec.Type,
    lat,
    to,
    errors,
  );
  if (errors.length) throw new ElementError(errors, { CreditNoteID: rec.CreditNoteID });
  const contact = who.contact ?? createContactNamed(ctx, who.create as string);
  applyDocHeader(rec, d);
  if (d.Number !== undefined && d.Number !== rec.CreditNoteNumber) {
    org.creditNoteByNumber.delete(rec.CreditNoteNumber.toUpperCase());
    rec.CreditNoteNumber = d.Number;
    org.creditNoteByNumber.set(d.Number.toUpperCase(), rec.CreditNoteID);
  }
  rec.ContactID = contact.ContactID;
  rec.Status = to;
  rec.LineAmountTypes = lat;
  rec.CurrencyCode = cur.CurrencyCode;
  rec.CurrencyRate = cur.CurrencyRate;
  rec.LineItems = built.lines;
  delete rec.seedIndex;
  Object.assign(rec, built.totals);
  org.touch(org.creditNotes, rec.CreditNoteID, rec, ctx.now);
  return rec;
}

function writeCn(
  ctx: XeroCtx,
  d: DocIn,
  mode: 'create' | 'upsert',
  target?: CreditNoteRec,
): Record<string, unknown> {
  let existing = target;
  if (!existing && mode === 'upsert' && d.ID) {
    existing = isGuid(d.ID) ? ctx.org.creditNotes.get(d.ID.toLowerCase()) : undefined;
    if (!existing)
      throw new ElementError([`Credit note with CreditNoteID '${d.ID}' could not be found.`], {
        CreditNoteID: d.ID,
      });
  }
  if (!existing && mode === 'upsert' && d.Number) existing = findCreditNote(ctx.org, d.Number);
  const rec = existing ? updateCn(ctx, existing, d) : createCn(ctx, d);
  return renderCreditNote(ctx.org, rec, { lines: true, unitdp: ctx.unitdp });
}

interface AllocIn {
  InvoiceID?: string;
  InvoiceNumber?: string;
  Amount?: string;
  Date?: string;
}

function bindAlloc(v: unknown): AllocIn {
  const o = asObject(v, 'Allocation');
  const inv = o.Invoice === undefined || o.Invoice === null ? {} : asObject(o.Invoice, 'Invoice');
  const out: AllocIn = {};
  const id = str(inv, 'InvoiceID');
  const num = str(inv, 'InvoiceNumber');
  const amount = numIn(o, 'Amount');
  const date = dateIn(o, 'Date');
  if (id) out.InvoiceID = id;
  if (num) out.InvoiceNumber = num;
  if (amount) out.Amount = amount;
  if (date) out.Date = date;
  return out;
}

/**
 * Allocates part of a credit note to an invoice: both AUTHORISED, same contact side and currency, the amount
 * within RemainingCredit and the invoice's AmountDue; reaching zero marks either document PAID (§1.7).
 */
function allocate(ctx: XeroCtx, cn: CreditNoteRec, a: AllocIn): Record<string, unknown> {
  const org = ctx.org;
  const errors: string[] = [];
  const inv = a.InvoiceID
    ? isGuid(a.InvoiceID)
      ? org.invoices.get(a.InvoiceID.toLowerCase())
      : undefined
    : a.InvoiceNumber
      ? org.invoiceByNumber(a.InvoiceNumber)
      : undefined;
  if (!a.Amount) errors.push('Amount is required.');
  if (!inv) errors.push('Invoice could not be found.');
  if (errors.length || !inv || !a.Amount) throw new ElementError(errors);
  if (cn.Status !== 'AUTHORISED' || inv.Status !== 'AUTHORISED') {
    errors.push('Allocations can only be made between Authorised documents');
  }
  if ((cn.Type === 'ACCRECCREDIT') !== (inv.Type === 'ACCREC'))
    errors.push('The credit note and invoice types do not match.');
  if (cn.CurrencyCode !== inv.CurrencyCode)
    errors.push('The currency of the credit note and the invoice must match.');
  const amount = new D(a.Amount).toDecimalPlaces(2);
  if (amount.lte(0)) errors.push('Amount must be greater than zero.');
  if (amount.gt(remainingCredit(cn)))
    errors.push('The amount to allocate exceeds the remaining credit on the credit note.');
  if (amount.gt(amountDue(inv))) errors.push('The amount to allocate exceeds the amount due on the invoice.');
  const date = a.Date ?? today(ctx);
  checkLockDate(ctx, date, errors);
  if (errors.length) throw new ElementError(errors);
  const alloc = {
    AllocationID: randomUUID(),
    InvoiceID: inv.InvoiceID,
    Amount: amount.toFixed(2),
    Date: date,
  };
  cn.Allocations.push(alloc);
  if (!inv.CreditNoteIDs.includes(cn.CreditNoteID)) inv.CreditNoteIDs.push(cn.CreditNoteID);
  inv.AmountCredited = new D(inv.AmountCredited).plus(amount).toFixed(2);
  if (new D(amountDue(inv)).isZero()) {
    inv.Status = 'PAID';
    inv.FullyPaidOnDate = date;
  }
  if (new D(remainingCredit(cn)).isZero()) {
    cn.Status = 'PAID';
    cn.FullyPaidOnDate = date;
  }
  org.touch(org.invoices, inv.InvoiceID, inv, ctx.now);
  org.touch(org.creditNotes, cn.CreditNoteID, cn, ctx.now);
  return renderAllocation(org, cn, alloc.AllocationID);
}

const bindCn = (el: unknown): DocIn => bindDoc(el, 'CreditNoteID', 'CreditNoteNumber', CN_TYPES);

/** Registers the CreditNotes endpoints (with allocations). */
export function registerCreditNoteRoutes(r: Router<XeroHandler>): void {
  r.add(
    'GET',
    '/CreditNotes',
    (ctx) => {
      const res = listRecords(ctx, ctx.org.creditNotes.values(), {
        typeName: 'CreditNote',
        pageable: true,
        access: cnAccessor(ctx.org),
        updated: (c) => c.UpdatedDateUTC,
      });
      return envelope(ctx, {
        ...(res.pagination ? { pagination: res.pagination } : {}),
        Warnings: [],
        CreditNotes: res.items.map((c) =>
          renderCreditNote(ctx.org, c, { lines: res.paged, unitdp: ctx.unitdp }),
        ),
      });
    },
    'GET /CreditNotes',
  );
  r.add(
    'PUT',
    '/CreditNotes',
    (ctx) =>
      runBatch(ctx, elementsOf(ctx.body, 'CreditNotes', true), 'CreditNotes', 'HasErrors', bindCn, (d) =>
        writeCn(ctx, d, 'create'),
      ),
    'PUT /CreditNotes',
  );
  r.add(
    'POST',
    '/CreditNotes',
    (ctx) =>
      runBatch(ctx, elementsOf(ctx.body, 'CreditNotes', true), 'CreditNotes', 'HasErrors', bindCn, (d) =>
        writeCn(ctx, d, 'upsert'),
      ),
    'POST /CreditNotes',
  );
  r.add(
    'GET',
    '/CreditNotes/:CreditNoteID',
    (ctx) => {
      const cn = findCreditNote(ctx.org, ctx.params.CreditNoteID ?? '');
      if (!cn) return notFound();
      return envelope(ctx, {
        CreditNotes: [renderCreditNote(ctx.org, cn, { lines: true, unitdp: ctx.unitdp })],
      });
    },
    'GET /CreditNotes/{CreditNoteID}',
  );
  r.add(
    'POST',
    '/CreditNotes/:CreditNoteID',
    (ctx) => {
      const cn = findCreditNote(ctx.org, ctx.params.CreditNoteID ?? '');
      if (!cn) return notFound();
      return runBatch(
        ctx,
        elementsOf(ctx.body, 'CreditNotes', true).slice(0, 1),
        'CreditNotes',
        'HasErrors',
        bindCn,
        (d) => writeCn(ctx, d, 'upsert', cn),
      );
    },
    'POST /CreditNotes/{CreditNoteID}',
  );
  r.add(
    'PUT',
    '/CreditNotes/:CreditNoteID/Allocations',
    (ctx) => {
      const cn = findCreditNote(ctx.org, ctx.params.CreditNoteID ?? '');
      if (!cn) return notFound();
      return runBatch(ctx, elementsOf(ctx.body, 'Allocations', true), 'Allocations', null, bindAlloc, (a) =>
        allocate(ctx, cn, a),
      );
    },
    'PUT /CreditNotes/{CreditNoteID}/Allocations',
  );
  r.add(
    'DELETE',
    '/CreditNotes/:CreditNoteID/Allocations/:AllocationID',
    (ctx) => {
      const org = ctx.org;
      const cn = findCreditNote(org, ctx.params.CreditNoteID ?? '');
      const alloc = cn?.Allocations.find(
        (a) => a.AllocationID === (ctx.params.AllocationID ?? '').toLowerCase() && !a.IsDeleted,
      );
      if (!cn || !alloc) return notFound();
      const inv = org.invoices.get(alloc.InvoiceID);
      const errors: string[] = [];
      checkLockDate(ctx, alloc.Date, errors);
      if (errors.length) {
        return validationException([
          {
            ...renderAllocation(org, cn, alloc.AllocationID),
            ValidationErrors: errors.map((Message) => ({ Message })),
          },
        ]);
      }
      alloc.IsDeleted = true;
      if (inv) {
        inv.AmountCredited = new D(inv.AmountCredited).minus(alloc.Amount).toFixed(2);
        if (inv.Status === 'PAID' && !new D(amountDue(inv)).isZero()) {
          inv.Status = 'AUTHORISED';
          delete inv.FullyPaidOnDate;
        }
        org.touch(org.invoices, inv.InvoiceID, inv, ctx.now);
      }
      if (cn.Status === 'PAID') {
        cn.Status = 'AUTHORISED';
        delete cn.FullyPaidOnDate;
      }
      org.touch(org.creditNotes, cn.CreditNoteID, cn, ctx.now);
      // The spec answers with a bare Allocation (IsDeleted true), not an envelope [spec L6563].
      return json(200, renderAllocation(org, cn, alloc.AllocationID));
    },
    'DELETE /CreditNotes/{CreditNoteID}/Allocations/{AllocationID}',
  );
}
