import { randomUUID } from 'node:crypto';
import { empty, json } from '../kit/http-kit';
import type { Router } from '../kit/router';
import {
  bodyObject,
  boolQuery,
  byId,
  dayOf,
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
  CUSTOMERINVOICE_FIELDS,
  CUSTOMERINVOICEDRAFT_FIELDS,
  CUSTOMERINVOICEDRAFTROW_FIELDS,
  CUSTOMERINVOICEROW_FIELDS,
  CUSTOMERLEDGERITEM_FIELDS,
  fieldError,
  fieldNames,
  INVOICEPAYMENT_FIELDS,
  readWritable,
  template,
  type FieldError,
} from './vea-fields';
import { computeDocument, D, num, type Dec, type RowInput } from '../kit/vat-per-rate';
import { parseIsoMs, type FieldReader } from './vea-odata';
import { ledgerItemOf, type Obj } from './vea-seed';
import type { VeaStore } from './vea-store';

const INVOICE_SCHEMA = {
  fields: fieldNames(CUSTOMERINVOICE_FIELDS),
  collections: { Rows: fieldNames(CUSTOMERINVOICEROW_FIELDS) },
};
const DRAFT_SCHEMA = {
  fields: fieldNames(CUSTOMERINVOICEDRAFT_FIELDS),
  collections: { Rows: fieldNames(CUSTOMERINVOICEDRAFTROW_FIELDS) },
};
const LEDGER_SCHEMA = { fields: fieldNames(CUSTOMERLEDGERITEM_FIELDS) };
const INVOICE_TEMPLATE = template(CUSTOMERINVOICE_FIELDS);
const DRAFT_TEMPLATE = template(CUSTOMERINVOICEDRAFT_FIELDS);
const INVOICE_ROW_TEMPLATE = template(CUSTOMERINVOICEROW_FIELDS);
const DRAFT_ROW_TEMPLATE = template(CUSTOMERINVOICEDRAFTROW_FIELDS);
const LEDGER_TEMPLATE = template(CUSTOMERLEDGERITEM_FIELDS);
const NO_MARGIN = { Amount: null, Percentage: null };

/** SEK per unit of the demo currencies (the generator's table, inverted); a body's CurrencyRate wins. */
const UNITS_PER_SEK: Record<string, string> = {
  SEK: '1',
  EUR: '0.087350',
  NOK: '1.012400',
  DKK: '0.651800',
  GBP: '0.073910',
  USD: '0.094520',
};

/** Invoice properties copied from a draft when it is converted (same names on both schemas). */
const FROM_DRAFT = [
  'CustomerId',
  'IsCreditInvoice',
  'RotReducedInvoicingType',
  'RotReducedInvoicingPropertyName',
  'RotReducedInvoicingOrgNumber',
  'RotPropertyType',
  'Persons',
  'YourReference',
  'OurReference',
  'BuyersOrderReference',
  'ElectronicReference',
  'SubscriptionNumber',
  'ContractNumber',
  'InvoiceAddress1',
  'InvoiceAddress2',
  'DeliveryCustomerName',
  'DeliveryAddress1',
  'DeliveryAddress2',
  'DeliveryPostalCode',
  'DeliveryCity',
  'DeliveryCountryCode',
  'TermsOfPaymentId',
  'EuThirdParty',
  'InvoiceDate',
  'DueDate',
  'DeliveryDate',
  'ReplaceUnitPriceWhenZero',
  'UsesGreenTechnology',
  'IsDirectDebit',
];

/** The invoice as the API shows it: rows attached, payment status as of now. */
export function invoiceView(store: VeaStore, inv: Obj, now: number): Obj {
  const remaining = inv.RemainingAmountInvoiceCurrency as number;
  // PaymentStatus: 0 Paid, 1 Unpaid, 2 Overdue (visma-notes.md §1.9).
  const status = remaining === 0 ? 0 : String(inv.DueDate).slice(0, 10) < dayOf(now).slice(0, 10) ? 2 : 1;
  // Seeded invoices are stored sparse; the template supplies every other declared property.
  return { ...INVOICE_TEMPLATE, ...inv, Rows: store.rowsOf(inv), PaymentStatus: status };
}

function addDaysIso(day: string, days: number): string {
  return dayOf(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + days * 86_400_000);
}

interface BuiltRows {
  rows: Obj[];
  totals: ReturnType<typeof computeDocument>;
}

/**
 * Validates and computes document rows. Text rows carry no article and no amount; other rows need an existing
 * ArticleId (visma-notes.md §1.9) and take their text, price and VAT rate from the article's account coding
 * unless given. VAT is 0 for VAT-free rows, reverse-charge customers and EU third-party trade.
 */
function buildRows(
  ctx: VeaCtx,
  raw: unknown,
  kind: 'draft' | 'invoice',
  opts: { vatFree: boolean; credit: boolean; includesVat: boolean },
  errors: FieldError[],
): BuiltRows {
  const list = raw === undefined || raw === null ? [] : raw;
  if (!Array.isArray(list)) {
    errors.push(fieldError('Rows', 'InvalidType', 'Rows must be an array.'));
    return { rows: [], totals: computeDocument([], false) };
  }
  const fields = kind === 'draft' ? CUSTOMERINVOICEDRAFTROW_FIELDS : CUSTOMERINVOICEROW_FIELDS;
  const rows: Obj[] = [];
  const inputs: RowInput[] = [];
  list.forEach((r: unknown, i) => {
    const w = readWritable(r, fields, errors, `Rows[${i}].`);
    const articleId = typeof w.ArticleId === 'string' ? w.ArticleId : null;
    const isText = kind === 'draft' ? w.IsTextRow === true : articleId === null;
    const art = articleId ? ctx.store.articles.get(articleId) : undefined;
    if (!isText && !art) {
      errors.push(
        fieldError(
          `Rows[${i}].ArticleId`,
          articleId ? 'NotFound' : 'Required',
          articleId
            ? 'The article does not exist.'
            : 'ArticleId is required on a row that is not a text row.',
        ),
      );
      return;
    }
    const coding = art ? ctx.store.codings.get(String(art.CodingId)) : undefined;
    const vatFree = opts.vatFree || w.IsVatFree === true || w.ReversedConstructionServicesVatFree === true;
    const rate = isText || vatFree ? 0 : Math.round(((coding?.VatRatePercent as number) ?? 0) * 10000) / 100;
    let qty = new D((w.Quantity as number | undefined) ?? (isText ? 0 : 1));
    if (opts.credit && qty.gt(0)) qty = qty.neg();
    const unitPrice = new D(
      (w.UnitPrice as number | undefined) ?? (art?.NetPrice as number | undefined) ?? 0,
    );
    const discount = new D((w.DiscountPercentage as number | undefined) ?? 0);
    inputs.push({ quantity: qty, unitPrice, discount, vatRate: new D(rate), isText });
    const unit = art ? ctx.store.units.get(String(art.UnitId)) : undefined;
    rows.push({
      ...(kind === 'draft' ? DRAFT_ROW_TEMPLATE : INVOICE_ROW_TEMPLATE),
      ...w,
      Id: randomUUID(),
      ArticleId: art ? art.Id : null,
      ArticleNumber: art ? art.Number : null,
      IsServiceArticle: art ? art.IsServiceArticle : false,
      IsTextRow: isText,
      LineNumber: i,
      Text: (w.Text as string | undefined) ?? (art ? art.Name : null),
      UnitPrice: isText ? 0 : num(unitPrice, 4),
      Quantity: isText ? 0 : num(qty, 2),
      DiscountPercentage: num(discount, 4),
      UnitId: art ? art.UnitId : null,
      UnitAbbreviation: unit?.Abbreviation ?? null,
      UnitAbbreviationEnglish: unit?.AbbreviationEnglish ?? null,
      VatRate: isText ? null : rate,
      PurchasePrice: art ? art.PurchasePrice : 0,
      ContributionMargin: NO_MARGIN,
      ...(kind === 'invoice' ? { PercentVat: rate / 100, IsVatFree: vatFree } : {}),
      ...(kind === 'draft'
        ? { ReversedConstructionServicesVatFree: w.ReversedConstructionServicesVatFree === true }
        : {}),
    });
  });
  const totals = computeDocument(inputs, opts.includesVat);
  rows.forEach((row, i) => {
    const amounts = totals.rows[i];
    if (!amounts) return;
    if (kind === 'invoice') {
      row.AmountNoVat = amounts.amountNoVat;
      row.Amount = amounts.amount;
    } else row.Amount = amounts.amountNoVat;
  });
  return { rows, totals };
}

/** The customer of a document body (400 when unknown, as a field error). */
function customerOf(ctx: VeaCtx, w: Obj, errors: FieldError[]): Obj | undefined {
  if (typeof w.CustomerId !== 'string') return undefined;
  const c = ctx.store.customers.get(w.CustomerId);
  if (!c) errors.push(fieldError('CustomerId', 'NotFound', 'The customer does not exist.'));
  else if (c.IsActive === false)
    errors.push(fieldError('CustomerId', 'Inactive', 'The customer is not active.'));
  return c;
}

function currencyRateOf(ctx: VeaCtx, currency: string, given: unknown): Dec {
  if (typeof given === 'number' && given > 0) return new D(given);
  const per = UNITS_PER_SEK[currency] ?? '1';
  return currency === ctx.store.currency ? new D(1) : new D(1).div(per).toDecimalPlaces(6);
}

/** Customer-derived header fields (addresses and names default from the customer, visma-notes.md §1.9). */
function customerHeader(c: Obj, w: Obj): Obj {
  const pick = (k: string, from = k): unknown => (w[k] !== undefined && w[k] !== null ? w[k] : c[from]);
  return {
    InvoiceCustomerName: c.Name,
    InvoiceAddress1: pick('InvoiceAddress1'),
    InvoiceAddress2: pick('InvoiceAddress2'),
    InvoicePostalCode: pick('InvoicePostalCode'),
    InvoiceCity: pick('InvoiceCity'),
    InvoiceCountryCode: pick('InvoiceCountryCode'),
    CustomerNumber: c.CustomerNumber,
    CustomerName: c.Name,
    CustomerIsPrivatePerson: c.IsPrivatePerson,
    ReverseChargeOnConstructionServices: c.ReverseChargeOnConstructionServices,
  };
}

/** Builds a draft from a POST/PUT body (PUT is a full replace of the writable properties). */
function buildDraft(ctx: VeaCtx, existing?: Obj): Obj {
  const errors: FieldError[] = [];
  const w = readWritable(bodyObject(ctx), CUSTOMERINVOICEDRAFT_FIELDS, errors);
  const c = customerOf(ctx, w, errors);
  if (typeof w.TermsOfPaymentId === 'string' && !ctx.store.terms.has(w.TermsOfPaymentId))
    errors.push(fieldError('TermsOfPaymentId', 'NotFound', 'The terms of payment do not exist.'));
  const vatFree = w.EuThirdParty === true || c?.ReverseChargeOnConstructionServices === true;
  const built = buildRows(
    ctx,
    w.Rows,
    'draft',
    { vatFree, credit: w.IsCreditInvoice === true, includesVat: false },
    errors,
  );
  if (errors.length || !c) throw validationError(errors);
  const currency = String(c.CurrencyCode ?? ctx.store.currency);
  const rate = currencyRateOf(ctx, currency, undefined);
  return {
    ...DRAFT_TEMPLATE,
    ...w,
    ...customerHeader(c, w),
    Id: existing?.Id ?? randomUUID(),
    CreatedUtc: existing?.CreatedUtc ?? utc(ctx.store.stamp(ctx.now)),
    Rows: built.rows,
    InvoiceCurrencyCode: currency,
    TotalAmount: num(built.totals.total),
    TotalVatAmount: num(built.totals.vat),
    TotalRoundings: 0,
    TotalAmountBaseCurrency: num(built.totals.total.mul(rate)),
    TotalVatAmountBaseCurrency: num(built.totals.vat.mul(rate)),
    IncludesVat: false,
    ContributionMargin: NO_MARGIN,
  };
}

/** Creates an invoice from writable properties; the number, voucher and ledger item are assigned here. */
function createInvoice(ctx: VeaCtx, w: Obj, errors: FieldError[], extra: Obj = {}): Obj {
  const c = customerOf(ctx, w, errors);
  if (typeof w.TermsOfPaymentId === 'string' && !ctx.store.terms.has(w.TermsOfPaymentId))
    errors.push(fieldError('TermsOfPaymentId', 'NotFound', 'The terms of payment do not exist.'));
  const vatFree = w.EuThirdParty === true || c?.ReverseChargeOnConstructionServices === true;
  const built = buildRows(
    ctx,
    w.Rows,
    'invoice',
    { vatFree, credit: w.IsCreditInvoice === true, includesVat: false },
    errors,
  );
  if (errors.length || !c) throw validationError(errors);
  const store = ctx.store;
  const currency = String(c.CurrencyCode ?? store.currency);
  const rate = currencyRateOf(ctx, currency, w.CurrencyRate);
  const termsId = String(w.TermsOfPaymentId ?? c.TermsOfPaymentId);
  const days = (store.terms.get(termsId)?.NumberOfDays as number | undefined) ?? 30;
  const invoiceDate =
    typeof w.InvoiceDate === 'string' ? `${w.InvoiceDate.slice(0, 10)}T00:00:00` : dayOf(ctx.now);
  const number = ++store.counters.invoiceNumber;
  const stamp = utc(store.stamp(ctx.now));
  const total = built.totals.total;
  const inv: Obj = {
    ...INVOICE_TEMPLATE,
    ...w,
    ...customerHeader(c, w),
    ...extra,
    Id: randomUUID(),
    CurrencyCode: currency,
    CurrencyRate: num(rate, 6),
    TotalAmount: num(total.mul(rate)),
    TotalVatAmount: num(built.totals.vat.mul(rate)),
    TotalRoundings: 0,
    TotalAmountInvoiceCurrency: num(total),
    TotalVatAmountInvoiceCurrency: num(built.totals.vat),
    Rows: built.rows,
    VatSpecification: built.totals.vatSpecification,
    InvoiceDate: invoiceDate,
    DueDate:
      typeof w.DueDate === 'string' ? `${w.DueDate.slice(0, 10)}T00:00:00` : addDaysIso(invoiceDate, days),
    TermsOfPaymentId: termsId,
    CustomerEmail: c.EmailAddress,
    InvoiceNumber: number,
    PaymentReferenceNumber: String(number),
    RemainingAmount: num(total.mul(rate)),
    RemainingAmountInvoiceCurrency: num(total),
    VoucherNumber: `A${++store.counters.voucherNumber}`,
    VoucherId: randomUUID(),
    CreatedUtc: stamp,
    ModifiedUtc: stamp,
    ContributionMargin: NO_MARGIN,
    CreditedBy: [],
  };
  store.invoices.set(String(inv.Id), inv);
  store.vouchers.add(String(inv.VoucherId));
  const li = ledgerItemOf(inv, LEDGER_TEMPLATE, randomUUID());
  store.ledgerItems.set(String(li.Id), li);
  c.LastInvoiceDate = invoiceDate;
  return inv;
}

/** Reduces an invoice's remaining amount and keeps its ledger item in step. */
function settle(store: VeaStore, inv: Obj, amount: Dec, now: number, paymentDate?: string): void {
  const left = new D(inv.RemainingAmountInvoiceCurrency as number).minus(amount);
  inv.RemainingAmountInvoiceCurrency = num(left);
  inv.RemainingAmount = num(left.mul(inv.CurrencyRate as number));
  if (paymentDate) inv.PaymentDate = paymentDate;
  inv.ModifiedUtc = utc(store.stamp(now));
  for (const li of store.ledgerItems.values()) {
    if (li.VoucherId === inv.VoucherId) {
      li.RemainingAmountInvoiceCurrency = inv.RemainingAmountInvoiceCurrency;
      li.ModifiedUtc = inv.ModifiedUtc;
      break;
    }
  }
}

function invoiceReader(store: VeaStore): FieldReader<Obj> {
  return (rec, name) =>
    name === 'Rows' ? store.rowsOf(rec) : name in rec ? rec[name] : INVOICE_TEMPLATE[name];
}

/** Customer invoice drafts (and conversion), customer invoices (payments, void) and customer ledger items. */
export function registerInvoiceRoutes(router: Router<VeaRoute>): void {
  router
    .add(
      'GET',
      '/customerinvoicedrafts',
      route(SCOPES.salesRead, (ctx) =>
        pagedList(ctx, ctx.store.drafts.values(), DRAFT_SCHEMA, readObj, (d) => d),
      ),
      'GET /customerinvoicedrafts',
    )
    .add(
      'POST',
      '/customerinvoicedrafts',
      route(SCOPES.salesWrite, (ctx) => {
        boolQuery(ctx.req.query, 'overrideCustomerIsPrivatePerson');
        const d = buildDraft(ctx);
        ctx.store.drafts.set(String(d.Id), d);
        return json(201, d);
      }),
      'POST /customerinvoicedrafts',
    )
    .add(
      'GET',
      '/customerinvoicedrafts/:invoiceDraftId',
      route(SCOPES.salesRead, (ctx) =>
        json(200, byId(ctx.store.drafts, ctx.params.invoiceDraftId, 'The invoice draft')),
      ),
      'GET /customerinvoicedrafts/{invoiceDraftId}',
    )
    .add(
      'PUT',
      '/customerinvoicedrafts/:customerInvoiceDraftId',
      route(SCOPES.salesWrite, (ctx) => {
        const old = byId(ctx.store.drafts, ctx.params.customerInvoiceDraftId, 'The invoice draft');
        const d = buildDraft(ctx, old);
        ctx.store.drafts.set(String(d.Id), d);
        return json(200, d);
      }),
      'PUT /customerinvoicedrafts/{customerInvoiceDraftId}',
    )
    .add(
      'DELETE',
      '/customerinvoicedrafts/:customerInvoiceDraftId',
      route(SCOPES.salesWrite, (ctx) => {
        const d = byId(ctx.store.drafts, ctx.params.customerInvoiceDraftId, 'The invoice draft');
        ctx.store.drafts.delete(String(d.Id));
        return empty(200);
      }),
      'DELETE /customerinvoicedrafts/{customerInvoiceDraftId}',
    )
    .add(
      'POST',
      '/customerinvoicedrafts/:customerInvoiceDraftId/convert',
      route(SCOPES.salesWrite, (ctx) => {
        const d = byId(ctx.store.drafts, ctx.params.customerInvoiceDraftId, 'The invoice draft');
        const keepDate = boolQuery(ctx.req.query, 'keepOriginalDraftDate') === true;
        boolQuery(ctx.req.query, 'overrideCompanyKeepOriginalDraftDate');
        if (!Array.isArray(d.Rows) || !(d.Rows as Obj[]).some((r) => r.IsTextRow !== true))
          throw new VeaError(
            400,
            4002,
            'CanNotBeCreatedOrUpdated - a draft without article rows cannot be converted.',
          );
        // The optional body (CustomerInvoiceDraftValidationApi) must agree with the draft's totals.
        const v = (ctx.body ?? {}) as Obj;
        const errors: FieldError[] = [];
        if (
          typeof v.TotalAmountInvoiceCurrency === 'number' &&
          v.TotalAmountInvoiceCurrency !== d.TotalAmount
        )
          errors.push(
            fieldError(
              'TotalAmountInvoiceCurrency',
              'Mismatch',
              `The draft's total is ${String(d.TotalAmount)}.`,
            ),
          );
        if (
          typeof v.TotalVatAmountInvoiceCurrency === 'number' &&
          v.TotalVatAmountInvoiceCurrency !== d.TotalVatAmount
        )
          errors.push(
            fieldError(
              'TotalVatAmountInvoiceCurrency',
              'Mismatch',
              `The draft's VAT is ${String(d.TotalVatAmount)}.`,
            ),
          );
        if (errors.length) throw validationError(errors);
        const w: Obj = {};
        for (const k of FROM_DRAFT) if (d[k] !== undefined) w[k] = d[k];
        if (!keepDate) {
          delete w.InvoiceDate;
          delete w.DueDate;
        }
        w.Rows = (d.Rows as Obj[]).map((r) => ({
          ArticleId: r.IsTextRow ? null : r.ArticleId,
          Text: r.Text,
          UnitPrice: r.UnitPrice,
          Quantity: r.Quantity,
          DiscountPercentage: r.DiscountPercentage,
          IsVatFree: r.ReversedConstructionServicesVatFree === true,
        }));
        const inv = createInvoice(ctx, w, [], { CreatedFromDraftId: d.Id });
        ctx.store.drafts.delete(String(d.Id));
        return json(201, invoiceView(ctx.store, inv, ctx.now));
      }),
      'POST /customerinvoicedrafts/{customerInvoiceDraftId}/convert',
    )
    .add(
      'GET',
      '/customerinvoices',
      route(SCOPES.salesRead, (ctx) => {
        const since = ctx.req.query.get('modifiedSinceUtc');
        let extra: ((i: Obj) => boolean) | undefined;
        if (since !== null) {
          const ms = parseIsoMs(since);
          if (ms === undefined)
            throw new VeaError(400, 6001, `InvalidInput - '${since}' is not a valid DateTime.`);
          const inclusive = ctx.behaviour.modifiedSinceInclusive;
          extra = (i) => {
            const m = Date.parse(String(i.ModifiedUtc));
            return inclusive ? m >= ms : m > ms;
          };
        }
        return pagedList(
          ctx,
          ctx.store.invoices.values(),
          INVOICE_SCHEMA,
          invoiceReader(ctx.store),
          (i) => invoiceView(ctx.store, i, ctx.now),
          extra,
          { cached: true },
        );
      }),
      'GET /customerinvoices',
    )
    .add(
      'POST',
      '/customerinvoices',
      // Spec A lists ea:sales_readonly on this write as well (a quirk, visma-notes.md §1.9): a setting.
      route(['ea:sales', 'ea:sales_readonly'], (ctx) => {
        boolQuery(ctx.req.query, 'rotReducedAutomaticDistribution');
        const errors: FieldError[] = [];
        const w = readWritable(bodyObject(ctx), CUSTOMERINVOICE_FIELDS, errors);
        const inv = createInvoice(ctx, w, errors);
        return json(201, invoiceView(ctx.store, inv, ctx.now));
      }),
      'POST /customerinvoices',
    )
    .add(
      'GET',
      '/customerinvoices/:invoiceId',
      route(SCOPES.salesRead, (ctx) =>
        json(
          200,
          invoiceView(ctx.store, byId(ctx.store.invoices, ctx.params.invoiceId, 'The invoice'), ctx.now),
        ),
      ),
      'GET /customerinvoices/{invoiceId}',
    )
    .add(
      'POST',
      '/customerinvoices/:invoiceId/payments',
      route(SCOPES.salesWrite, (ctx) => {
        const inv = byId(ctx.store.invoices, ctx.params.invoiceId, 'The invoice');
        const errors: FieldError[] = [];
        const w = readWritable(bodyObject(ctx), INVOICEPAYMENT_FIELDS, errors);
        const bank =
          typeof w.CompanyBankAccountId === 'string'
            ? ctx.store.bankAccounts.get(w.CompanyBankAccountId)
            : undefined;
        if (w.CompanyBankAccountId !== undefined && !bank)
          errors.push(fieldError('CompanyBankAccountId', 'NotFound', 'The bank account does not exist.'));
        if (typeof w.PaymentCurrency === 'string' && w.PaymentCurrency !== inv.CurrencyCode)
          errors.push(
            fieldError('PaymentCurrency', 'Mismatch', `The invoice is in ${String(inv.CurrencyCode)}.`),
          );
        if (errors.length) throw validationError(errors);
        const remaining = new D(inv.RemainingAmountInvoiceCurrency as number);
        const amount = new D(w.PaymentAmount as number);
        if (amount.isZero() || amount.isNeg() !== remaining.isNeg())
          throw validationError([
            fieldError(
              'PaymentAmount',
              'Range',
              'The payment amount must have the sign of the remaining amount.',
            ),
          ]);
        if (amount.abs().gt(remaining.abs()))
          throw validationError([
            fieldError('PaymentAmount', 'Range', `The remaining amount is ${remaining.toFixed(2)}.`),
          ]);
        const date = typeof w.PaymentDate === 'string' ? w.PaymentDate : dayOf(ctx.now);
        if (date.slice(0, 10) > dayOf(ctx.now).slice(0, 10))
          throw new VeaError(400, 4023, 'FutureDateCannotBeSet - the payment date cannot be in the future.');
        // PaymentType 2 (CompletePayment) closes the invoice; the difference is written off.
        settle(
          ctx.store,
          inv,
          w.PaymentType === 2 ? remaining : amount,
          ctx.now,
          `${date.slice(0, 10)}T00:00:00`,
        );
        return json(201, {
          CompanyBankAccountId: bank?.Id,
          PaymentDate: `${date.slice(0, 10)}T00:00:00`,
          Reference: w.Reference ?? null,
          PaymentAmount: num(amount),
          PaymentCurrency: w.PaymentCurrency,
          DomesticPaymentAmount:
            (w.DomesticPaymentAmount as number | undefined) ?? num(amount.mul(inv.CurrencyRate as number)),
          BankFeeAmount: (w.BankFeeAmount as number | undefined) ?? 0,
          PaymentType: w.PaymentType,
          FactoringFeeAmount: (w.FactoringFeeAmount as number | undefined) ?? 0,
          FactoringFeeAccountNumber: (w.FactoringFeeAccountNumber as number | undefined) ?? 0,
          BankTransactionId: randomUUID(),
        });
      }),
      'POST /customerinvoices/{invoiceId}/payments',
    )
    .add(
      'POST',
      '/customerinvoices/:invoiceId/void',
      route(['ea:sales', 'ea:sales_readonly'], (ctx) => {
        const inv = byId(ctx.store.invoices, ctx.params.invoiceId, 'The invoice');
        boolQuery(ctx.req.query, 'updateStock');
        // Spec A: an invoice with payments or earlier credits cannot be voided.
        const untouched =
          inv.RemainingAmountInvoiceCurrency === inv.TotalAmountInvoiceCurrency && inv.PaymentDate === null;
        if (
          !untouched ||
          (inv.CreditedBy as unknown[]).length > 0 ||
          inv.IsCreditInvoice === true ||
          inv.ReferringInvoiceId !== null
        )
          throw new VeaError(
            400,
            4002,
            'CanNotBeCreatedOrUpdated - an invoice with payments or credits cannot be voided.',
          );
        const total = new D(inv.TotalAmountInvoiceCurrency as number);
        if (ctx.behaviour.voidCreatesCreditInvoice) {
          const rows = ctx.store.rowsOf(inv).map((r) => ({
            ArticleId: r.ArticleId,
            Text: r.Text,
            UnitPrice: r.UnitPrice,
            Quantity: -(r.Quantity as number),
            DiscountPercentage: r.DiscountPercentage,
            IsVatFree: r.IsVatFree,
          }));
          const w: Obj = {};
          for (const k of [
            'CustomerId',
            'EuThirdParty',
            'RotReducedInvoicingType',
            'YourReference',
            'OurReference',
            'TermsOfPaymentId',
          ])
            w[k] = inv[k];
          w.Rows = rows;
          const cn = createInvoice(ctx, w, [], {
            IsCreditInvoice: true,
            ReferringInvoiceId: inv.Id,
            CurrencyRate: inv.CurrencyRate,
          });
          settle(ctx.store, cn, new D(cn.TotalAmountInvoiceCurrency as number), ctx.now);
          ctx.store.materialize(inv);
          (inv.CreditedBy as Obj[]).push({ CreditInvoiceId: cn.Id });
        }
        settle(ctx.store, inv, total, ctx.now);
        return empty(200);
      }),
      'POST /customerinvoices/{invoiceId}/void',
    )
    .add(
      'GET',
      '/customerledgeritems',
      route(SCOPES.salesRead, (ctx) =>
        pagedList(ctx, ctx.store.ledgerItems.values(), LEDGER_SCHEMA, readObj, (l) => l),
      ),
      'GET /customerledgeritems',
    )
    .add(
      'POST',
      '/customerledgeritems',
      route(SCOPES.salesWrite, (ctx) => {
        const errors: FieldError[] = [];
        const w = readWritable(bodyObject(ctx), CUSTOMERLEDGERITEM_FIELDS, errors);
        if (typeof w.CustomerId === 'string' && !ctx.store.customers.has(w.CustomerId))
          errors.push(fieldError('CustomerId', 'NotFound', 'The customer does not exist.'));
        // visma-notes.md §1.9: the item must reference an existing manual or SIE voucher.
        if (typeof w.VoucherId === 'string' && !ctx.store.vouchers.has(w.VoucherId))
          errors.push(fieldError('VoucherId', 'NotFound', 'The voucher does not exist.'));
        if (errors.length) throw validationError(errors);
        for (const li of ctx.store.ledgerItems.values()) {
          if (
            li.CustomerId === w.CustomerId &&
            li.InvoiceNumber === w.InvoiceNumber &&
            li.IsCreditInvoice === w.IsCreditInvoice
          )
            throw new VeaError(
              400,
              4000,
              `Conflict - a ledger item with InvoiceNumber ${String(w.InvoiceNumber)} already exists.`,
            );
        }
        const li: Obj = {
          ...LEDGER_TEMPLATE,
          ...w,
          Id: randomUUID(),
          CurrencyRate: (w.CurrencyRate as number | undefined) ?? 1,
          CurrencyRateUnit: (w.CurrencyRateUnit as number | undefined) ?? 1,
          ModifiedUtc: utc(ctx.store.stamp(ctx.now)),
        };
        ctx.store.ledgerItems.set(String(li.Id), li);
        return json(201, li);
      }),
      'POST /customerledgeritems',
    )
    .add(
      'GET',
      '/customerledgeritems/:customerLedgerItemId',
      route(SCOPES.salesRead, (ctx) =>
        json(200, byId(ctx.store.ledgerItems, ctx.params.customerLedgerItemId, 'The customer ledger item')),
      ),
      'GET /customerledgeritems/{customerLedgerItemId}',
    );
}
