import { createError, LedgerflowError } from '../../../../shared/errors/ledgerflow-error';
import { Dec, money, toDec } from '../../../../shared/money/decimal-money';
import type { CanonicalRecord } from '../../../../shared/records/canonical-record';
import type { CallOptions, FetchRefs, WriteOp } from '../../kit/connector';
import type { FetchedPage } from '../../kit/paging';
import {
  compact,
  type RawRecord,
  type ResourceQuery,
  type WrittenRecord,
} from '../../kit/resource-connector';
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
import { odata, seg, type EaccountingClient } from '../eaccounting-client';
import { eaccountingCapabilities, type EaccountingResource } from './eaccounting-resource';

type Kind = 'invoice' | 'creditNote';

/**
 * Customer invoices and credit invoices (visma-notes.md §1.9). Read from `/customerinvoices` (credit invoices have
 * `IsCreditInvoice` and negative amounts: the canonical credit note shows them positive) and, for status `draft`,
 * from `/customerinvoicedrafts`. Written as a draft and converted (`POST …/{id}/convert`), because invoices cannot
 * be edited after creation (no PUT): an update changes a draft (full replace, read-modify-write) and is refused
 * for a converted invoice. Row discounts are 0–1 in eAccounting and percent in the model; rows' `Amount` includes
 * VAT, `AmountNoVat` does not.
 */
export function documentResource(kind: Kind): EaccountingResource {
  const isCredit = kind === 'creditNote';
  return {
    entity: kind,
    apiName: 'customerinvoices',
    capabilities: eaccountingCapabilities(['externalId', 'number', 'reference'], {
      write: true,
      delta: true,
    }),
    readOnlyFields: [
      'id',
      'number',
      'type',
      'currency',
      'amountsIncludeTax',
      'lines[].taxCode',
      'lines[].accountCode',
      'lines[].lineAmount',
      'lines[].taxAmount',
      'subTotal',
      'totalTax',
      'total',
      'amountPaid',
      'amountDue',
      'updatedAt',
      ...(isCredit ? ['allocations'] : []),
    ],
    filterFields: ['status', 'type', 'number', 'reference', 'contact.id', 'currency'],

    toCanonical: (raw) => documentToCanonical(raw, kind),

    readPage: (client, page, pageSize, q) => readDocuments(client, kind, page, pageSize, q),

    fetch: (client, refs) => fetchDocuments(client, kind, refs),

    write: (client, op, options) => writeDocument(client, kind, op, options),
  };
}

/** An eAccounting invoice, credit invoice or draft as a canonical invoice or credit note. */
export function documentToCanonical(raw: RawRecord, kind: Kind): CanonicalRecord {
  const isDraft = raw.InvoiceNumber === undefined;
  // Credit invoices carry negative amounts and quantities; the canonical credit note shows them positive.
  const sign = raw.IsCreditInvoice === true ? -1 : 1;
  const signed = (v: unknown, dp = 2) =>
    // An invoice's amounts as they came (the common case, without decimal.js); a credit's turned around.
    sign === 1 && !(v instanceof Dec)
      ? amount(v, dp)
      : v instanceof Dec || isNumeric(v)
        ? money(toDec(v).times(sign), dp)
        : undefined;
  const total = isDraft ? raw.TotalAmount : raw.TotalAmountInvoiceCurrency;
  const tax = isDraft ? raw.TotalVatAmount : raw.TotalVatAmountInvoiceCurrency;
  const remaining = raw.RemainingAmountInvoiceCurrency;
  const rows = list(raw.Rows);
  const data = compact({
    id: text(raw.Id),
    number: text(raw.InvoiceNumber),
    type: 'sales',
    status: statusOf(raw, isDraft),
    contact: compact({
      id: text(raw.CustomerId),
      number: text(raw.CustomerNumber),
      name: text(raw.CustomerName) ?? text(raw.InvoiceCustomerName),
    }),
    issueDate: dateOnly(raw.InvoiceDate),
    dueDate: dateOnly(raw.DueDate),
    currency: text(raw.CurrencyCode) ?? text(raw.InvoiceCurrencyCode),
    currencyRate: decimal(raw.CurrencyRate, 0, 6),
    reference: text(raw.YourReference),
    amountsIncludeTax: typeof raw.IncludesVat === 'boolean' ? raw.IncludesVat : undefined,
    lines: rows.map((r) =>
      r.IsTextRow === true
        ? compact({ description: text(r.Text) })
        : compact({
            description: text(r.Text),
            itemCode: text(r.ArticleNumber),
            quantity: isNumeric(r.Quantity) ? toDec(r.Quantity).times(sign).toString() : undefined,
            unitPrice: decimal(r.UnitPrice, 2, 4),
            discountPercent: isNumeric(r.DiscountPercentage)
              ? toDec(r.DiscountPercentage).times(100).toString()
              : undefined,
            lineAmount: isNumeric(r.AmountNoVat)
              ? signed(r.AmountNoVat)
              : isNumeric(r.Amount) && isNumeric(r.VatRate)
                ? signed(toDec(r.Amount).dividedBy(toDec(r.VatRate).plus(100)).times(100))
                : undefined,
            taxAmount:
              isNumeric(r.Amount) && isNumeric(r.AmountNoVat)
                ? signed(toDec(r.Amount).minus(toDec(r.AmountNoVat)))
                : undefined,
          }),
    ),
    subTotal: isNumeric(total) && isNumeric(tax) ? signed(toDec(total).minus(toDec(tax))) : undefined,
    totalTax: signed(tax),
    total: signed(total),
    amountPaid:
      isNumeric(total) && isNumeric(remaining) ? signed(toDec(total).minus(toDec(remaining))) : undefined,
    amountDue: isDraft ? signed(total) : signed(remaining),
    allocations:
      kind === 'creditNote' && text(raw.ReferringInvoiceId)
        ? [
            compact({
              invoiceId: text(raw.ReferringInvoiceId),
              amount: signed(total),
              date: dateOnly(raw.InvoiceDate),
            }),
          ]
        : undefined,
    updatedAt: utcTimestamp(raw.ModifiedUtc ?? raw.CreatedUtc),
  });
  return {
    entity: kind,
    sourceId: String(raw.Id),
    updatedAt: data.updatedAt as string | undefined,
    data,
    raw,
  };
}

function statusOf(raw: RawRecord, isDraft: boolean): string | undefined {
  if (isDraft) return 'draft';
  if (!isNumeric(raw.RemainingAmountInvoiceCurrency)) return undefined;
  const settled = toDec(raw.RemainingAmountInvoiceCurrency).isZero();
  // A voided invoice is credited in full by a credit invoice and was never paid (docs/sandbox.md, Overlaps).
  if (settled && list(raw.CreditedBy).length > 0 && !raw.PaymentDate) return 'voided';
  return settled ? 'paid' : 'authorised';
}

async function readDocuments(
  client: EaccountingClient,
  kind: Kind,
  page: number,
  pageSize: number,
  q: ResourceQuery,
): Promise<FetchedPage<RawRecord>> {
  const f = q.filter;
  if (f.type !== undefined && f.type !== 'sales') return { items: [], pageCount: 1 };
  const credit = `IsCreditInvoice eq ${kind === 'creditNote' ? 'true' : 'false'}`;
  const common = [
    f.reference !== undefined ? `YourReference eq ${odata.string(String(f.reference))}` : undefined,
    f['contact.id'] !== undefined ? odata.anyId('CustomerId', [String(f['contact.id'])]) : undefined,
  ];
  if (f.status === 'draft') {
    // Drafts have no change stamp (§1.5): a delta read of drafts is a full read.
    return client.page(
      '/customerinvoicedrafts',
      page,
      pageSize,
      { filter: odata.and(credit, ...common) },
      q.signal,
    );
  }
  const statusFilter =
    f.status === undefined
      ? undefined
      : f.status === 'paid' || f.status === 'voided'
        ? 'RemainingAmountInvoiceCurrency eq 0'
        : f.status === 'authorised' || f.status === 'sent'
          ? 'RemainingAmountInvoiceCurrency ne 0'
          : 'false';
  const number = f.number !== undefined ? String(f.number) : undefined;
  if (number !== undefined && !/^\d+$/.test(number)) return { items: [], pageCount: 1 };
  const filter = odata.and(
    credit,
    q.since ? `ModifiedUtc ge ${odata.dateTime(q.since)}` : undefined,
    statusFilter,
    number !== undefined ? `InvoiceNumber eq ${number}` : undefined,
    f.currency !== undefined ? `CurrencyCode eq ${odata.string(String(f.currency))}` : undefined,
    ...common,
  );
  return client.page('/customerinvoices', page, pageSize, { filter, orderby: 'ModifiedUtc' }, q.signal);
}

async function fetchDocuments(client: EaccountingClient, kind: Kind, refs: FetchRefs): Promise<RawRecord[]> {
  const credit = `IsCreditInvoice eq ${kind === 'creditNote' ? 'true' : 'false'}`;
  if ('ids' in refs) {
    if (refs.ids.length === 0) return [];
    const invoices = await client.all('/customerinvoices', odata.and(credit, odata.anyId('Id', refs.ids)));
    const found = new Set(invoices.map((i) => String(i.Id)));
    const rest = refs.ids.filter((id) => !found.has(id));
    // Ids written as drafts are drafts until converted.
    const drafts = rest.length
      ? await client.all('/customerinvoicedrafts', odata.and(credit, odata.anyId('Id', rest)))
      : [];
    return [...invoices, ...drafts];
  }
  if (refs.values.length === 0) return [];
  if (refs.key === 'number') {
    const numbers = refs.values.filter((v) => /^\d+$/.test(v));
    if (numbers.length === 0) return [];
    return client.all(
      '/customerinvoices',
      odata.and(credit, numbers.map((n) => `InvoiceNumber eq ${n}`).join(' or ')),
    );
  }
  if (refs.key === 'reference')
    return client.all('/customerinvoices', odata.and(credit, odata.anyOf('YourReference', refs.values)));
  throw createError('LF-1001', `Visma eAccounting invoices cannot be matched on '${refs.key}'`);
}

async function writeDocument(
  client: EaccountingClient,
  kind: Kind,
  op: WriteOp,
  { signal }: CallOptions,
): Promise<WrittenRecord> {
  const d = op.data;
  const warnings: string[] = [];
  let draft: RawRecord;
  if (op.kind === 'create') {
    const body = await toDraft(client, kind, d);
    draft = await client.post('/customerinvoicedrafts', 'POST /customerinvoicedrafts', body, signal);
  } else {
    let current: RawRecord;
    try {
      current = await client.get(
        `/customerinvoicedrafts/${seg(op.id)}`,
        'GET /customerinvoicedrafts/{invoiceDraftId}',
        signal,
      );
    } catch (error) {
      if (error instanceof LedgerflowError && error.code === 'LF-2007')
        throw createError(
          'LF-2001',
          'Visma eAccounting invoices cannot be changed once created (the API has no PUT for invoices); credit the invoice and create a new one',
          { apiMessage: 'Customer invoices cannot be edited after creation', id: op.id },
        );
      throw error;
    }
    // Full replace: the draft as it is, with the record's changes on top.
    const changes = await toDraft(client, kind, d, true);
    draft = await client.put(
      `/customerinvoicedrafts/${seg(op.id)}`,
      'PUT /customerinvoicedrafts/{customerInvoiceDraftId}',
      { ...current, ...changes },
      signal,
    );
  }
  const currency = text(draft.InvoiceCurrencyCode);
  if (d.currency !== undefined && currency && d.currency !== currency)
    warnings.push(
      `Visma eAccounting invoices take the customer's currency: this one is in ${currency}, not ${String(d.currency)}`,
    );
  if (kind === 'creditNote' && Array.isArray(d.allocations) && d.allocations.length > 0)
    warnings.push('Visma eAccounting has no credit allocations in its API: the allocations were not applied');
  if (d.status === 'draft') return { raw: draft, warnings };
  try {
    const invoice = await client.rest.json<RawRecord>({
      method: 'POST',
      path: `/customerinvoicedrafts/${seg(String(draft.Id))}/convert`,
      query: { keepOriginalDraftDate: true },
      operation: 'POST /customerinvoicedrafts/{customerInvoiceDraftId}/convert',
      signal,
    });
    return { raw: invoice, warnings };
  } catch (error) {
    const e = error instanceof LedgerflowError ? error : createError('LF-9001', String(error));
    throw createError(e.code, `Saved as draft ${String(draft.Id)}, but converting it failed: ${e.message}`, {
      ...(typeof e.details === 'object' && e.details ? e.details : {}),
      draftId: draft.Id,
    });
  }
}

/** Canonical document → CustomerInvoiceDraftApi (only what the record sets when `partial`). */
async function toDraft(
  client: EaccountingClient,
  kind: Kind,
  d: Readonly<Record<string, unknown>>,
  partial = false,
): Promise<Record<string, unknown>> {
  const contact = obj(d.contact);
  let customerId: string | undefined = strOut(contact?.id);
  if (!customerId && contact?.number !== undefined)
    customerId = await client.customerIdByNumber(String(contact.number));
  if (!customerId && !partial)
    throw createError(
      'LF-2001',
      'Visma eAccounting invoices need a customer: give contact.id or contact.number',
      {
        apiMessage: 'CustomerId is required',
      },
    );
  const lines = Array.isArray(d.lines) ? (d.lines as Record<string, unknown>[]) : undefined;
  let rows: Record<string, unknown>[] | undefined;
  if (lines) {
    const articles = await client.articlesByNumber(
      lines.map((l) => l.itemCode).filter((c): c is string => typeof c === 'string' && c !== ''),
    );
    rows = lines.map((l, i) => {
      const code = strOut(l.itemCode);
      if (!code) {
        if (l.quantity !== undefined || l.unitPrice !== undefined)
          throw createError(
            'LF-2001',
            `Line ${i + 1}: Visma eAccounting rows with an amount need an article (itemCode)`,
            { apiMessage: 'ArticleId is required when the row is not a text row' },
          );
        return {
          LineNumber: i,
          IsTextRow: true,
          Text: strOut(l.description),
          ReversedConstructionServicesVatFree: false,
        };
      }
      const article = articles.get(code);
      if (!article)
        throw createError('LF-2007', `Line ${i + 1}: Visma eAccounting has no article '${code}'`, {
          itemCode: code,
        });
      return compact({
        LineNumber: i,
        IsTextRow: false,
        ArticleId: String(article.Id),
        Text: strOut(l.description),
        Quantity: apiNumber(l.quantity),
        UnitPrice: apiNumber(l.unitPrice),
        DiscountPercentage:
          l.discountPercent !== undefined && l.discountPercent !== null
            ? toDec(l.discountPercent as string)
                .dividedBy(100)
                .toNumber()
            : undefined,
        ReversedConstructionServicesVatFree: false,
      });
    });
  }
  return compact({
    CustomerId: customerId,
    ...(partial
      ? {}
      : { EuThirdParty: false, RotReducedInvoicingType: 0, IsCreditInvoice: kind === 'creditNote' }),
    InvoiceDate: dateTimeOut(d.issueDate),
    DueDate: dateTimeOut(d.dueDate),
    YourReference: strOut(d.reference),
    CurrencyRate: apiNumber(d.currencyRate),
    Rows: rows,
  });
}
