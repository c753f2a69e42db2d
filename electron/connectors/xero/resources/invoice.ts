import type { Invoices } from 'xero-node';
import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact, whereString } from '../xero-mapping';
import { documentToCanonical, documentToXero } from './document';
import { itemsOf, pageCountOf, pagedCapabilities, type XeroResource } from './xero-resource';

const statuses: Record<string, string> = {
  draft: 'DRAFT',
  submitted: 'SUBMITTED',
  authorised: 'AUTHORISED',
  paid: 'PAID',
  voided: 'VOIDED',
  deleted: 'DELETED',
};

/** Invoices and bills (ACCREC/ACCPAY; GET/PUT/POST /Invoices; xero-notes.md §1.2, §1.6). */
export const invoiceResource: XeroResource = {
  entity: 'invoice',
  apiName: 'Invoices',
  // The list and the fetches are the same GET /Invoices (every type and status); summaryOnly drops the lines.
  capabilities: {
    ...pagedCapabilities(['externalId', 'number', 'reference'], true),
    listHoldsAll: true,
    summaryRead: true,
  },
  readOnlyFields: [
    'id',
    'lines[].lineAmount',
    'lines[].taxAmount',
    'subTotal',
    'totalTax',
    'total',
    'amountPaid',
    'amountDue',
    'updatedAt',
  ],

  toCanonical(raw) {
    const data = documentToCanonical(raw, 'InvoiceNumber', 'InvoiceID');
    return {
      entity: 'invoice',
      sourceId: String(raw.InvoiceID),
      updatedAt: data.updatedAt as string | undefined,
      data,
      raw,
    };
  },

  filter(field, value) {
    if (field === 'status') {
      const status = statuses[String(value)];
      return status ? { statuses: [status] } : undefined;
    }
    if (field === 'type')
      return { where: `Type==${whereString(value === 'purchase' ? 'ACCPAY' : 'ACCREC')}` };
    if (field === 'number') return { where: `InvoiceNumber==${whereString(String(value))}` };
    if (field === 'reference') return { where: `Reference==${whereString(String(value))}` };
    if (field === 'currency') return { where: `CurrencyCode==${whereString(String(value))}` };
    if (field === 'contact.id') return { where: `Contact.ContactID==Guid(${whereString(String(value))})` };
    return undefined;
  },

  async readPage(client, page, pageSize, q) {
    // Always paged: an unpaged list has no LineItems (xero-notes.md §2.3). unitdp=4 keeps full unit prices.
    const { data } = await client.call('GET /Invoices', (api, t) =>
      api.getInvoices(
        t,
        q.since,
        q.where,
        'UpdatedDateUTC ASC',
        undefined,
        undefined,
        undefined,
        q.statuses,
        page,
        undefined,
        undefined,
        4,
        q.summary,
        pageSize,
      ),
    );
    return { items: itemsOf(data, 'Invoices'), pageCount: pageCountOf(data) };
  },

  async fetch(client, refs) {
    let ids: string[] | undefined;
    let numbers: string[] | undefined;
    let where: string | undefined;
    if ('ids' in refs) ids = [...refs.ids];
    else if (refs.key === 'number') numbers = [...refs.values];
    else if (refs.key === 'reference')
      where = refs.values.map((v) => `Reference==${whereString(v)}`).join(' OR ');
    else throw createError('LF-1001', `Xero invoices cannot be matched on '${refs.key}'`);
    if ((ids ?? numbers ?? [where]).length === 0) return [];
    const { data } = await client.call('GET /Invoices', (api, t) =>
      api.getInvoices(
        t,
        undefined,
        where,
        undefined,
        ids,
        numbers,
        undefined,
        undefined,
        1,
        undefined,
        undefined,
        4,
        undefined,
        1000,
      ),
    );
    return itemsOf(data, 'Invoices');
  },

  toXero(d, id) {
    return compact({
      invoiceID: id,
      invoiceNumber: d.number as string | undefined,
      ...documentToXero(d, 'invoice'),
    });
  },

  async writeBatch(client, b) {
    const body = { invoices: b.payloads } as unknown as Invoices;
    const { data } = await client.call(b.kind === 'create' ? 'PUT /Invoices' : 'POST /Invoices', (api, t) =>
      b.kind === 'create'
        ? api.createInvoices(t, body, false, b.unitdp, b.idempotencyKey)
        : api.updateOrCreateInvoices(t, body, false, b.unitdp, b.idempotencyKey),
    );
    return itemsOf(data, 'Invoices');
  },
};
