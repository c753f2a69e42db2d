import { randomUUID } from 'node:crypto';
import type { Router } from '../kit/router';
import { runBatch } from './xero-batch';
import {
  asObject,
  bool,
  elementsOf,
  ElementError,
  enumOf,
  envelope,
  isGuid,
  notFound,
  str,
  type XeroCtx,
  type XeroHandler,
} from './xero-context';
import { checkLockDate, dateIn, numIn, today } from './xero-documents';
import { findCreditNote } from './xero-credit-notes.routes';
import { findInvoice } from './xero-invoices.routes';
import { listRecords } from './xero-list';
import { D } from './xero-money';
import type { XeroOrgStore } from './xero-org-store';
import type { PaymentRec } from './xero-records';
import { accessor, amountDue, dateField, remainingCredit, renderPayment } from './xero-render';

interface PaymentIn {
  InvoiceID?: string;
  InvoiceNumber?: string;
  CreditNoteID?: string;
  CreditNoteNumber?: string;
  AccountID?: string;
  AccountCode?: string;
  Date?: string;
  Amount?: string;
  CurrencyRate?: string;
  Reference?: string;
  IsReconciled?: boolean;
  Status?: 'AUTHORISED' | 'DELETED';
  PaymentID?: string;
}

function bindPayment(v: unknown): PaymentIn {
  const o = asObject(v, 'Payment');
  const out: PaymentIn = {};
  const put = <K extends keyof PaymentIn>(k: K, val: PaymentIn[K] | undefined): void => {
    if (val !== undefined) out[k] = val;
  };
  if (o.Invoice !== undefined && o.Invoice !== null) {
    const inv = asObject(o.Invoice, 'Invoice');
    put('InvoiceID', str(inv, 'InvoiceID'));
    put('InvoiceNumber', str(inv, 'InvoiceNumber'));
  }
  if (o.CreditNote !== undefined && o.CreditNote !== null) {
    const cn = asObject(o.CreditNote, 'CreditNote');
    put('CreditNoteID', str(cn, 'CreditNoteID'));
    put('CreditNoteNumber', str(cn, 'CreditNoteNumber'));
  }
  out.InvoiceNumber ??= str(o, 'InvoiceNumber');
  out.CreditNoteNumber ??= str(o, 'CreditNoteNumber');
  if (out.InvoiceNumber === undefined) delete out.InvoiceNumber;
  if (out.CreditNoteNumber === undefined) delete out.CreditNoteNumber;
  if (o.Account !== undefined && o.Account !== null) {
    const acc = asObject(o.Account, 'Account');
    put('AccountID', str(acc, 'AccountID'));
    put('AccountCode', str(acc, 'Code'));
  }
  put('Date', dateIn(o, 'Date'));
  put('Amount', numIn(o, 'Amount'));
  put('CurrencyRate', numIn(o, 'CurrencyRate'));
  put('Reference', str(o, 'Reference'));
  put('IsReconciled', bool(o, 'IsReconciled'));
  put('Status', enumOf(o, 'Status', ['AUTHORISED', 'DELETED'] as const));
  put('PaymentID', str(o, 'PaymentID'));
  return out;
}

/**
 * Creates a payment against an AUTHORISED invoice or credit note (xero-notes.md §1.9): the account must be
 * a BANK account or allow payments, the amount must not exceed what is outstanding, and an outstanding
 * amount of zero marks the document PAID with FullyPaidOnDate.
 */
function createPayment(ctx: XeroCtx, p: PaymentIn): Record<string, unknown> {
  const org = ctx.org;
  const errors: string[] = [];
  const inv =
    p.InvoiceID || p.InvoiceNumber ? findInvoice(org, (p.InvoiceID ?? p.InvoiceNumber) as string) : undefined;
  const cn =
    !inv && (p.CreditNoteID || p.CreditNoteNumber)
      ? findCreditNote(org, (p.CreditNoteID ?? p.CreditNoteNumber) as string)
      : undefined;
  if (!inv && !cn) {
    errors.push(
      p.InvoiceID || p.InvoiceNumber || p.CreditNoteID || p.CreditNoteNumber
        ? 'Invoice or credit note could not be found.'
        : 'You must specify either an Invoice or a CreditNote for the payment.',
    );
  }
  const acc = p.AccountID
    ? isGuid(p.AccountID)
      ? org.accounts.get(p.AccountID.toLowerCase())
      : undefined
    : p.AccountCode
      ? org.accountByCode.get(p.AccountCode.toUpperCase())
      : undefined;
  if (!acc) errors.push('Account could not be found.');
  else if (acc.Type !== 'BANK' && !acc.EnablePaymentsToAccount) {
    errors.push(`Account code '${acc.Code}' is not a bank account and does not allow payments.`);
  }
  if (!p.Amount) errors.push('Payment amount must be specified.');
  if (errors.length) throw new ElementError(errors);
  const doc = (inv ?? cn)!;
  if (doc.Status !== 'AUTHORISED') errors.push('Payments can only be made against Authorised documents');
  const amount = new D(p.Amount as string).toDecimalPlaces(2);
  if (amount.lte(0)) errors.push('Payment amount must be greater than zero.');
  const outstanding = inv ? amountDue(inv) : remainingCredit(cn!);
  if (doc.Status === 'AUTHORISED' && amount.gt(outstanding)) {
    errors.push('Payment amount exceeds the amount outstanding on this document');
  }
  const date = p.Date ?? today(ctx);
  checkLockDate(ctx, date, errors);
  if (errors.length) throw new ElementError(errors);
  const rate = p.CurrencyRate ? new D(p.CurrencyRate).toFixed(6) : doc.CurrencyRate;
  const rec: PaymentRec = {
    PaymentID: randomUUID(),
    Date: date,
    Amount: amount.toFixed(2),
    BankAmount: amount.div(rate).toDecimalPlaces(2).toFixed(2),
    CurrencyRate: rate,
    ...(p.Reference !== undefined ? { Reference: p.Reference } : {}),
    IsReconciled: p.IsReconciled ?? false,
    Status: 'AUTHORISED',
    PaymentType: inv
      ? inv.Type === 'ACCREC'
        ? 'ACCRECPAYMENT'
        : 'ACCPAYPAYMENT'
      : cn!.Type === 'ACCRECCREDIT'
        ? 'ARCREDITPAYMENT'
        : 'APCREDITPAYMENT',
    AccountID: (acc as NonNullable<typeof acc>).AccountID,
    ...(inv ? { InvoiceID: inv.InvoiceID } : { CreditNoteID: cn!.CreditNoteID }),
    UpdatedDateUTC: org.stamp(ctx.now),
  };
  org.payments.set(rec.PaymentID, rec);
  doc.PaymentIDs.push(rec.PaymentID);
  doc.AmountPaid = new D(doc.AmountPaid).plus(amount).toFixed(2);
  const left = inv ? amountDue(inv) : remainingCredit(cn!);
  if (new D(left).isZero()) {
    doc.Status = 'PAID';
    doc.FullyPaidOnDate = date;
  }
  if (inv) org.touch(org.invoices, inv.InvoiceID, inv, ctx.now);
  else org.touch(org.creditNotes, cn!.CreditNoteID, cn!, ctx.now);
  return renderPayment(org, rec);
}

/** Deletes a payment (POST /Payments/{id} with Status DELETED): the document drops back from PAID (§1.7). */
function deletePayment(ctx: XeroCtx, rec: PaymentRec, p: PaymentIn): Record<string, unknown> {
  const org = ctx.org;
  const errors: string[] = [];
  if (p.Status !== 'DELETED') errors.push('Payments can only be updated to Status DELETED.');
  else if (rec.Status === 'DELETED') errors.push('This payment has already been deleted.');
  checkLockDate(ctx, rec.Date, errors);
  if (errors.length) throw new ElementError(errors, { PaymentID: rec.PaymentID });
  rec.Status = 'DELETED';
  org.touch(org.payments, rec.PaymentID, rec, ctx.now);
  const doc = rec.InvoiceID
    ? org.invoices.get(rec.InvoiceID)
    : rec.CreditNoteID
      ? org.creditNotes.get(rec.CreditNoteID)
      : undefined;
  if (doc) {
    doc.AmountPaid = new D(doc.AmountPaid).minus(rec.Amount).toFixed(2);
    if (doc.Status === 'PAID') {
      doc.Status = 'AUTHORISED';
      delete doc.FullyPaidOnDate;
    }
    if ('InvoiceID' in doc) org.touch(org.invoices, doc.InvoiceID, doc, ctx.now);
    else org.touch(org.creditNotes, doc.CreditNoteID, doc, ctx.now);
  }
  return renderPayment(org, rec);
}

const PAYMENT_FIELDS = [
  'PaymentID',
  'Date',
  'Amount',
  'BankAmount',
  'CurrencyRate',
  'Reference',
  'IsReconciled',
  'Status',
  'PaymentType',
  'UpdatedDateUTC',
  'Account',
  'Invoice',
  'CreditNote',
  'HasAccount',
  'BatchPaymentID',
] as const;

function paymentAccessor(org: XeroOrgStore) {
  return accessor<PaymentRec>(
    PAYMENT_FIELDS,
    (p, k) => {
      switch (k) {
        case 'PaymentID':
        case 'Status':
        case 'PaymentType':
          return p[k];
        case 'Date':
          return dateField(p.Date);
        case 'Amount':
        case 'BankAmount':
        case 'CurrencyRate':
          return Number(p[k]);
        case 'IsReconciled':
          return p.IsReconciled;
        case 'Reference':
          return p.Reference ?? null;
        case 'UpdatedDateUTC':
          return new Date(p.UpdatedDateUTC);
        default:
          return undefined;
      }
    },
    (p) => renderPayment(org, p),
    (p, path) => {
      const k = path.join('.').toLowerCase();
      if (k === 'invoice.invoiceid') return p.InvoiceID ?? null;
      if (k === 'creditnote.creditnoteid') return p.CreditNoteID ?? null;
      return undefined;
    },
  );
}

/** Registers the Payments endpoints. */
export function registerPaymentRoutes(r: Router<XeroHandler>): void {
  r.add(
    'GET',
    '/Payments',
    (ctx) => {
      const res = listRecords(ctx, ctx.org.payments.values(), {
        typeName: 'Payment',
        pageable: true,
        access: paymentAccessor(ctx.org),
        updated: (p) => p.UpdatedDateUTC,
      });
      return envelope(ctx, {
        ...(res.pagination ? { pagination: res.pagination } : {}),
        Warnings: [],
        Payments: res.items.map((p) => renderPayment(ctx.org, p)),
      });
    },
    'GET /Payments',
  );
  r.add(
    'GET',
    '/Payments/:PaymentID',
    (ctx) => {
      const p = ctx.org.payments.get((ctx.params.PaymentID ?? '').toLowerCase());
      if (!p) return notFound();
      return envelope(ctx, { Payments: [renderPayment(ctx.org, p)] });
    },
    'GET /Payments/{PaymentID}',
  );
  r.add(
    'PUT',
    '/Payments',
    (ctx) =>
      runBatch(
        ctx,
        elementsOf(ctx.body, 'Payments', true),
        'Payments',
        'HasValidationErrors',
        bindPayment,
        (p) => createPayment(ctx, p),
      ),
    'PUT /Payments',
  );
  // xero-notes.md §1.2: POST /Payments takes a bare Payment (xero-node sends that) or the wrapper.
  r.add(
    'POST',
    '/Payments',
    (ctx) =>
      runBatch(
        ctx,
        elementsOf(ctx.body, 'Payments', true),
        'Payments',
        'HasValidationErrors',
        bindPayment,
        (p) => createPayment(ctx, p),
      ),
    'POST /Payments',
  );
  r.add(
    'POST',
    '/Payments/:PaymentID',
    (ctx) => {
      const rec = ctx.org.payments.get((ctx.params.PaymentID ?? '').toLowerCase());
      if (!rec) return notFound();
      return runBatch(
        ctx,
        elementsOf(ctx.body, 'Payments', true).slice(0, 1),
        'Payments',
        'HasValidationErrors',
        bindPayment,
        (p) => deletePayment(ctx, rec, p),
      );
    },
    'POST /Payments/{PaymentID}',
  );
}
