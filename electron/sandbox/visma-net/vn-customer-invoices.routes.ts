import { randomUUID } from 'node:crypto';
import { empty, json } from '../kit/http-kit';
import type { Router } from '../kit/router';
import { D, num, type Dec } from '../kit/vat-per-rate';
import {
  badRequest,
  bodyOf,
  checkIfMatch,
  created,
  dateCondition,
  decodeKey,
  enumFilter,
  notFound,
  pagedArray,
  textFilter,
  vnDate,
  vnDateTime,
  withEtag,
  type VnCtx,
  type VnRoute,
} from './vn-context';
import { vnSalesAccountOf } from './vn-ledger-seed';
import { vnInvoiceRef, vnTotals } from './vn-seed';
import { etagOf, type Obj } from './vn-store';
import { unwrap, unwrapLines, type LineOp, type WrappedSpec } from './vn-values';

const DOC_TYPES = [
  'Invoice',
  'DebitNote',
  'CreditNote',
  'Payment',
  'VoidPayment',
  'Prepayment',
  'Refund',
  'FinCharge',
  'SmallBalanceWo',
  'SmallCreditWo',
  'CashSale',
  'CashReturn',
  'Undefined',
  'NoUpdate',
] as const;
const STATUSES = [
  'Hold',
  'Balanced',
  'Voided',
  'Scheduled',
  'Open',
  'Closed',
  'PendingPrint',
  'PendingEmail',
  'CreditHold',
  'CcHold',
  'Reserved',
] as const;

/** CustomerInvoiceUpdateDto: the wrapped header properties the simulator applies (visma-notes.md §2.9). */
const INVOICE_SPEC: WrappedSpec = {
  customerNumber: 'string',
  referenceNumber: 'string',
  documentDate: 'date',
  documentDueDate: 'date',
  origInvoiceDate: 'date',
  hold: 'bool',
  currencyId: 'string',
  exchangeRate: 'decimal',
  creditTermsId: 'string',
  invoiceText: 'string',
  customerRefNumber: 'string',
  externalReference: 'string',
  paymentReference: 'string',
  note: 'string',
  dontPrint: 'bool',
  dontEmail: 'bool',
};

/** CustomerInvoiceLinesUpdateDto: the wrapped line properties the simulator applies. */
const LINE_SPEC: WrappedSpec = {
  lineNumber: 'int',
  inventoryNumber: 'string',
  description: 'string',
  quantity: 'decimal',
  unitPriceInCurrency: 'decimal',
  manualAmountInCurrency: 'decimal',
  accountNumber: 'string',
  vatCodeId: 'string',
  uom: 'string',
  discountPercent: 'decimal',
  discountAmountInCurrency: 'decimal',
  note: 'string',
};

/** SEK per unit for documents in another currency when no exchangeRate is given (the generator's table). */
export const SEK_PER: Readonly<Record<string, string>> = {
  EUR: '11.448197',
  NOK: '0.987752',
  DKK: '1.534213',
  GBP: '13.530003',
  USD: '10.579771',
};

function invoiceParam(ctx: VnCtx): Obj {
  const ref = decodeKey(ctx.params.invoiceNumber);
  const inv = ctx.company.invoices.get(ref);
  if (!inv) throw notFound(`Customer invoice '${ref}' not found.`);
  return inv;
}

/** The CustomerInvoiceDto with its lines. */
function view(ctx: VnCtx, inv: Obj): Obj {
  return { ...inv, invoiceLines: ctx.company.linesOf(inv) };
}

const released = (inv: Obj): boolean => !['Hold', 'Balanced'].includes(String(inv.status));

function buildLine(ctx: VnCtx, i: number, f: Record<string, unknown>, lineNumber: number, rate: Dec): Obj {
  const co = ctx.company;
  const item = typeof f.inventoryNumber === 'string' ? co.inventory.get(f.inventoryNumber) : undefined;
  if (f.inventoryNumber !== undefined && f.inventoryNumber !== null && !item)
    throw badRequest(`invoiceLines[${i}]: inventory item '${String(f.inventoryNumber)}' does not exist.`);
  const vatId = String(f.vatCodeId ?? (item?.vatCode as Obj | undefined)?.id ?? 'MP1');
  const vat = co.vatCodes.get(vatId);
  if (!vat) throw badRequest(`invoiceLines[${i}]: VAT code '${vatId}' does not exist.`);
  const qty = new D((f.quantity as number | undefined) ?? 1);
  const price = new D(
    (f.unitPriceInCurrency as number | undefined) ?? (item?.defaultPrice as number | undefined) ?? 0,
  );
  const gross = qty.mul(price).toDecimalPlaces(2);
  const pct = new D((f.discountPercent as number | undefined) ?? 0);
  let discount =
    f.discountAmountInCurrency !== undefined && f.discountAmountInCurrency !== null
      ? new D(f.discountAmountInCurrency as number)
      : gross.mul(pct).div(100).toDecimalPlaces(2);
  let amount = gross.minus(discount);
  if (typeof f.manualAmountInCurrency === 'number') {
    amount = new D(f.manualAmountInCurrency);
    discount = gross.minus(amount);
  }
  const accountNumber = String(f.accountNumber ?? vnSalesAccountOf(vat));
  // The chart decides (a company restored from a snapshot older than the chart has none: any number goes).
  const account = co.accounts.get(accountNumber);
  if (co.accounts.size && !account)
    throw badRequest(`invoiceLines[${i}]: account '${accountNumber}' does not exist.`);
  if (account?.active === false)
    throw badRequest(`invoiceLines[${i}]: account '${accountNumber}' is inactive.`);
  return {
    lineNumber,
    ...(item ? { inventoryNumber: item.inventoryNumber } : {}),
    lineType: item ? 'GI' : 'GN',
    description: String(f.description ?? item?.description ?? ''),
    quantity: num(qty, 4),
    unitPrice: num(price.mul(rate), 4),
    unitPriceInCurrency: num(price, 4),
    manualAmount: typeof f.manualAmountInCurrency === 'number' ? num(amount.mul(rate)) : 0,
    manualAmountInCurrency: typeof f.manualAmountInCurrency === 'number' ? num(amount) : 0,
    amount: num(amount.mul(rate)),
    amountInCurrency: num(amount),
    cost: 0,
    account: {
      type: account?.type ?? 'Income',
      number: accountNumber,
      description: account?.description ?? `Försäljning ${vat.description}`,
      active: true,
    },
    vatCode: { id: vat.id, description: vat.description },
    uom: String(f.uom ?? item?.salesUnit ?? 'STK'),
    discountPercent: num(pct),
    discountAmount: num(discount.mul(rate)),
    discountAmountInCurrency: num(discount),
    manualDiscount: f.discountPercent !== undefined || f.discountAmountInCurrency !== undefined,
    ...(typeof f.note === 'string' ? { note: f.note } : {}),
  };
}

function applyLines(ctx: VnCtx, lines: Obj[], ops: LineOp[], rate: Dec): Obj[] {
  const out = lines.map((l) => ({ ...l }));
  // Line numbers are never reused within a request: a line inserted after a delete gets a new number.
  let counter = out.reduce((m, l) => Math.max(m, l.lineNumber as number), 0);
  for (const [i, op] of ops.entries()) {
    const f = op.fields;
    if (op.operation === 'Insert') {
      out.push(buildLine(ctx, i, f, ++counter, rate));
      continue;
    }
    const at = out.findIndex((l) => l.lineNumber === f.lineNumber);
    if (at < 0) throw badRequest(`invoiceLines[${i}]: no line with lineNumber ${String(f.lineNumber)}.`);
    if (op.operation === 'Delete') {
      out.splice(at, 1);
      continue;
    }
    const old = out[at] as Obj;
    out[at] = buildLine(
      ctx,
      i,
      {
        inventoryNumber: f.inventoryNumber ?? old.inventoryNumber,
        description: f.description ?? old.description,
        quantity: f.quantity ?? old.quantity,
        unitPriceInCurrency: f.unitPriceInCurrency ?? old.unitPriceInCurrency,
        discountPercent: f.discountPercent ?? old.discountPercent,
        vatCodeId: f.vatCodeId ?? (old.vatCode as Obj).id,
        accountNumber: f.accountNumber ?? (old.account as Obj).number,
        uom: f.uom ?? old.uom,
      },
      old.lineNumber as number,
      rate,
    );
  }
  return out;
}

function applyHeader(ctx: VnCtx, inv: Obj, w: Record<string, unknown>): void {
  const co = ctx.company;
  if ('customerNumber' in w) {
    const c = co.customers.get(String(w.customerNumber));
    if (!c) throw badRequest(`Customer '${String(w.customerNumber)}' does not exist.`);
    inv.customer = { number: c.number, name: c.name };
    inv.invoiceAddress = { ...(c.invoiceAddress as Obj | undefined), overrideAddress: false };
    inv.creditTerms ??= c.creditTerms;
    inv.currencyId ??= c.currencyId;
  }
  if ('creditTermsId' in w && w.creditTermsId !== null) {
    const t = co.creditTerms.get(String(w.creditTermsId));
    if (!t) throw badRequest(`Credit terms '${String(w.creditTermsId)}' do not exist.`);
    inv.creditTerms = { id: t.id, description: t.description };
  }
  for (const k of [
    'invoiceText',
    'customerRefNumber',
    'externalReference',
    'paymentReference',
    'note',
    'dontPrint',
    'dontEmail',
    'currencyId',
  ])
    if (k in w && w[k] !== null) inv[k] = w[k];
  for (const k of ['documentDate', 'documentDueDate', 'origInvoiceDate'])
    if (k in w && w[k] !== null) inv[k] = vnDate(String(w[k]));
  if ('exchangeRate' in w && w.exchangeRate !== null) inv.exchangeRate = num(w.exchangeRate as number, 6);
  if ('hold' in w && w.hold !== null) {
    inv.hold = w.hold;
    inv.status = w.hold ? 'Hold' : 'Balanced';
  }
}

function recompute(inv: Obj, lines: Obj[]): void {
  const totals = vnTotals(lines, new D(inv.exchangeRate as number));
  Object.assign(inv, totals, { balance: totals.amount, balanceInCurrency: totals.amountInCurrency });
}

function put(ctx: VnCtx, old: Obj) {
  checkIfMatch(ctx, etagOf(String(old.referenceNumber), old.lastModifiedDateTime));
  if (released(old))
    throw badRequest(`Document ${String(old.referenceNumber)} is released and cannot be changed.`);
  const body = bodyOf(ctx);
  const w = unwrap(body, INVOICE_SPEC);
  if ('referenceNumber' in w && w.referenceNumber !== old.referenceNumber)
    throw badRequest('The reference number cannot be changed.');
  const ops = unwrapLines(body, 'invoiceLines', LINE_SPEC);
  ctx.company.materialize(old);
  const inv = structuredClone(old);
  applyHeader(ctx, inv, w);
  if (ops)
    inv.invoiceLines = applyLines(ctx, inv.invoiceLines as Obj[], ops, new D(inv.exchangeRate as number));
  recompute(inv, inv.invoiceLines as Obj[]);
  inv.lastModifiedDateTime = vnDateTime(ctx.company.stamp(ctx.now));
  ctx.company.invoices.set(String(inv.referenceNumber), inv);
  return empty(204, { etag: `"${etagOf(String(inv.referenceNumber), inv.lastModifiedDateTime)}"` });
}

function create(ctx: VnCtx) {
  const co = ctx.company;
  const body = bodyOf(ctx);
  const w = unwrap(body, INVOICE_SPEC);
  if (typeof w.customerNumber !== 'string') throw badRequest("'customerNumber' is required.");
  const ops = unwrapLines(body, 'invoiceLines', LINE_SPEC) ?? [];
  if (ops.some((op) => op.operation !== 'Insert')) throw badRequest('A new invoice can only Insert lines.');
  const ref =
    typeof w.referenceNumber === 'string' && w.referenceNumber !== ''
      ? w.referenceNumber
      : vnInvoiceRef(++co.counters.invoiceNumber);
  if (co.invoices.has(ref)) throw badRequest(`A customer document '${ref}' already exists.`);
  const stamp = co.stamp(ctx.now);
  const today = new Date(stamp).toISOString().slice(0, 10);
  const inv: Obj = {
    documentType: 'Invoice',
    referenceNumber: ref,
    status: 'Balanced',
    hold: false,
    documentDate: vnDate(today),
    origInvoiceDate: vnDate(today),
    applications: [],
    dontPrint: true,
    dontEmail: false,
    roundingDiff: 0,
    cashDiscount: 0,
    cashDiscountInCurrency: 0,
    createdDateTime: vnDateTime(stamp),
  };
  applyHeader(ctx, inv, w);
  const currency = String(inv.currencyId ?? co.baseCurrency);
  inv.currencyId = currency;
  if (inv.exchangeRate === undefined)
    inv.exchangeRate = currency === co.baseCurrency ? 1 : num(SEK_PER[currency] ?? '1', 6);
  const date = String(inv.documentDate).slice(0, 10);
  inv.postPeriod = inv.financialPeriod = `${date.slice(0, 4)}${date.slice(5, 7)}`;
  if (inv.documentDueDate === undefined) {
    const days = co.creditTerms.get(String((inv.creditTerms as Obj | undefined)?.id))?.days ?? 30;
    inv.documentDueDate = vnDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString());
  }
  inv.invoiceLines = applyLines(ctx, [], ops, new D(inv.exchangeRate as number));
  recompute(inv, inv.invoiceLines as Obj[]);
  inv.paymentReference ??= ref;
  inv.lastModifiedDateTime = vnDateTime(stamp);
  co.invoices.set(ref, inv);
  return created(ctx, `/v1/customerinvoice/${encodeURIComponent(ref)}`);
}

/** `/v1/customerinvoice` (list, get, update, delete, release) and `POST /v2/customerinvoice` (create). */
export function registerCustomerInvoiceRoutes(router: Router<VnRoute>): void {
  router
    .add(
      'GET',
      '/v1/customerinvoice',
      {
        scope: 'read',
        handle: (ctx) => {
          const q = ctx.req.query;
          const modified = dateCondition(q, 'lastModifiedDateTime');
          const createdAt = dateCondition(q, 'createdDateTime');
          const docDate = dateCondition(q, 'documentDate');
          const dueDate = dateCondition(q, 'documentDueDate');
          const docType = enumFilter(q, 'documentType', DOC_TYPES);
          const status = enumFilter(q, 'status', STATUSES);
          const customer = textFilter(q, 'customer');
          const period = textFilter(q, 'financialPeriod');
          const ext = textFilter(q, 'externalReference');
          const payRef = textFilter(q, 'paymentReference');
          const custRef = textFilter(q, 'customerRefNumber');
          const rel = q.get('released');
          if (rel !== null && rel !== '0' && rel !== '1') throw badRequest('released must be 0 or 1.');
          const ms = (v: unknown): number => Date.parse(`${String(v)}Z`);
          const list = [...ctx.company.invoices.values()].filter(
            (i) =>
              (!modified || modified(ms(i.lastModifiedDateTime))) &&
              (!createdAt || createdAt(ms(i.createdDateTime))) &&
              (!docDate || docDate(ms(i.documentDate))) &&
              (!dueDate || dueDate(ms(i.documentDueDate))) &&
              (!docType || docType(i.documentType)) &&
              (!status || status(i.status)) &&
              (!customer || customer((i.customer as Obj).number)) &&
              (!period || period(i.financialPeriod)) &&
              (!ext || ext(i.externalReference)) &&
              (!payRef || payRef(i.paymentReference)) &&
              (!custRef || custRef(i.customerRefNumber)) &&
              (rel === null || released(i) === (rel === '1')),
          );
          return pagedArray(ctx, list, (i) => view(ctx, i));
        },
      },
      'GET /v1/customerinvoice',
    )
    // POST /v1/customerinvoice is deprecated since May 2021 but still declared (visma-notes.md §2.9).
    .add('POST', '/v1/customerinvoice', { scope: 'create', handle: create }, 'POST /v1/customerinvoice')
    .add('POST', '/v2/customerinvoice', { scope: 'create', handle: create }, 'POST /v2/customerinvoice')
    .add(
      'GET',
      '/v1/customerinvoice/:invoiceNumber',
      {
        scope: 'read',
        handle: (ctx) => {
          const inv = invoiceParam(ctx);
          return withEtag(view(ctx, inv), etagOf(String(inv.referenceNumber), inv.lastModifiedDateTime));
        },
      },
      'GET /v1/customerinvoice/{invoiceNumber}',
    )
    .add(
      'PUT',
      '/v1/customerinvoice/:invoiceNumber',
      { scope: 'update', handle: (ctx) => put(ctx, invoiceParam(ctx)) },
      'PUT /v1/customerinvoice/{invoiceNumber}',
    )
    .add(
      'DELETE',
      '/v1/customerinvoice/:invoiceNumber',
      {
        scope: 'delete',
        handle: (ctx) => {
          const inv = invoiceParam(ctx);
          checkIfMatch(ctx, etagOf(String(inv.referenceNumber), inv.lastModifiedDateTime));
          if (released(inv))
            throw badRequest(`Document ${String(inv.referenceNumber)} is released and cannot be deleted.`);
          ctx.company.invoices.delete(String(inv.referenceNumber));
          return empty(204);
        },
      },
      'DELETE /v1/customerinvoice/{invoiceNumber}',
    )
    .add(
      'POST',
      '/v1/customerinvoice/:invoiceNumber/action/release',
      {
        scope: 'update',
        handle: (ctx) => {
          const inv = invoiceParam(ctx);
          if (inv.status !== 'Balanced')
            return json(200, {
              actionId: randomUUID(),
              actionResult: 'Failed',
              errorInfo: `Document ${String(inv.referenceNumber)} is ${String(inv.status)}; only Balanced documents can be released.`,
            });
          inv.status = 'Open';
          inv.lastModifiedDateTime = vnDateTime(ctx.company.stamp(ctx.now));
          return json(200, { actionId: randomUUID(), actionResult: 'Done' });
        },
      },
      'POST /v1/customerinvoice/{invoiceNumber}/action/release',
    );
}
