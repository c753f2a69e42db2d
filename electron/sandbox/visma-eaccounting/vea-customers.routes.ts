import { randomUUID } from 'node:crypto';
import { empty, json } from '../kit/http-kit';
import type { Router } from '../kit/router';
import {
  bodyObject,
  byId,
  pagedList,
  readObj,
  route,
  SCOPES,
  utc,
  validationError,
  VeaError,
  type VeaCtx,
  type VeaRoute,
} from './vea-context';
import {
  ARTICLE_FIELDS,
  CUSTOMER_FIELDS,
  fieldError,
  fieldNames,
  readWritable,
  template,
  type FieldError,
} from './vea-fields';
import { D, num } from '../kit/vat-per-rate';
import type { Obj } from './vea-seed';

const CUSTOMER_SCHEMA = { fields: fieldNames(CUSTOMER_FIELDS) };
const ARTICLE_SCHEMA = { fields: fieldNames(ARTICLE_FIELDS) };
const CUSTOMER_TEMPLATE = template(CUSTOMER_FIELDS);
const ARTICLE_TEMPLATE = template(ARTICLE_FIELDS);

/** Read-only customer properties a PUT keeps (everything else is replaced, visma-notes.md §1.3). */
const CUSTOMER_KEPT = [
  'Id',
  'PayToAccountId',
  'LastInvoiceDate',
  'MessageThreads',
  'Notes',
  'IsFutureInvoiceDateAllowed',
  'UnpaidInvoicesAmount',
];
const ARTICLE_KEPT = [
  'Id',
  'CreatedUtc',
  'StockBalanceReserved',
  'StockBalanceAvailable',
  'StockValue',
  'MessageThreads',
  'Notes',
  'StockBalanceManuallyChangedUtc',
  'PurchasePriceManuallyChangedUtc',
  'FreightCostsManuallyChangedUtc',
];

/** Validates a customer body and builds the stored customer (POST and PUT; PUT is a full replace). */
function buildCustomer(ctx: VeaCtx, existing?: Obj): Obj {
  const errors: FieldError[] = [];
  const w = readWritable(bodyObject(ctx), CUSTOMER_FIELDS, errors);
  const terms = typeof w.TermsOfPaymentId === 'string' ? ctx.store.terms.get(w.TermsOfPaymentId) : undefined;
  if (w.TermsOfPaymentId !== undefined && !terms)
    errors.push(fieldError('TermsOfPaymentId', 'NotFound', 'The terms of payment do not exist.'));
  if (Array.isArray(w.EmailAddresses) && w.EmailAddresses.length > 5)
    errors.push(fieldError('EmailAddresses', 'MaxLength', 'At most 5 e-mail addresses are allowed.'));
  if (errors.length) throw validationError(errors);
  const number =
    typeof w.CustomerNumber === 'string' && w.CustomerNumber !== '' ? w.CustomerNumber : undefined;
  if (number) {
    const other = ctx.store.customerByNumber(number);
    if (other && other.Id !== existing?.Id)
      throw new VeaError(400, 4000, `Conflict - a customer with CustomerNumber ${number} already exists.`);
  }
  const kept: Obj = {};
  if (existing) for (const k of CUSTOMER_KEPT) kept[k] = existing[k];
  const out: Obj = {
    ...CUSTOMER_TEMPLATE,
    ...kept,
    ...w,
    Id: existing?.Id ?? randomUUID(),
    TermsOfPayment: terms,
    ChangedUtc: utc(ctx.store.stamp(ctx.now)),
    // The number is generated when absent (spec A, POST /customers); a PUT without one keeps the old number.
    CustomerNumber: number ?? existing?.CustomerNumber ?? String(++ctx.store.counters.customerNumber),
  };
  if (!existing) {
    out.IsFutureInvoiceDateAllowed = false;
    out.UnpaidInvoicesAmount = 0;
  }
  return out;
}

function hasTransactions(ctx: VeaCtx, customerId: string): boolean {
  for (const i of ctx.store.invoices.values()) if (i.CustomerId === customerId) return true;
  for (const d of ctx.store.drafts.values()) if (d.CustomerId === customerId) return true;
  for (const l of ctx.store.ledgerItems.values()) if (l.CustomerId === customerId) return true;
  return false;
}

/** Validates an article body and builds the stored article (POST and PUT). */
function buildArticle(ctx: VeaCtx, existing?: Obj): Obj {
  const errors: FieldError[] = [];
  const w = readWritable(bodyObject(ctx), ARTICLE_FIELDS, errors);
  const coding = typeof w.CodingId === 'string' ? ctx.store.codings.get(w.CodingId) : undefined;
  const unit = typeof w.UnitId === 'string' ? ctx.store.units.get(w.UnitId) : undefined;
  if (w.CodingId !== undefined && !coding)
    errors.push(fieldError('CodingId', 'NotFound', 'The article account coding does not exist.'));
  if (w.UnitId !== undefined && !unit)
    errors.push(fieldError('UnitId', 'NotFound', 'The unit does not exist.'));
  if (errors.length || !coding || !unit) throw validationError(errors);
  for (const a of ctx.store.articles.values()) {
    if (a.Number === w.Number && a.Id !== existing?.Id)
      throw new VeaError(400, 4000, `Conflict - an article with Number ${String(w.Number)} already exists.`);
  }
  const kept: Obj = {};
  if (existing) for (const k of ARTICLE_KEPT) kept[k] = existing[k];
  const net = new D((w.NetPrice as number | undefined) ?? 0);
  const stamp = utc(ctx.store.stamp(ctx.now));
  return {
    ...ARTICLE_TEMPLATE,
    ...kept,
    ...w,
    Id: existing?.Id ?? randomUUID(),
    CodingName: coding.Name,
    UnitName: unit.Name,
    UnitAbbreviation: unit.Abbreviation,
    NetPriceWithDiscount: (w.NetPriceWithDiscount as number | undefined) ?? num(net),
    GrossPrice:
      (w.GrossPrice as number | undefined) ?? num(net.mul(new D(coding.VatRatePercent as number).plus(1))),
    IsServiceArticle: coding.Type === 'Service',
    ShowStockInformation: w.IsStock === true,
    CreatedUtc: existing?.CreatedUtc ?? stamp,
    ChangedUtc: stamp,
  };
}

/** Customers and articles (visma-notes.md §1.9). */
export function registerCustomerRoutes(router: Router<VeaRoute>): void {
  router
    .add(
      'GET',
      '/customers',
      route(SCOPES.salesRead, (ctx) =>
        pagedList(ctx, ctx.store.customers.values(), CUSTOMER_SCHEMA, readObj, (c) => c),
      ),
      'GET /customers',
    )
    .add(
      'POST',
      '/customers',
      route(SCOPES.salesWrite, (ctx) => {
        const c = buildCustomer(ctx);
        ctx.store.customers.set(String(c.Id), c);
        return json(201, c);
      }),
      'POST /customers',
    )
    .add(
      'GET',
      '/customers/:customerId',
      route(SCOPES.salesRead, (ctx) =>
        json(200, byId(ctx.store.customers, ctx.params.customerId, 'The customer')),
      ),
      'GET /customers/{customerId}',
    )
    .add(
      'PUT',
      '/customers/:customerId',
      route(SCOPES.salesWrite, (ctx) => {
        const old = byId(ctx.store.customers, ctx.params.customerId, 'The customer');
        const c = buildCustomer(ctx, old);
        ctx.store.customers.set(String(c.Id), c);
        return json(200, c);
      }),
      'PUT /customers/{customerId}',
    )
    .add(
      'DELETE',
      '/customers/:customerId',
      route(SCOPES.salesWrite, (ctx) => {
        const c = byId(ctx.store.customers, ctx.params.customerId, 'The customer');
        // Spec A: only customers without linked transactions can be deleted; others are set IsActive=false.
        if (hasTransactions(ctx, String(c.Id)))
          throw new VeaError(
            400,
            4001,
            'CanNotBeDeleted - the customer has linked transactions; set IsActive to false instead.',
          );
        ctx.store.customers.delete(String(c.Id));
        return empty(200);
      }),
      'DELETE /customers/{customerId}',
    )
    .add(
      'GET',
      '/articles',
      route(SCOPES.salesRead, (ctx) =>
        pagedList(ctx, ctx.store.articles.values(), ARTICLE_SCHEMA, readObj, (a) => a),
      ),
      'GET /articles',
    )
    .add(
      'POST',
      '/articles',
      route(SCOPES.salesWrite, (ctx) => {
        const a = buildArticle(ctx);
        ctx.store.articles.set(String(a.Id), a);
        return json(201, a);
      }),
      'POST /articles',
    )
    .add(
      'GET',
      '/articles/:articleId',
      route(SCOPES.salesRead, (ctx) =>
        json(200, byId(ctx.store.articles, ctx.params.articleId, 'The article')),
      ),
      'GET /articles/{articleId}',
    )
    .add(
      'PUT',
      '/articles/:articleId',
      route(SCOPES.salesWrite, (ctx) => {
        const old = byId(ctx.store.articles, ctx.params.articleId, 'The article');
        const a = buildArticle(ctx, old);
        ctx.store.articles.set(String(a.Id), a);
        return json(200, a);
      }),
      'PUT /articles/{articleId}',
    );
}
