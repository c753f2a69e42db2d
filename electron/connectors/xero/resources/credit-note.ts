import type { Allocations, CreditNotes } from 'xero-node';
import { createError } from '../../../../shared/errors/ledgerflow-error';
import { amount, apiNumber, compact, dateOut, list, obj, text, whereString, xeroDate } from '../xero-mapping';
import { validationMessages } from '../errors';
import { documentToCanonical, documentToXero } from './document';
import { anyOf, itemsOf, pageCountOf, pagedCapabilities, type XeroResource } from './xero-resource';

/** Credit notes with their allocations to invoices (GET/PUT/POST /CreditNotes, PUT …/Allocations). */
export const creditNoteResource: XeroResource = {
  entity: 'creditNote',
  apiName: 'CreditNotes',
  capabilities: pagedCapabilities(['externalId', 'number'], true),
  readOnlyFields: [
    'id',
    'lines[].lineAmount',
    'lines[].taxAmount',
    'lines[].discountPercent',
    'subTotal',
    'totalTax',
    'total',
    'amountPaid',
    'amountDue',
    'updatedAt',
  ],

  toCanonical(raw) {
    const data = {
      ...documentToCanonical(raw, 'CreditNoteNumber', 'CreditNoteID'),
      allocations: Array.isArray(raw.Allocations)
        ? list(raw.Allocations)
            .filter((a) => a.IsDeleted !== true)
            .map((a) =>
              compact({
                invoiceId: text(obj(a.Invoice)?.InvoiceID),
                invoiceNumber: text(obj(a.Invoice)?.InvoiceNumber),
                amount: amount(a.Amount),
                date: xeroDate(a.Date),
              }),
            )
        : undefined,
    };
    return {
      entity: 'creditNote',
      sourceId: String(raw.CreditNoteID),
      updatedAt: data.updatedAt as string | undefined,
      data: compact(data),
      raw,
    };
  },

  filter(field, value) {
    if (field === 'status') return { where: `Status==${whereString(String(value).toUpperCase())}` };
    if (field === 'type')
      return { where: `Type==${whereString(value === 'purchase' ? 'ACCPAYCREDIT' : 'ACCRECCREDIT')}` };
    if (field === 'number') return { where: `CreditNoteNumber==${whereString(String(value))}` };
    if (field === 'contact.id') return { where: `Contact.ContactID==Guid(${whereString(String(value))})` };
    return undefined;
  },

  async readPage(client, page, pageSize, q) {
    const { data } = await client.call('GET /CreditNotes', (api, t) =>
      api.getCreditNotes(t, q.since, q.where, 'UpdatedDateUTC ASC', page, 4, pageSize),
    );
    return { items: itemsOf(data, 'CreditNotes'), pageCount: pageCountOf(data) };
  },

  async fetch(client, refs) {
    let where: string;
    if ('ids' in refs) where = anyOf('CreditNoteID', refs.ids, (v) => `Guid(${whereString(v)})`);
    else if (refs.key === 'number') where = anyOf('CreditNoteNumber', refs.values, whereString);
    else throw createError('LF-1001', `Xero credit notes cannot be matched on '${refs.key}'`);
    if (!where) return [];
    const { data } = await client.call('GET /CreditNotes', (api, t) =>
      api.getCreditNotes(t, undefined, where, undefined, 1, 4, 1000),
    );
    return itemsOf(data, 'CreditNotes');
  },

  toXero(d, id) {
    return compact({
      creditNoteID: id,
      creditNoteNumber: d.number as string | undefined,
      ...documentToXero(d, 'creditNote'),
    });
  },

  async writeBatch(client, b) {
    const body = { creditNotes: b.payloads } as unknown as CreditNotes;
    const { data } = await client.call(
      b.kind === 'create' ? 'PUT /CreditNotes' : 'POST /CreditNotes',
      (api, t) =>
        b.kind === 'create'
          ? api.createCreditNotes(t, body, false, b.unitdp, b.idempotencyKey)
          : api.updateOrCreateCreditNotes(t, body, false, b.unitdp, b.idempotencyKey),
    );
    return itemsOf(data, 'CreditNotes');
  },

  /**
   * Allocates the credit note to the invoices its `allocations` name (PUT /CreditNotes/{id}/Allocations), skipping
   * those already in place so a re-sent update does not allocate twice. Needs AUTHORISED documents (§1.7).
   */
  async afterWrite(client, d, written, idempotencyKey) {
    const wanted = Array.isArray(d.allocations) ? (d.allocations as Record<string, unknown>[]) : [];
    if (wanted.length === 0) return [];
    const creditNoteId = String(written.CreditNoteID);
    const existing = list(written.Allocations).filter((a) => a.IsDeleted !== true);
    const numbers = wanted.filter((a) => !a.invoiceId && a.invoiceNumber).map((a) => String(a.invoiceNumber));
    const idByNumber = new Map<string, string>();
    if (numbers.length > 0) {
      const { data } = await client.call('GET /Invoices', (api, t) =>
        api.getInvoices(
          t,
          undefined,
          undefined,
          undefined,
          undefined,
          numbers,
          undefined,
          undefined,
          1,
          undefined,
          undefined,
          undefined,
          true,
          1000,
        ),
      );
      for (const inv of itemsOf(data, 'Invoices'))
        idByNumber.set(String(inv.InvoiceNumber), String(inv.InvoiceID));
    }
    const allocations: Record<string, unknown>[] = [];
    for (const a of wanted) {
      const invoiceId = a.invoiceId ? String(a.invoiceId) : idByNumber.get(String(a.invoiceNumber));
      if (!invoiceId)
        throw createError(
          'LF-2001',
          `Xero has no invoice '${String(a.invoiceNumber)}' to allocate the credit to`,
        );
      const already = existing.some(
        (e) => obj(e.Invoice)?.InvoiceID === invoiceId && amount(e.Amount) === amount(a.amount),
      );
      if (!already)
        allocations.push(
          compact({
            invoice: { invoiceID: invoiceId },
            amount: apiNumber(a.amount),
            date: dateOut(a.date) ?? xeroDate(written.Date),
          }),
        );
    }
    if (allocations.length === 0) return [];
    const { data } = await client.call('PUT /CreditNotes/{id}/Allocations', (api, t) =>
      api.createCreditNoteAllocation(
        t,
        creditNoteId,
        { allocations } as unknown as Allocations,
        false,
        `${idempotencyKey}:alloc:${creditNoteId}`.slice(0, 128),
      ),
    );
    const messages = itemsOf(data, 'Allocations').flatMap((e) => validationMessages(e));
    if (messages.length > 0)
      throw createError('LF-2001', `Xero refused the allocation: ${messages.join('; ')}`, {
        apiMessage: messages.join('; '),
      });
    return [];
  },
};
