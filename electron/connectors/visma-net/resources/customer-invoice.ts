import { createError } from '../../../../shared/errors/ledgerflow-error';
import { money, toDec } from '../../../../shared/money/decimal-money';
import type { CanonicalRecord } from '../../../../shared/records/canonical-record';
import { compact, type RawRecord } from '../../kit/resource-connector';
import {
  amount,
  apiNumber,
  dateOnly,
  dateTimeOut,
  decimal,
  isNumeric,
  list,
  obj,
  strOut,
  text,
  utcTimestamp,
} from '../../kit/raw-values';
import { keySegment, vnDateTime, wrap } from '../visma-net-client';
import { vismaNetCapabilities, type VismaNetResource } from './visma-net-resource';

type Kind = 'invoice' | 'creditNote';

/** Document status → canonical (§2.9 CustomerInvoiceDto.status). */
const statusIn: Record<string, string> = {
  Hold: 'draft',
  Balanced: 'submitted',
  Open: 'authorised',
  Closed: 'paid',
  Voided: 'voided',
  Reserved: 'draft',
  Scheduled: 'submitted',
  PendingPrint: 'authorised',
  PendingEmail: 'authorised',
  CreditHold: 'draft',
  CcHold: 'draft',
};
/** Canonical status → the list's `status` filter. */
const statusFilter: Record<string, string> = {
  draft: 'Hold',
  submitted: 'Balanced',
  authorised: 'Open',
  paid: 'Closed',
  voided: 'Voided',
};

/**
 * Customer invoices and credit notes (`/v1/customerinvoice`, `documentType` Invoice or CreditNote), keyed by
 * `referenceNumber`. Amounts are the document currency's (`…InCurrency`). Invoices are created with
 * `POST /v2/customerinvoice` (v1 POST is deprecated, §2.9), lines carry `operation` Insert/Update/Delete, and
 * updates use If-Match. Status `draft` is `hold`; `authorised` releases the invoice (`action/release`).
 * The API creates only invoices (credit notes come from `reverse`), so credit notes are read-only here.
 */
export function customerInvoiceResource(kind: Kind): VismaNetResource {
  const documentType = kind === 'creditNote' ? 'CreditNote' : 'Invoice';
  return {
    entity: kind,
    apiName: 'customerinvoice',
    capabilities: vismaNetCapabilities(['externalId', 'number', 'reference'], {
      write: kind === 'invoice',
      delta: true,
    }),
    readOnlyFields: [
      'id',
      'type',
      'amountsIncludeTax',
      'lines[].lineAmount',
      'lines[].taxAmount',
      'subTotal',
      'totalTax',
      'total',
      'amountPaid',
      'amountDue',
      'updatedAt',
    ],
    filterFields: ['status', 'type', 'number', 'reference', 'contact.number', 'contact.id'],

    toCanonical: (raw) => invoiceToCanonical(raw, kind),

    async readPage(client, page, pageSize, q) {
      const f = q.filter;
      if (f.type !== undefined && f.type !== 'sales') return { items: [], pageCount: 1 };
      const query: Record<string, string> = { documentType };
      if (q.since) {
        query.lastModifiedDateTime = vnDateTime(q.since);
        query.lastModifiedDateTimeCondition = '>=';
      }
      if (f.status !== undefined) {
        const status = statusFilter[String(f.status)];
        if (!status) return { items: [], pageCount: 1 };
        query.status = status;
      }
      const customer = f['contact.number'] ?? f['contact.id'];
      if (customer !== undefined) query.customer = String(customer);
      if (f.reference !== undefined) query.customerRefNumber = String(f.reference);
      if (f.number !== undefined) {
        const found = await client.get(
          `/v1/customerinvoice/${keySegment(String(f.number))}`,
          'GET /v1/customerinvoice/{invoiceNumber}',
          q.signal,
        );
        return {
          items: found && found.raw.documentType === documentType && page === 1 ? [found.raw] : [],
          pageCount: 1,
        };
      }
      return client.page('/v1/customerinvoice', page, pageSize, query, q.signal);
    },

    async fetch(client, refs, { signal }) {
      if ('ids' in refs || refs.key === 'number') {
        const out: RawRecord[] = [];
        for (const n of 'ids' in refs ? refs.ids : refs.values) {
          const found = await client.get(
            `/v1/customerinvoice/${keySegment(n)}`,
            'GET /v1/customerinvoice/{invoiceNumber}',
            signal,
          );
          if (found && found.raw.documentType === documentType) out.push(found.raw);
        }
        return out;
      }
      if (refs.key !== 'reference')
        throw createError('LF-1001', `Visma.net invoices cannot be matched on '${refs.key}'`);
      const out: RawRecord[] = [];
      for (const v of refs.values)
        out.push(
          ...(await client.all('/v1/customerinvoice', { documentType, customerRefNumber: v }, signal)),
        );
      return out;
    },

    async write(client, op, { signal }) {
      const d = op.data;
      const path = (ref: string) => `/v1/customerinvoice/${keySegment(ref)}`;
      const ops = {
        get: 'GET /v1/customerinvoice/{invoiceNumber}',
        put: 'PUT /v1/customerinvoice/{invoiceNumber}',
      };
      let raw: RawRecord;
      if (op.kind === 'create') {
        raw = await client.create(
          '/v2/customerinvoice',
          'POST /v2/customerinvoice',
          { ...header(d, true), invoiceLines: linesOf(d, []) },
          ops.get,
          signal,
        );
      } else {
        raw = await client.update(
          path(op.id),
          ops,
          (current) => ({
            ...header(d, false),
            ...(Array.isArray(d.lines) ? { invoiceLines: linesOf(d, list(current.invoiceLines)) } : {}),
          }),
          signal,
        );
      }
      if (d.status === 'authorised' || d.status === 'sent') {
        const ref = String(raw.referenceNumber);
        await client.rest.send({
          method: 'POST',
          path: `${path(ref)}/action/release`,
          operation: 'POST /v1/customerinvoice/{invoiceNumber}/action/release',
          signal,
        });
        raw = (await client.get(path(ref), ops.get, signal))?.raw ?? raw;
      }
      return { raw };
    },
  };
}

/** A Visma.net customer document as a canonical invoice or credit note (amounts in the document currency). */
export function invoiceToCanonical(raw: RawRecord, kind: Kind): CanonicalRecord {
  const total = raw.amountInCurrency ?? raw.amount;
  const tax = raw.vatTotalInCurrency ?? raw.vatTotal;
  const balance = raw.balanceInCurrency ?? raw.balance;
  const customer = obj(raw.customer);
  const diff = (a: unknown, b: unknown) =>
    isNumeric(a) && isNumeric(b) ? money(toDec(a).minus(toDec(b)), 2) : undefined;
  const data = compact({
    id: text(raw.referenceNumber),
    number: text(raw.referenceNumber),
    type: 'sales',
    status: statusIn[String(raw.status)],
    contact: customer
      ? compact({ id: text(customer.number), number: text(customer.number), name: text(customer.name) })
      : undefined,
    issueDate: dateOnly(raw.documentDate),
    dueDate: dateOnly(raw.documentDueDate),
    currency: text(raw.currencyId),
    currencyRate: decimal(raw.exchangeRate, 0, 6),
    reference: text(raw.customerRefNumber) ?? text(raw.externalReference),
    amountsIncludeTax: false,
    lines: list(raw.invoiceLines).map((l) =>
      compact({
        description: text(l.description),
        itemCode: text(l.inventoryNumber),
        quantity: decimal(l.quantity, 0, 4),
        unitPrice: decimal(l.unitPriceInCurrency ?? l.unitPrice, 2, 4),
        discountPercent: decimal(l.discountPercent, 0, 4),
        taxCode: text(obj(l.vatCode)?.id),
        accountCode: text(obj(l.account)?.number),
        lineAmount: amount(l.amountInCurrency ?? l.amount),
      }),
    ),
    subTotal: diff(total, tax),
    totalTax: amount(tax),
    total: amount(total),
    amountPaid: diff(total, balance),
    amountDue: amount(balance),
    updatedAt: utcTimestamp(raw.lastModifiedDateTime),
  });
  return {
    entity: kind,
    sourceId: String(raw.referenceNumber),
    updatedAt: data.updatedAt as string | undefined,
    data,
    raw,
  };
}

/** Canonical header → CustomerInvoiceUpdateDto (wrapped). The reference goes to both reference fields. */
function header(d: Readonly<Record<string, unknown>>, isCreate: boolean): Record<string, unknown> {
  const contact = obj(d.contact);
  return wrap({
    customerNumber: strOut(contact?.number ?? contact?.id),
    referenceNumber: isCreate ? strOut(d.number) : undefined,
    documentDate: dateTimeOut(d.issueDate),
    documentDueDate: dateTimeOut(d.dueDate),
    currencyId: strOut(d.currency),
    exchangeRate: apiNumber(d.currencyRate),
    customerRefNumber: strOut(d.reference),
    externalReference: strOut(d.reference),
    hold: d.status === undefined ? undefined : d.status === 'draft',
  });
}

/**
 * Canonical lines → CustomerInvoiceLinesUpdateDto with `operation`: line i updates the i-th existing line,
 * new ones are inserted, left-over existing ones deleted (so the document ends with exactly the record's lines).
 */
function linesOf(d: Readonly<Record<string, unknown>>, existing: RawRecord[]): Record<string, unknown>[] {
  const lines = Array.isArray(d.lines) ? (d.lines as Record<string, unknown>[]) : [];
  const out: Record<string, unknown>[] = lines.map((l, i) => {
    const current = existing[i];
    const fields = wrap({
      ...(current ? { lineNumber: current.lineNumber } : {}),
      inventoryNumber: strOut(l.itemCode),
      description: strOut(l.description),
      quantity: apiNumber(l.quantity),
      unitPriceInCurrency: apiNumber(l.unitPrice),
      discountPercent: apiNumber(l.discountPercent),
      vatCodeId: strOut(l.taxCode),
      accountNumber: strOut(l.accountCode),
    });
    return { operation: current ? 'Update' : 'Insert', ...fields };
  });
  for (const extra of existing.slice(lines.length))
    out.push({ operation: 'Delete', lineNumber: { value: extra.lineNumber } });
  return out;
}
