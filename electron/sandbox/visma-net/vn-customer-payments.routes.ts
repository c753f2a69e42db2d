import { randomUUID } from 'node:crypto';
import { empty, json } from '../kit/http-kit';
import type { Router } from '../kit/router';
import { D, num, type Dec } from '../kit/vat-per-rate';
import { SEK_PER } from './vn-customer-invoices.routes';
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
import { PAYMENT_METHODS } from './vn-seed';
import { etagOf, type Obj } from './vn-store';
import { unwrap, unwrapLines, type LineOp, type WrappedSpec } from './vn-values';

const PAYMENT_TYPES = [
  'Payment',
  'CreditNote',
  'Prepayment',
  'Refund',
  'VoidPayment',
  'SmallBalanceWo',
  'VoidRefund',
  'Undefined',
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
const DOCUMENT_TYPES = [
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

/** The payment types the simulator creates (money received; refunds and write-offs are not simulated). */
const CREATABLE = ['Payment', 'Prepayment'];
/** The document types a payment line may pay. */
const PAYABLE = ['Invoice', 'DebitNote'];

/** PaymentUpdateDto (spec D): the wrapped header properties. */
const PAYMENT_SPEC: WrappedSpec = {
  referenceNumber: 'string',
  type: { enum: PAYMENT_TYPES },
  hold: 'bool',
  applicationDate: 'date',
  applicationPeriod: 'string',
  paymentRef: 'string',
  customer: 'string',
  location: 'string',
  paymentMethod: 'string',
  cashAccount: 'string',
  currency: 'string',
  paymentAmount: 'decimal',
  invoiceText: 'string',
  branch: 'string',
  overrideNumberSeries: 'bool',
};

/** PaymentLinesUpdateDto (spec D): `operation` and wrapped fields; a line is known by its document. */
const LINE_SPEC: WrappedSpec = {
  documentType: { enum: DOCUMENT_TYPES },
  refNbr: 'string',
  amountPaid: 'decimal',
  cashDiscountTaken: 'decimal',
  balanceWriteOff: 'decimal',
  writeOffReasonCode: 'string',
  crossRate: 'decimal',
};

/** PaymentDto.invoiceText: "50 alphanumeric characters" (spec D). */
const INVOICE_TEXT_MAX = 50;

const released = (p: Obj): boolean => p.status === 'Open' || p.status === 'Closed';

function paymentParam(ctx: VnCtx): Obj {
  const ref = decodeKey(ctx.params.paymentNumber);
  const p = ctx.company.payments.get(ref);
  if (!p) throw notFound(`Payment '${ref}' not found.`);
  return p;
}

/** The customer document a line pays (documentType + refNbr), or undefined. */
function documentOf(ctx: VnCtx, type: string, ref: string): Obj | undefined {
  const inv = ctx.company.invoices.get(ref);
  return inv && inv.documentType === type ? inv : undefined;
}

/** Base-currency units per unit of a currency: the first paid document's rate, else the simulator's table. */
function rateOf(ctx: VnCtx, currency: string, lines: Obj[]): Dec {
  if (currency === ctx.company.baseCurrency) return new D(1);
  const first = lines[0] && documentOf(ctx, String(lines[0].documentType), String(lines[0].refNbr));
  if (first && typeof first.exchangeRate === 'number') return new D(first.exchangeRate);
  return new D(SEK_PER[currency] ?? '1');
}

/** The cash account a payment posts to: the one given (checked), else the company's in the payment's currency. */
function cashAccountOf(ctx: VnCtx, given: unknown, currency: string): string {
  const co = ctx.company;
  const currencyOf = (a: Obj): string => String(a.currency ?? co.baseCurrency);
  if (typeof given === 'string') {
    const a = co.accounts.get(given);
    if (!a) throw badRequest(`Cash account '${given}' does not exist.`);
    if (a.cashAccount !== true) throw badRequest(`Account '${given}' is not a cash account.`);
    if (a.active === false) throw badRequest(`Cash account '${given}' is inactive.`);
    if (currencyOf(a) !== currency)
      throw badRequest(`Cash account ${given} is in ${currencyOf(a)}; the payment is in ${currency}.`);
    return given;
  }
  const match = [...co.accounts.values()].find(
    (a) => a.cashAccount === true && a.active !== false && currencyOf(a) === currency,
  );
  if (!match) throw badRequest(`There is no cash account in ${currency}; give cashAccount.`);
  return String(match.accountCD);
}

/** One line as PaymentLineDto, with its document's details and the balance it will leave. */
function lineView(doc: Obj, amountPaid: Dec, fields: Record<string, unknown>): Obj {
  const date = String(doc.documentDate);
  return {
    documentType: doc.documentType,
    refNbr: doc.referenceNumber,
    amountPaid: num(amountPaid),
    cashDiscountTaken: num((fields.cashDiscountTaken as number | undefined) ?? 0),
    balanceWriteOff: num((fields.balanceWriteOff as number | undefined) ?? 0),
    date,
    dueDate: doc.documentDueDate,
    balance: num(new D(doc.balanceInCurrency as number).minus(amountPaid)),
    cashDiscountBalance: 0,
    description: doc.invoiceText,
    currency: doc.currencyId,
    // PaymentLineDto.postPeriod is "Format MMYYYY" (spec D).
    postPeriod: `${date.slice(5, 7)}${date.slice(0, 4)}`,
    customerOrder: doc.customerRefNumber,
    crossRate: num((fields.crossRate as number | undefined) ?? 1, 6),
  };
}

/**
 * Applies line operations to a payment's lines and checks every line against its document: it must exist, be the
 * payment's customer's and currency, be released and open, and the amount must be positive and within its
 * balance. Insert adds a document, Update and Delete find the line by its document (`refNbr`).
 */
function applyLines(ctx: VnCtx, p: Obj, ops: LineOp[]): Obj[] {
  const lines = ((p.paymentLines as Obj[] | undefined) ?? []).map((l) => ({ ...l }));
  for (const [i, op] of ops.entries()) {
    const f = op.fields;
    const ref = typeof f.refNbr === 'string' ? f.refNbr : '';
    if (!ref) throw badRequest(`paymentLines[${i}]: 'refNbr' is required.`);
    const type = String(f.documentType ?? 'Invoice');
    const at = lines.findIndex((l) => l.refNbr === ref && l.documentType === type);
    if (op.operation === 'Delete') {
      if (at < 0) throw badRequest(`paymentLines[${i}]: the payment has no line for ${type} ${ref}.`);
      lines.splice(at, 1);
      continue;
    }
    if (op.operation === 'Update' && at < 0)
      throw badRequest(`paymentLines[${i}]: the payment has no line for ${type} ${ref}.`);
    if (op.operation === 'Insert' && at >= 0)
      throw badRequest(`paymentLines[${i}]: ${type} ${ref} is already on this payment.`);
    if (!PAYABLE.includes(type))
      throw badRequest(
        `paymentLines[${i}]: payments are applied to Invoice and DebitNote documents, not ${type}.`,
      );
    const doc = documentOf(ctx, type, ref);
    if (!doc) throw badRequest(`paymentLines[${i}]: customer document ${type} '${ref}' does not exist.`);
    const customer = String((doc.customer as Obj).number);
    if (customer !== String((p.customer as Obj).number))
      throw badRequest(
        `paymentLines[${i}]: ${type} ${ref} belongs to customer ${customer}, not ${String((p.customer as Obj).number)}.`,
      );
    if (doc.currencyId !== p.currency)
      throw badRequest(
        `paymentLines[${i}]: ${type} ${ref} is in ${String(doc.currencyId)}; the payment is in ${String(p.currency)}.`,
      );
    if (doc.status !== 'Open')
      throw badRequest(
        `paymentLines[${i}]: ${type} ${ref} is ${String(doc.status)}; only released, open documents can be paid.`,
      );
    const balance = new D(doc.balanceInCurrency as number);
    const previous = at >= 0 ? (lines[at] as Obj) : undefined;
    const amount = new D(
      (f.amountPaid as number | undefined) ?? (previous?.amountPaid as number | undefined) ?? balance,
    );
    if (amount.lte(0)) throw badRequest(`paymentLines[${i}]: amountPaid must be greater than zero.`);
    if (amount.gt(balance))
      throw badRequest(
        `paymentLines[${i}]: the amount paid (${amount.toFixed(2)}) exceeds the balance of ${type} ${ref} (${balance.toFixed(2)}).`,
      );
    const line = lineView(doc, amount, { ...previous, ...f });
    if (at >= 0) lines[at] = line;
    else lines.push(line);
  }
  return lines;
}

/** Applies a PaymentUpdateDto to a payment (a copy), recomputing the amounts. */
function applyPayment(ctx: VnCtx, p: Obj, w: Record<string, unknown>, ops: LineOp[] | undefined): Obj {
  const co = ctx.company;
  const oldCurrency = p.currency;
  if ('currency' in w && w.currency !== null) p.currency = w.currency;
  for (const k of ['paymentRef', 'invoiceText', 'branch'] as const) {
    if (!(k in w)) continue;
    if (w[k] === null) delete p[k];
    else p[k] = w[k];
  }
  if (typeof p.invoiceText === 'string' && p.invoiceText.length > INVOICE_TEXT_MAX)
    throw badRequest(`invoiceText: at most ${INVOICE_TEXT_MAX} characters (got ${p.invoiceText.length}).`);
  if ('hold' in w && w.hold !== null) {
    p.hold = w.hold;
    p.status = w.hold ? 'Hold' : 'Balanced';
  }
  if ('applicationDate' in w && w.applicationDate !== null) {
    const date = String(w.applicationDate).slice(0, 10);
    p.applicationDate = vnDate(date);
    p.applicationPeriod = `${date.slice(0, 4)}${date.slice(5, 7)}`;
    p.financialDetails = { paymentDate: p.applicationDate };
  }
  if ('applicationPeriod' in w && w.applicationPeriod !== null) {
    if (!/^\d{6}$/.test(String(w.applicationPeriod)))
      throw badRequest(
        `applicationPeriod '${String(w.applicationPeriod)}' is not a financial period (YYYYMM).`,
      );
    p.applicationPeriod = w.applicationPeriod;
  }
  if ('paymentMethod' in w && w.paymentMethod !== null) {
    const method = Object.values(PAYMENT_METHODS).find((m) => m.id === w.paymentMethod);
    if (!method) throw badRequest(`Payment method '${String(w.paymentMethod)}' does not exist.`);
    p.paymentMethod = { ...method };
  }
  if ('location' in w && w.location !== null) {
    const home = (co.customers.get(String((p.customer as Obj).number))?.location ?? {}) as Obj;
    if (w.location !== home.id)
      throw badRequest(
        `Location '${String(w.location)}' does not exist for customer ${String((p.customer as Obj).number)}.`,
      );
  }
  // The cash account follows a change of currency unless one is given.
  const cash = 'cashAccount' in w ? w.cashAccount : p.currency === oldCurrency ? p.cashAccount : undefined;
  p.cashAccount = cashAccountOf(ctx, cash, String(p.currency));
  const lines = ops ? applyLines(ctx, p, ops) : ((p.paymentLines as Obj[] | undefined) ?? []);
  // A change of currency re-checks the lines that stay (their documents must be in the new currency).
  if (!ops && 'currency' in w) applyLines(ctx, { ...p, paymentLines: [] }, lines.map(asInsert));
  p.paymentLines = lines;
  const applied = lines.reduce((s, l) => s.plus(l.amountPaid as number), new D(0));
  const amount =
    'paymentAmount' in w && w.paymentAmount !== null
      ? new D(w.paymentAmount as number)
      : p.paymentAmount === undefined
        ? applied
        : new D(p.paymentAmount as number);
  if (amount.lte(0)) throw badRequest('paymentAmount must be greater than zero.');
  if (applied.gt(amount))
    throw badRequest(
      `The amount applied to documents (${applied.toFixed(2)}) exceeds the payment amount (${amount.toFixed(2)}).`,
    );
  const rate = rateOf(ctx, String(p.currency), lines);
  const available = amount.minus(applied);
  p.paymentAmount = num(amount);
  p.appliedToDocuments = num(applied);
  p.availableBalance = num(available);
  // Spec D: the `…InCurrency` amounts of a payment are "calculated in your default (base) currency".
  p.paymentAmountInCurrency = num(amount.mul(rate));
  p.availableBalanceInCurrency = num(available.mul(rate));
  p.lastModifiedDateTime = vnDateTime(co.stamp(ctx.now));
  return p;
}

const asInsert = (l: Obj): LineOp => ({
  operation: 'Insert',
  fields: { documentType: l.documentType, refNbr: l.refNbr, amountPaid: l.amountPaid },
});

function create(ctx: VnCtx) {
  const co = ctx.company;
  const body = bodyOf(ctx);
  const w = unwrap(body, PAYMENT_SPEC);
  const type = String(w.type ?? 'Payment');
  if (!CREATABLE.includes(type))
    throw badRequest(`The simulator creates Payment and Prepayment documents only (type '${type}').`);
  if (typeof w.customer !== 'string' || w.customer === '') throw badRequest("'customer' is required.");
  const customer = co.customers.get(w.customer);
  if (!customer) throw badRequest(`Customer '${w.customer}' does not exist.`);
  if (Array.isArray(body.ordersToApply) && body.ordersToApply.length)
    throw badRequest('ordersToApply is not supported by the simulator (payments reserved for sales orders).');
  const ops = unwrapLines(body, 'paymentLines', LINE_SPEC) ?? [];
  if (ops.some((op) => op.operation !== 'Insert')) throw badRequest('A new payment can only Insert lines.');
  const ref =
    typeof w.referenceNumber === 'string' && w.referenceNumber !== ''
      ? w.referenceNumber
      : String(++co.counters.paymentNumber);
  if (co.payments.has(ref)) throw badRequest(`A payment '${ref}' already exists.`);
  const today = new Date(ctx.now).toISOString().slice(0, 10);
  const currency = String(w.currency ?? customer.currencyId ?? co.baseCurrency);
  const p: Obj = {
    type,
    refNbr: ref,
    status: 'Balanced',
    hold: false,
    applicationDate: vnDate(today),
    applicationPeriod: `${today.slice(0, 4)}${today.slice(5, 7)}`,
    paymentRef: ref,
    customer: { number: customer.number, name: customer.name },
    location: { ...(customer.location as Obj) },
    paymentMethod: { ...(currency === co.baseCurrency ? PAYMENT_METHODS.domestic : PAYMENT_METHODS.foreign) },
    currency,
    appliedToOrders: 0,
    writeOffAmount: 0,
    financeCharges: 0,
    deductedCharges: 0,
    ordersToApply: [],
    financialDetails: { paymentDate: vnDate(today) },
  };
  applyPayment(ctx, p, { ...w, currency }, ops);
  co.payments.set(ref, p);
  return created(ctx, `/v1/customerPayment/${encodeURIComponent(ref)}`);
}

function put(ctx: VnCtx) {
  const old = paymentParam(ctx);
  checkIfMatch(ctx, etagOf(String(old.refNbr), old.lastModifiedDateTime));
  if (!['Hold', 'Balanced'].includes(String(old.status)))
    throw badRequest(
      `Payment ${String(old.refNbr)} is ${String(old.status)}: only payments on hold or balanced can be changed.`,
    );
  const body = bodyOf(ctx);
  const w = unwrap(body, PAYMENT_SPEC);
  if ('referenceNumber' in w && w.referenceNumber !== old.refNbr)
    throw badRequest('The reference number of a payment cannot be changed.');
  if ('type' in w && w.type !== old.type) throw badRequest('The type of a payment cannot be changed.');
  if ('customer' in w && w.customer !== (old.customer as Obj).number)
    throw badRequest('The customer of a payment cannot be changed.');
  const ops = unwrapLines(body, 'paymentLines', LINE_SPEC);
  const p = applyPayment(ctx, structuredClone(old), w, ops);
  ctx.company.payments.set(String(p.refNbr), p);
  return empty(204, { etag: `"${etagOf(String(p.refNbr), p.lastModifiedDateTime)}"` });
}

/** The `type` of an action body, refusing one that is not the payment's (the key is type + number). */
function checkActionType(p: Obj, type: unknown): void {
  if (type === undefined || type === null) return;
  if (type !== p.type) throw notFound(`Payment '${String(p.refNbr)}' of type ${String(type)} not found.`);
}

const failed = (errorInfo: string) =>
  json(200, { actionId: randomUUID(), actionResult: 'Failed', errorInfo });

/** Sets a document's balance (document currency) and the base-currency one from its rate. */
function setBalance(doc: Obj, balance: Dec): void {
  doc.balanceInCurrency = num(balance);
  doc.balance = num(balance.mul(doc.exchangeRate as number));
}

/**
 * Release: the payment's lines are applied to their documents (balances fall, a paid-off document is Closed, its
 * `applications` lists the payment) and the payment becomes Open (money left to apply) or Closed. Every line is
 * checked first, so a failed release changes nothing.
 */
function release(ctx: VnCtx) {
  const p = paymentParam(ctx);
  const body = ctx.body === undefined ? {} : bodyOf(ctx);
  checkActionType(p, (unwrap(body, { type: { enum: PAYMENT_TYPES } }) as { type?: unknown }).type);
  if (p.status !== 'Balanced')
    return failed(
      `Payment ${String(p.refNbr)} is ${String(p.status)}; only Balanced payments can be released.`,
    );
  const lines = (p.paymentLines as Obj[] | undefined) ?? [];
  const docs: Obj[] = [];
  for (const l of lines) {
    const doc = documentOf(ctx, String(l.documentType), String(l.refNbr));
    if (!doc || doc.status !== 'Open')
      return failed(`${String(l.documentType)} ${String(l.refNbr)} is no longer open.`);
    if (new D(l.amountPaid as number).gt(doc.balanceInCurrency as number))
      return failed(
        `The amount paid on ${String(l.documentType)} ${String(l.refNbr)} exceeds its balance (${String(doc.balanceInCurrency)}).`,
      );
    docs.push(doc);
  }
  const at = vnDateTime(ctx.company.stamp(ctx.now));
  lines.forEach((l, i) => {
    const doc = docs[i] as Obj;
    const left = new D(doc.balanceInCurrency as number).minus(l.amountPaid as number);
    setBalance(doc, left);
    if (left.isZero()) doc.status = 'Closed';
    doc.applications = [
      ...((doc.applications as Obj[] | undefined) ?? []),
      {
        docType: p.type,
        customerCD: (p.customer as Obj).number,
        refNbr: p.refNbr,
        amountPaid: l.amountPaid,
        released: true,
        hold: false,
        voided: false,
        paymentRef: p.paymentRef,
        applicationDate: p.applicationDate,
        applicationPeriod: p.applicationPeriod,
      },
    ];
    doc.lastModifiedDateTime = at;
    l.balance = num(left);
  });
  p.status = new D(p.availableBalance as number).gt(0) ? 'Open' : 'Closed';
  p.lastModifiedDateTime = at;
  return json(200, { actionId: randomUUID(), actionResult: 'Done' });
}

/**
 * Void: an unreleased payment is simply Voided; a released one has its applications reversed (the documents get
 * their balance back and are Open again) and is Voided, and the void document (type VoidPayment, same number,
 * negative amounts) is answered when `returnVoidPayment` is set. The void document is not kept as a record.
 */
function voidPayment(ctx: VnCtx) {
  const p = paymentParam(ctx);
  const body = ctx.body === undefined ? {} : bodyOf(ctx);
  if (
    body.type !== undefined &&
    (typeof body.type !== 'string' || !PAYMENT_TYPES.some((t) => t === body.type))
  )
    throw badRequest(`type: '${String(body.type)}' is not one of ${PAYMENT_TYPES.join(', ')}.`);
  checkActionType(p, body.type);
  if (body.returnVoidPayment !== undefined && typeof body.returnVoidPayment !== 'boolean')
    throw badRequest('returnVoidPayment: expected true or false.');
  if (p.status === 'Voided') return failed(`Payment ${String(p.refNbr)} is already voided.`);
  const wasReleased = released(p);
  const at = vnDateTime(ctx.company.stamp(ctx.now));
  if (wasReleased) {
    for (const l of (p.paymentLines as Obj[] | undefined) ?? []) {
      const doc = documentOf(ctx, String(l.documentType), String(l.refNbr));
      if (!doc) continue;
      setBalance(doc, new D(doc.balanceInCurrency as number).plus(l.amountPaid as number));
      if (doc.status === 'Closed') doc.status = 'Open';
      doc.applications = ((doc.applications as Obj[] | undefined) ?? []).map((a) =>
        a.refNbr === p.refNbr && a.docType === p.type ? { ...a, voided: true } : a,
      );
      doc.lastModifiedDateTime = at;
    }
  }
  const before = structuredClone(p);
  p.status = 'Voided';
  p.lastModifiedDateTime = at;
  const answer: Obj = { type: 'VoidPayment', refNbr: p.refNbr, actionId: randomUUID(), actionResult: 'Done' };
  if (wasReleased && body.returnVoidPayment === true) {
    const neg = (v: unknown): number => num(new D((v as number | undefined) ?? 0).negated());
    answer.voidPayment = {
      ...before,
      type: 'VoidPayment',
      status: 'Closed',
      applicationDate: vnDate(new Date(ctx.now).toISOString()),
      paymentAmount: neg(before.paymentAmount),
      paymentAmountInCurrency: neg(before.paymentAmountInCurrency),
      appliedToDocuments: neg(before.appliedToDocuments),
      availableBalance: 0,
      availableBalanceInCurrency: 0,
      paymentLines: ((before.paymentLines as Obj[] | undefined) ?? []).map((l) => ({
        ...l,
        amountPaid: neg(l.amountPaid),
      })),
      lastModifiedDateTime: at,
    };
  }
  return json(200, answer);
}

/**
 * `/v1/customerPayment`: list (paged like every big list, §2.4), get, create (201 + Location; Balanced, or Hold),
 * update (only before release), and the `release` and `void` actions, which apply a payment to its documents
 * and take it back.
 */
export function registerCustomerPaymentRoutes(router: Router<VnRoute>): void {
  router
    .add(
      'GET',
      '/v1/customerPayment',
      {
        scope: 'read',
        handle: (ctx) => {
          const q = ctx.req.query;
          const modified = dateCondition(q, 'lastModifiedDateTime');
          const docDate = dateCondition(q, 'docDate');
          const type = enumFilter(q, 'paymentType', PAYMENT_TYPES);
          const status = enumFilter(q, 'status', STATUSES);
          const number = textFilter(q, 'paymentNbr');
          const customer = textFilter(q, 'customer');
          const invoice = q.get('invoiceRefNbr');
          const branch = textFilter(q, 'branch');
          const period = textFilter(q, 'financialPeriod');
          const after = q.get('greaterThanValue');
          const orderBy = q.get('orderBy');
          const ms = (v: unknown): number => Date.parse(`${String(v)}Z`);
          let list = [...ctx.company.payments.values()].filter(
            (p) =>
              (!modified || modified(ms(p.lastModifiedDateTime))) &&
              (!docDate || docDate(ms(p.applicationDate))) &&
              (!type || type(p.type)) &&
              (!status || status(p.status)) &&
              (!number || number(p.refNbr)) &&
              (!customer || customer((p.customer as Obj).number)) &&
              (!invoice || ((p.paymentLines as Obj[] | undefined) ?? []).some((l) => l.refNbr === invoice)) &&
              (!branch || branch(p.branch)) &&
              (!period || period(p.applicationPeriod)) &&
              (!after || String(p.refNbr) > after),
          );
          if (orderBy) {
            const sample = list[0] ?? {};
            if (!/^[a-zA-Z]+$/.test(orderBy) || (list.length && typeof sample[orderBy] === 'object'))
              throw badRequest(`orderBy: cannot order by '${orderBy}'.`);
            const key = (r: Obj): string | number =>
              typeof r[orderBy] === 'number' ? (r[orderBy] as number) : String(r[orderBy] ?? '');
            list = [...list].sort((x, y) => {
              const a = key(x);
              const b = key(y);
              return typeof a === 'number' && typeof b === 'number'
                ? a - b
                : String(a).localeCompare(String(b));
            });
          }
          return pagedArray(ctx, list, (p) => p);
        },
      },
      'GET /v1/customerPayment',
    )
    .add('POST', '/v1/customerPayment', { scope: 'create', handle: create }, 'POST /v1/customerPayment')
    .add(
      'GET',
      '/v1/customerPayment/:paymentNumber',
      {
        scope: 'read',
        handle: (ctx) => {
          const p = paymentParam(ctx);
          return withEtag(p, etagOf(String(p.refNbr), p.lastModifiedDateTime));
        },
      },
      'GET /v1/customerPayment/{paymentNumber}',
    )
    .add(
      'PUT',
      '/v1/customerPayment/:paymentNumber',
      { scope: 'update', handle: put },
      'PUT /v1/customerPayment/{paymentNumber}',
    )
    .add(
      'POST',
      '/v1/customerPayment/:paymentNumber/action/release',
      { scope: 'update', handle: release },
      'POST /v1/customerPayment/{paymentNumber}/action/release',
    )
    .add(
      'POST',
      '/v1/customerPayment/:paymentNumber/action/void',
      { scope: 'update', handle: voidPayment },
      'POST /v1/customerPayment/{paymentNumber}/action/void',
    );
}
