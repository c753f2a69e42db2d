import { randomUUID } from 'node:crypto';
import { json } from '../kit/http-kit';
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
  ACCOUNT_FIELDS,
  ARTICLEACCOUNTCODING_FIELDS,
  BANKACCOUNT_FIELDS,
  FISCALYEAR_FIELDS,
  fieldError,
  fieldNames,
  readWritable,
  template,
  TERMSOFPAYMENT_FIELDS,
  UNIT_FIELDS,
  VATCODE_FIELDS,
  type FieldError,
  type FieldSpec,
} from './vea-fields';
import type { Obj } from './vea-seed';

type Lookup = 'vatCodes' | 'terms' | 'units' | 'codings' | 'bankAccounts';

/** A read-only collection: `GET /path` (paged) and `GET /path/{id}`. */
function lookup(
  router: Router<VeaRoute>,
  path: string,
  param: string,
  key: Lookup,
  fields: readonly FieldSpec[],
  scopes: readonly string[],
  what: string,
): void {
  const schema = { fields: fieldNames(fields) };
  router
    .add(
      'GET',
      path,
      route(scopes, (ctx) => pagedList(ctx, ctx.store[key].values(), schema, readObj, (o) => o)),
      `GET ${path}`,
    )
    .add(
      'GET',
      `${path}/:${param}`,
      route(scopes, (ctx) => json(200, byId(ctx.store[key], ctx.params[param], what))),
      `GET ${path}/{${param}}`,
    );
}

const ACCOUNT_SCHEMA = { fields: fieldNames(ACCOUNT_FIELDS) };
const FISCAL_SCHEMA = { fields: fieldNames(FISCALYEAR_FIELDS) };
const ACCOUNT_TEMPLATE = template(ACCOUNT_FIELDS);

/** The fiscal year containing a date (`YYYY-MM-DD…`), if any. */
function fiscalYearOf(ctx: VeaCtx, day: string): Obj | undefined {
  for (const fy of ctx.store.fiscalYears.values()) {
    if (
      String(fy.StartDate).slice(0, 10) <= day.slice(0, 10) &&
      day.slice(0, 10) <= String(fy.EndDate).slice(0, 10)
    )
      return fy;
  }
  return undefined;
}

function fiscalYearParam(ctx: VeaCtx): Obj {
  const id = (ctx.params.fiscalyearId ?? '').toLowerCase();
  const fy = ctx.store.fiscalYears.get(id);
  if (!fy) throw new VeaError(404, 3001, 'FiscalYearDoesNotExist - the fiscal year does not exist.');
  return fy;
}

/** Validates an account body against its fiscal year; PUT replaces the writable properties. */
function buildAccount(ctx: VeaCtx, existing?: Obj): Obj {
  const errors: FieldError[] = [];
  const w = readWritable(bodyObject(ctx), ACCOUNT_FIELDS, errors);
  if (typeof w.Number === 'string' && !/^\d{4}$/.test(w.Number))
    errors.push(fieldError('Number', 'Format', 'The account number must be four digits.'));
  const vat = typeof w.VatCodeId === 'string' ? ctx.store.vatCodes.get(w.VatCodeId) : undefined;
  if (typeof w.VatCodeId === 'string' && !vat)
    errors.push(fieldError('VatCodeId', 'NotFound', 'The VAT code does not exist.'));
  if (typeof w.FiscalYearId === 'string' && !ctx.store.fiscalYears.has(w.FiscalYearId))
    throw new VeaError(400, 3001, 'FiscalYearDoesNotExist - the fiscal year does not exist.');
  if (errors.length) throw validationError(errors);
  const stamp = utc(ctx.store.stamp(ctx.now));
  return {
    ...ACCOUNT_TEMPLATE,
    ...w,
    VatCodeId: vat ? vat.Id : null,
    VatCodeDescription: vat ? vat.Description : null,
    CreatedUtc: existing?.CreatedUtc ?? stamp,
    ModifiedUtc: stamp,
  };
}

/** The fiscal-year rules of visma-notes.md §1.9: no overlap (4020), at most 18 months (4021), month ends (4022). */
function checkFiscalYear(ctx: VeaCtx, start: string, end: string): void {
  const s = start.slice(0, 10);
  const e = end.slice(0, 10);
  const endDate = new Date(`${e}T00:00:00Z`);
  const next = new Date(endDate.getTime() + 86_400_000);
  if (next.getUTCDate() !== 1)
    throw new VeaError(400, 4022, 'The end date of a fiscal year must be the last day of a month.');
  const months =
    (endDate.getUTCFullYear() - Number(s.slice(0, 4))) * 12 +
    endDate.getUTCMonth() -
    (Number(s.slice(5, 7)) - 1) +
    1;
  if (e < s || months > 18) throw new VeaError(400, 4021, 'A fiscal year may be at most 18 months long.');
  for (const fy of ctx.store.fiscalYears.values()) {
    if (!(e < String(fy.StartDate).slice(0, 10) || s > String(fy.EndDate).slice(0, 10)))
      throw new VeaError(400, 4020, 'The fiscal year overlaps an existing fiscal year.');
  }
}

/** VAT codes, terms of payment, units, article account codings, bank accounts, fiscal years and accounts. */
export function registerSettingsRoutes(router: Router<VeaRoute>): void {
  lookup(router, '/vatcodes', 'id', 'vatCodes', VATCODE_FIELDS, SCOPES.accountingRead, 'The VAT code');
  lookup(
    router,
    '/termsofpayments',
    'id',
    'terms',
    TERMSOFPAYMENT_FIELDS,
    SCOPES.salesOrPurchaseRead,
    'The terms of payment',
  );
  lookup(router, '/units', 'id', 'units', UNIT_FIELDS, SCOPES.salesRead, 'The unit');
  lookup(
    router,
    '/articleaccountcodings',
    'articleAccountCodingId',
    'codings',
    ARTICLEACCOUNTCODING_FIELDS,
    SCOPES.salesRead,
    'The article account coding',
  );
  lookup(
    router,
    '/bankaccounts',
    'bankAccountId',
    'bankAccounts',
    BANKACCOUNT_FIELDS,
    SCOPES.purchaseRead,
    'The bank account',
  );

  router
    .add(
      'GET',
      '/fiscalyears',
      route(SCOPES.salesOrAccountingRead, (ctx) =>
        pagedList(ctx, ctx.store.fiscalYears.values(), FISCAL_SCHEMA, readObj, (o) => o),
      ),
      'GET /fiscalyears',
    )
    .add(
      'POST',
      '/fiscalyears',
      route(SCOPES.salesOrAccountingWrite, (ctx) => {
        const errors: FieldError[] = [];
        const w = readWritable(bodyObject(ctx), FISCALYEAR_FIELDS, errors);
        if (typeof w.StartDate !== 'string')
          errors.push(fieldError('StartDate', 'Required', 'The StartDate field is required.'));
        if (typeof w.EndDate !== 'string')
          errors.push(fieldError('EndDate', 'Required', 'The EndDate field is required.'));
        if (errors.length) throw validationError(errors);
        checkFiscalYear(ctx, String(w.StartDate), String(w.EndDate));
        const fy: Obj = {
          ...template(FISCALYEAR_FIELDS),
          Id: randomUUID(),
          StartDate: `${String(w.StartDate).slice(0, 10)}T00:00:00`,
          EndDate: `${String(w.EndDate).slice(0, 10)}T00:00:00`,
          IsLockedForAccounting: false,
          BookkeepingMethod: 0,
        };
        ctx.store.fiscalYears.set(String(fy.Id), fy);
        // A new year starts with the chart of the latest year.
        const latest = [...ctx.store.fiscalYears.values()].filter((y) => y !== fy).at(-1);
        const stamp = utc(ctx.store.stamp(ctx.now));
        if (latest) {
          for (const a of [...ctx.store.accounts.values()].filter((x) => x.FiscalYearId === latest.Id)) {
            const copy = { ...a, FiscalYearId: fy.Id, CreatedUtc: stamp, ModifiedUtc: stamp };
            ctx.store.accounts.set(`${String(fy.Id)}:${String(a.Number)}`, copy);
          }
        }
        return json(201, fy);
      }),
      'POST /fiscalyears',
    )
    .add(
      'GET',
      '/fiscalyears/:id',
      route(SCOPES.salesOrAccountingRead, (ctx) =>
        json(200, byId(ctx.store.fiscalYears, ctx.params.id, 'The fiscal year')),
      ),
      'GET /fiscalyears/{id}',
    )
    .add(
      'PUT',
      '/fiscalyears/:id',
      route(SCOPES.salesOrAccountingWrite, (ctx) => {
        const fy = byId(ctx.store.fiscalYears, ctx.params.id, 'The fiscal year');
        const body = bodyObject(ctx);
        if (typeof body.IsLockedForAccounting !== 'boolean')
          throw validationError([
            fieldError('IsLockedForAccounting', 'Required', 'IsLockedForAccounting must be true or false.'),
          ]);
        fy.IsLockedForAccounting = body.IsLockedForAccounting;
        return json(200, fy);
      }),
      'PUT /fiscalyears/{id}',
    )
    .add(
      'GET',
      '/accounts',
      route(SCOPES.accountingRead, (ctx) => {
        // "Get all accounts": the accounts of the fiscal year containing today (or the latest year).
        const fy = fiscalYearOf(ctx, dayOf(ctx.now)) ?? [...ctx.store.fiscalYears.values()].at(-1);
        return pagedList(
          ctx,
          ctx.store.accounts.values(),
          ACCOUNT_SCHEMA,
          readObj,
          (a) => a,
          (a) => a.FiscalYearId === fy?.Id,
        );
      }),
      'GET /accounts',
    )
    .add(
      'POST',
      '/accounts',
      route(SCOPES.accountingWrite, (ctx) => {
        boolQuery(ctx.req.query, 'useDefaultAccountType');
        const a = buildAccount(ctx);
        const key = `${String(a.FiscalYearId)}:${String(a.Number)}`;
        if (ctx.store.accounts.has(key))
          throw new VeaError(
            400,
            4000,
            `Conflict - account ${String(a.Number)} already exists in the fiscal year.`,
          );
        ctx.store.accounts.set(key, a);
        return json(201, a);
      }),
      'POST /accounts',
    )
    .add(
      'GET',
      '/accounts/:fiscalyearId',
      route(SCOPES.accountingRead, (ctx) => {
        const fy = fiscalYearParam(ctx);
        return pagedList(
          ctx,
          ctx.store.accounts.values(),
          ACCOUNT_SCHEMA,
          readObj,
          (a) => a,
          (a) => a.FiscalYearId === fy.Id,
        );
      }),
      'GET /accounts/{fiscalyearId}',
    )
    .add(
      'GET',
      '/accounts/:fiscalyearId/:accountNumber',
      route(SCOPES.accountingRead, (ctx) => {
        const fy = fiscalYearParam(ctx);
        const a = ctx.store.accounts.get(`${String(fy.Id)}:${ctx.params.accountNumber ?? ''}`);
        if (!a)
          throw new VeaError(404, 3002, 'AccountNotFound - the account does not exist in the fiscal year.');
        return json(200, a);
      }),
      'GET /accounts/{fiscalyearId}/{accountNumber}',
    )
    .add(
      'PUT',
      '/accounts/:fiscalyearId/:accountNumber',
      route(SCOPES.accountingWrite, (ctx) => {
        const fy = fiscalYearParam(ctx);
        const key = `${String(fy.Id)}:${ctx.params.accountNumber ?? ''}`;
        const old = ctx.store.accounts.get(key);
        if (!old)
          throw new VeaError(404, 3002, 'AccountNotFound - the account does not exist in the fiscal year.');
        const a = buildAccount(ctx, old);
        // The key is the path's (FiscalYearId, Number); the body may not move the account.
        if (a.Number !== old.Number || a.FiscalYearId !== old.FiscalYearId)
          throw validationError([
            fieldError('Number', 'Mismatch', 'Number and FiscalYearId must match the path.'),
          ]);
        ctx.store.accounts.set(key, a);
        return json(200, a);
      }),
      'PUT /accounts/{fiscalyearId}/{accountNumber}',
    );
}
