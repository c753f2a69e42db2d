import type { Payments } from 'xero-node';
import { createError } from '../../../../shared/errors/ledgerflow-error';
import {
  amount,
  apiNumber,
  compact,
  dateOut,
  decimal,
  obj,
  strOut,
  text,
  whereString,
  xeroDate,
  xeroTimestamp,
} from '../xero-mapping';
import { anyOf, itemsOf, pageCountOf, pagedCapabilities, type XeroResource } from './xero-resource';

/** Payments allocated to invoices (GET /Payments, PUT /Payments batch; xero-notes.md §1.2, §1.9). */
export const paymentResource: XeroResource = {
  entity: 'payment',
  apiName: 'Payments',
  // Xero payments cannot be edited, only deleted: writes are creates.
  capabilities: pagedCapabilities(['externalId', 'reference'], true),
  readOnlyFields: ['id', 'currency', 'updatedAt'],
  requiredFields: ['accountCode'],

  toCanonical(raw) {
    const invoice = obj(raw.Invoice);
    const creditNote = obj(raw.CreditNote);
    return {
      entity: 'payment',
      sourceId: String(raw.PaymentID),
      updatedAt: xeroTimestamp(raw.UpdatedDateUTC),
      data: compact({
        id: text(raw.PaymentID),
        invoice: invoice
          ? compact({ id: text(invoice.InvoiceID), number: text(invoice.InvoiceNumber) })
          : creditNote
            ? compact({ id: text(creditNote.CreditNoteID), number: text(creditNote.CreditNoteNumber) })
            : undefined,
        date: xeroDate(raw.Date),
        amount: amount(raw.Amount),
        currency: text(invoice?.CurrencyCode ?? creditNote?.CurrencyCode),
        currencyRate: decimal(raw.CurrencyRate, 0, 6),
        accountCode: text(obj(raw.Account)?.Code),
        reference: text(raw.Reference),
        updatedAt: xeroTimestamp(raw.UpdatedDateUTC),
      }),
      raw,
    };
  },

  filter(field, value) {
    if (field === 'reference') return { where: `Reference==${whereString(String(value))}` };
    if (field === 'invoice.id') return { where: `Invoice.InvoiceID==Guid(${whereString(String(value))})` };
    if (field === 'accountCode') return { where: `Account.Code==${whereString(String(value))}` };
    return undefined;
  },

  async readPage(client, page, pageSize, q) {
    const { data } = await client.call('GET /Payments', (api, t) =>
      api.getPayments(t, q.since, q.where, 'UpdatedDateUTC ASC', page, pageSize),
    );
    return { items: itemsOf(data, 'Payments'), pageCount: pageCountOf(data) };
  },

  async fetch(client, refs) {
    let where: string;
    if ('ids' in refs) where = anyOf('PaymentID', refs.ids, (v) => `Guid(${whereString(v)})`);
    else if (refs.key === 'reference') where = anyOf('Reference', refs.values, whereString);
    else throw createError('LF-1001', `Xero payments cannot be matched on '${refs.key}'`);
    if (!where) return [];
    const { data } = await client.call('GET /Payments', (api, t) =>
      api.getPayments(t, undefined, where, undefined, 1, 1000),
    );
    return itemsOf(data, 'Payments');
  },

  toXero(d) {
    const invoice = obj(d.invoice);
    return compact({
      invoice: invoice?.id
        ? { invoiceID: String(invoice.id) }
        : invoice?.number
          ? { invoiceNumber: String(invoice.number) }
          : undefined,
      account: d.accountCode !== undefined ? { code: String(d.accountCode) } : undefined,
      date: dateOut(d.date),
      amount: apiNumber(d.amount),
      currencyRate: apiNumber(d.currencyRate),
      reference: strOut(d.reference),
    });
  },

  async writeBatch(client, b) {
    if (b.kind === 'update')
      throw createError(
        'LF-2001',
        'Xero payments cannot be changed once made; delete the payment in Xero and create it again',
        {
          apiMessage: 'Payments can only be created or deleted',
        },
      );
    const body = { payments: b.payloads } as unknown as Payments;
    const { data } = await client.call('PUT /Payments', (api, t) =>
      api.createPayments(t, body, false, b.idempotencyKey),
    );
    return itemsOf(data, 'Payments');
  },
};
