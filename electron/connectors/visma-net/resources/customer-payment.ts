import { createError } from '../../../../shared/errors/ledgerflow-error';
import { decimalString, toDec } from '../../../../shared/money/decimal-money';
import { compact, type RawRecord } from '../../kit/resource-connector';
import {
  amount,
  apiNumber,
  dateOnly,
  dateTimeOut,
  isNumeric,
  list,
  obj,
  strOut,
  text,
  utcTimestamp,
} from '../../kit/raw-values';
import { keySegment, vnDateTime, wrap, type VismaNetClient } from '../visma-net-client';
import { vismaNetCapabilities, type VismaNetResource } from './visma-net-resource';

/** Payment types that are money received from the customer (refunds and write-offs are not payments here). */
const RECEIVED = ['Payment', 'Prepayment'];
/** Document types a payment pays (a credit note on a payment line is an allocation of the credit, not a payment). */
const PAID = ['Invoice', 'DebitNote'];

const GET = 'GET /v1/customerPayment/{paymentNumber}';
const PUT = 'PUT /v1/customerPayment/{paymentNumber}';
const path = (ref: string): string => `/v1/customerPayment/${keySegment(ref)}`;

/** The canonical id: the payment's number and the document it pays (`500123@000045`), or the number alone. */
function idOf(payment: string, invoice: string | undefined): string {
  return invoice === undefined ? payment : `${payment}@${invoice}`;
}

function parseId(id: string): { payment: string; invoice: string | undefined } {
  const at = id.indexOf('@');
  return at < 0
    ? { payment: id, invoice: undefined }
    : { payment: id.slice(0, at), invoice: id.slice(at + 1) };
}

/** The payment with only one of its lines (or none): the raw record of one canonical payment. */
function narrow(p: RawRecord, line: RawRecord | undefined): RawRecord {
  return { ...p, paymentLines: line ? [line] : [] };
}

/**
 * The canonical payments of one Visma.net payment: one per line paying an invoice or debit note, or one for the
 * whole payment when it pays none (money on account). Only released payments (Open, Closed) received from the
 * customer count: one on hold, balanced (not posted) or voided is no payment yet, or no longer.
 */
function allocations(p: RawRecord, invoice?: string): RawRecord[] {
  if (!RECEIVED.includes(String(p.type)) || !(p.status === 'Open' || p.status === 'Closed')) return [];
  const lines = list(p.paymentLines).filter((l) => PAID.includes(String(l.documentType)));
  if (lines.length === 0) return invoice === undefined ? [narrow(p, undefined)] : [];
  return lines.filter((l) => invoice === undefined || String(l.refNbr) === invoice).map((l) => narrow(p, l));
}

function invoiceRefOf(d: Readonly<Record<string, unknown>>): string | undefined {
  const invoice = obj(d.invoice);
  return strOut(invoice?.id ?? invoice?.number);
}

/**
 * Releases a payment just created. When Visma.net will not release it, the payment is voided again so that
 * nothing stays half-written, and the record is refused with the API's reason.
 */
async function release(client: VismaNetClient, p: RawRecord, signal: AbortSignal | undefined): Promise<void> {
  const ref = String(p.refNbr);
  const answer = obj(
    await client.rest.json({
      method: 'POST',
      path: `${path(ref)}/action/release`,
      operation: 'POST /v1/customerPayment/{paymentNumber}/action/release',
      json: { type: { value: p.type } },
      signal,
    }),
  );
  if (answer?.actionResult !== 'Failed') return;
  const reason = text(answer.errorInfo) ?? 'the release failed';
  let undone = 'it was voided again';
  try {
    await client.rest.send({
      method: 'POST',
      path: `${path(ref)}/action/void`,
      operation: 'POST /v1/customerPayment/{paymentNumber}/action/void',
      json: { type: p.type },
      signal,
    });
  } catch {
    undone = `it stays unreleased as payment ${ref}: void it in Visma.net before retrying`;
  }
  throw createError('LF-2001', `Visma.net refused to release the payment (${reason}); ${undone}`, {
    apiMessage: reason,
    payment: ref,
  });
}

/**
 * Customer payments (`/v1/customerPayment`, PaymentDto). A canonical payment is one allocation: a Visma.net
 * payment's line paying one invoice (id `paymentNumber@invoiceNumber`), amounts in the invoice's currency.
 * Writes create a Payment with one line (`POST`, value-wrapped, `paymentAmount` = the amount), then release it,
 * which applies it to the invoice (its balance falls); updates change a payment that is not released yet (the
 * API refuses released ones). `currencyRate` is the base-currency amount over the payment amount (spec D has no
 * rate on a payment, so it is read-only). The list has no paymentRef filter, so payments match on the id map only.
 */
export const customerPaymentResource: VismaNetResource = {
  entity: 'payment',
  apiName: 'customerPayment',
  capabilities: vismaNetCapabilities(['externalId'], { write: true, delta: true }),
  readOnlyFields: ['id', 'currencyRate', 'updatedAt'],
  filterFields: ['invoice.id', 'invoice.number', 'accountCode', 'reference'],

  toCanonical(raw) {
    const line = list(raw.paymentLines)[0];
    const invoice = text(line?.refNbr);
    const id = idOf(String(raw.refNbr), invoice);
    const paid = raw.paymentAmount;
    const base = raw.paymentAmountInCurrency;
    return {
      entity: 'payment',
      sourceId: id,
      updatedAt: utcTimestamp(raw.lastModifiedDateTime),
      data: compact({
        id,
        invoice: invoice ? { id: invoice, number: invoice } : undefined,
        date: dateOnly(obj(raw.financialDetails)?.paymentDate ?? raw.applicationDate),
        amount: amount(line ? line.amountPaid : paid),
        currency: text(raw.currency),
        currencyRate:
          isNumeric(paid) && isNumeric(base) && !toDec(paid).isZero()
            ? decimalString(toDec(base).dividedBy(toDec(paid)), 0, 6)
            : undefined,
        accountCode: text(raw.cashAccount),
        reference: text(raw.paymentRef),
        updatedAt: utcTimestamp(raw.lastModifiedDateTime),
      }),
      raw,
    };
  },

  async readPage(client, page, pageSize, q) {
    const f = q.filter;
    const query: Record<string, string> = {};
    if (q.since) {
      query.lastModifiedDateTime = vnDateTime(q.since);
      query.lastModifiedDateTimeCondition = '>=';
    }
    const invoice = f['invoice.id'] ?? f['invoice.number'];
    if (invoice !== undefined) query.invoiceRefNbr = String(invoice);
    const { items, pageCount } = await client.page('/v1/customerPayment', page, pageSize, query, q.signal);
    const records = items
      .flatMap((p) => allocations(p, invoice === undefined ? undefined : String(invoice)))
      .filter(
        (p) =>
          (f.accountCode === undefined || p.cashAccount === String(f.accountCode)) &&
          (f.reference === undefined || p.paymentRef === String(f.reference)),
      );
    // A page of payments may hold no allocation that counts: the page count keeps the walk going.
    return { items: records, pageCount: pageCount ?? page };
  },

  async fetch(client, refs, { signal }) {
    if (!('ids' in refs))
      throw createError('LF-1001', `Visma.net payments cannot be matched on '${refs.key}' (only by id)`);
    const wanted = new Set(refs.ids);
    const out: RawRecord[] = [];
    for (const payment of new Set(refs.ids.map((id) => parseId(id).payment))) {
      const found = await client.get(path(payment), GET, signal);
      if (!found) continue;
      for (const a of allocations(found.raw))
        if (wanted.has(idOf(payment, text(list(a.paymentLines)[0]?.refNbr)))) out.push(a);
    }
    return out;
  },

  async write(client, op, { signal }) {
    const d = op.data;
    const ref = invoiceRefOf(d);
    if (op.kind === 'create') {
      if (!ref)
        throw createError(
          'LF-2001',
          'A Visma.net payment needs the invoice it pays: give invoice.id or invoice.number',
          {
            apiMessage: 'The invoice is required',
          },
        );
      const invoice = await client.get(
        `/v1/customerinvoice/${keySegment(ref)}`,
        'GET /v1/customerinvoice/{invoiceNumber}',
        signal,
      );
      if (!invoice) throw createError('LF-2007', `Visma.net has no customer invoice ${ref}`, { number: ref });
      const paid = apiNumber(d.amount);
      const body = {
        ...wrap({
          type: 'Payment',
          customer: text(obj(invoice.raw.customer)?.number),
          currency: strOut(d.currency) ?? text(invoice.raw.currencyId),
          cashAccount: strOut(d.accountCode),
          applicationDate: dateTimeOut(d.date),
          paymentRef: strOut(d.reference),
          paymentAmount: paid,
        }),
        paymentLines: [
          {
            operation: 'Insert',
            ...wrap({ documentType: text(invoice.raw.documentType), refNbr: ref, amountPaid: paid }),
          },
        ],
      };
      const created = await client.create(
        '/v1/customerPayment',
        'POST /v1/customerPayment',
        body,
        GET,
        signal,
      );
      await release(client, created, signal);
      const after = (await client.get(path(String(created.refNbr)), GET, signal))?.raw ?? created;
      return {
        raw: narrow(
          after,
          list(after.paymentLines).find((l) => l.refNbr === ref),
        ),
      };
    }
    const { payment, invoice } = parseId(op.id);
    if (ref !== undefined && ref !== invoice)
      throw createError(
        'LF-2001',
        `Visma.net payment ${payment} pays ${invoice ?? 'no invoice'}; it cannot be moved to invoice ${ref} (void it in Visma.net and create a new one)`,
        { apiMessage: 'The document a payment line pays cannot be changed' },
      );
    const raw = await client.update(
      path(payment),
      { get: GET, put: PUT },
      (current) => {
        const line = list(current.paymentLines).find((l) => l.refNbr === invoice);
        const paid = apiNumber(d.amount);
        // The payment amount moves with the line's (other lines of the payment keep theirs).
        let total = line ? undefined : paid;
        if (line && paid !== undefined && isNumeric(current.paymentAmount) && isNumeric(line.amountPaid))
          total = toDec(current.paymentAmount).minus(toDec(line.amountPaid)).plus(toDec(paid)).toNumber();
        return {
          ...wrap({
            currency: strOut(d.currency),
            cashAccount: strOut(d.accountCode),
            applicationDate: dateTimeOut(d.date),
            paymentRef: strOut(d.reference),
            paymentAmount: total,
          }),
          ...(line && paid !== undefined
            ? {
                paymentLines: [
                  {
                    operation: 'Update',
                    ...wrap({ documentType: line.documentType, refNbr: invoice, amountPaid: paid }),
                  },
                ],
              }
            : {}),
        };
      },
      signal,
    );
    return {
      raw: narrow(
        raw,
        list(raw.paymentLines).find((l) => l.refNbr === invoice),
      ),
    };
  },
};
