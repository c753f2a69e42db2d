import { empty, json } from '../kit/http-kit';
import type { Router } from '../kit/router';
import {
  badRequest,
  bodyOf,
  checkIfMatch,
  created,
  dateCondition,
  decodeKey,
  notFound,
  textFilter,
  vnDateTime,
  withEtag,
  type VnCtx,
  type VnRoute,
} from './vn-context';
import { VN_ACCOUNT_CLASSES, VN_ACCOUNT_TYPES } from './vn-ledger-seed';
import { etagOf, type Obj } from './vn-store';
import { unwrap, type WrappedSpec } from './vn-values';

/** AccountUpdateDto (spec D): every property value-wrapped (`extenalCode1` is spelt so in the spec). */
const ACCOUNT_SPEC: WrappedSpec = {
  accountCD: 'string',
  active: 'bool',
  accountClass: 'string',
  analysisCode: 'string',
  currency: 'string',
  description: 'string',
  extenalCode1: 'string',
  externalCode2: 'string',
  accountGroupCD: 'string',
  postOption: { enum: ['Summary', 'Detail'] },
  publicCode1: 'string',
  type: { enum: VN_ACCOUNT_TYPES },
  useDefaultSub: 'bool',
  taxCategory: 'string',
};

/** AccountDto.description: "an alphanumeric string of up to 30 characters" (spec D). */
const DESCRIPTION_MAX = 30;

/** Parses a boolean query parameter as ASP.NET binds it (`true`/`false`, any case); absent → undefined. */
function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw badRequest(`The value '${raw}' is not valid for ${name} (true or false).`);
}

const stampOf = (r: Obj): number => Date.parse(`${String(r.lastModifiedDateTime)}Z`);

/** `lastModifiedDateTime` (and `createdDateTime`, when the list declares it) of spec D's lookup lists. */
function changedFilter(ctx: VnCtx, withCreated: boolean): (r: Obj) => boolean {
  const q = ctx.req.query;
  const modified = dateCondition(q, 'lastModifiedDateTime');
  // VAT categories carry no creation time; a seeded or created one was created when it last changed.
  const createdAt = withCreated ? dateCondition(q, 'createdDateTime') : undefined;
  return (r) => (!modified || modified(stampOf(r))) && (!createdAt || createdAt(stampOf(r)));
}

function accountParam(ctx: VnCtx): Obj {
  const cd = decodeKey(ctx.params.accountCd);
  const a = ctx.company.accounts.get(cd);
  if (!a) throw notFound(`Account '${cd}' not found.`);
  return a;
}

/** Applies an AccountUpdateDto to an account (a copy of it when updating). */
function applyAccount(ctx: VnCtx, w: Record<string, unknown>, old?: Obj): Obj {
  const co = ctx.company;
  const a: Obj = old ? structuredClone(old) : {};
  for (const k of ['active', 'useDefaultSub', 'publicCode1', 'accountGroupCD', 'postOption', 'type']) {
    if (!(k in w)) continue;
    if (w[k] === null) delete a[k];
    else a[k] = w[k];
  }
  // The write DTO's codes come back as `{number}` objects (AccountDto spells the analysis one `analisysCodeInfo`).
  for (const [k, info] of [
    ['extenalCode1', 'externalCode1Info'],
    ['externalCode2', 'externalCode2Info'],
    ['analysisCode', 'analisysCodeInfo'],
  ] as const) {
    if (!(k in w)) continue;
    if (w[k] === null) delete a[info];
    else a[info] = { number: w[k] };
  }
  if ('description' in w) {
    const d = w.description === null ? '' : String(w.description);
    if (d.length > DESCRIPTION_MAX)
      throw badRequest(`description: at most ${DESCRIPTION_MAX} characters (got ${d.length}).`);
    a.description = d;
  }
  if ('accountClass' in w) {
    if (w.accountClass === null) delete a.accountClass;
    else {
      if (!(String(w.accountClass) in VN_ACCOUNT_CLASSES))
        throw badRequest(`Account class '${String(w.accountClass)}' does not exist.`);
      a.accountClass = w.accountClass;
    }
  }
  if ('taxCategory' in w) {
    if (w.taxCategory === null) delete a.taxCategory;
    else {
      if (!co.vatCodes.has(String(w.taxCategory)))
        throw badRequest(`VAT category '${String(w.taxCategory)}' does not exist.`);
      a.taxCategory = w.taxCategory;
    }
  }
  if ('currency' in w) {
    if (w.currency === null || w.currency === co.baseCurrency) delete a.currency;
    else {
      if (!/^[A-Z]{3}$/.test(String(w.currency)))
        throw badRequest(`Currency '${String(w.currency)}' does not exist.`);
      a.currency = w.currency;
    }
  }
  if (a.type === undefined) throw badRequest("'type' is required (Asset, Liability, Income or Expense).");
  a.lastModifiedDateTime = vnDateTime(co.stamp(ctx.now));
  return a;
}

/** The AccountDto as a list or a GET shows it (`accountClassDescription` only when asked for). */
function accountView(a: Obj, withClassDescription: boolean): Obj {
  if (!withClassDescription || a.accountClass === undefined) return a;
  return { ...a, accountClassDescription: VN_ACCOUNT_CLASSES[String(a.accountClass)] };
}

/**
 * `/v1/vat` (VAT ids, VatInformationDto), `/v1/vatCategory` (VatCategoryDto) and `/v1/account` (the chart of
 * accounts, AccountDto). Spec D declares no paging on these lists: they answer every match in one bare array
 * (VAT DTOs carry no metadata; accounts do). VAT ids and categories are read-only in spec D; accounts can be
 * created (POST → 201 + Location) and changed (PUT → 204).
 */
export function registerLedgerRoutes(router: Router<VnRoute>): void {
  router
    .add(
      'GET',
      '/v1/vat',
      {
        scope: 'read',
        handle: (ctx) => {
          const keep = changedFilter(ctx, false);
          return json(200, [...ctx.company.vats.values()].filter(keep));
        },
      },
      'GET /v1/vat',
    )
    .add(
      'GET',
      '/v1/vat/:vatId',
      {
        scope: 'read',
        handle: (ctx) => {
          const id = decodeKey(ctx.params.vatId);
          const v = ctx.company.vats.get(id);
          if (!v) throw notFound(`VAT '${id}' not found.`);
          return withEtag(v, etagOf(id, v.lastModifiedDateTime));
        },
      },
      'GET /v1/vat/{vatId}',
    )
    .add(
      'GET',
      '/v1/vatCategory',
      {
        scope: 'read',
        handle: (ctx) => {
          const keep = changedFilter(ctx, true);
          const after = ctx.req.query.get('greaterThanValue');
          return json(
            200,
            [...ctx.company.vatCategories.values()].filter(
              (c) => keep(c) && (!after || String(c.vatCategoryId) > after),
            ),
          );
        },
      },
      'GET /v1/vatCategory',
    )
    .add(
      'GET',
      '/v1/vatCategory/:taxCategoryId',
      {
        scope: 'read',
        handle: (ctx) => {
          const id = decodeKey(ctx.params.taxCategoryId);
          const c = ctx.company.vatCategories.get(id);
          if (!c) throw notFound(`VAT category '${id}' not found.`);
          return withEtag(c, etagOf(id, c.lastModifiedDateTime));
        },
      },
      'GET /v1/vatCategory/{taxCategoryId}',
    )
    .add(
      'GET',
      '/v1/account',
      {
        scope: 'read',
        handle: (ctx) => {
          const q = ctx.req.query;
          const keep = changedFilter(ctx, false);
          const active = boolParam(q, 'active');
          const withClass = boolParam(q, 'includeAccountClassDescription') === true;
          const after = q.get('greaterThanValue');
          const publicCode = textFilter(q, 'publicCode');
          const ext1 = textFilter(q, 'externalCode1');
          const ext2 = textFilter(q, 'externalCode2');
          const analysis = textFilter(q, 'analysisCode');
          const list = [...ctx.company.accounts.values()]
            .filter(
              (a) =>
                keep(a) &&
                (active === undefined || a.active === active) &&
                (!after || String(a.accountCD) > after) &&
                (!publicCode || publicCode(a.publicCode1)) &&
                (!ext1 || ext1((a.externalCode1Info as Obj | undefined)?.number)) &&
                (!ext2 || ext2((a.externalCode2Info as Obj | undefined)?.number)) &&
                (!analysis || analysis((a.analisysCodeInfo as Obj | undefined)?.number)),
            )
            .sort((x, y) => String(x.accountCD).localeCompare(String(y.accountCD)));
          const metadata = { totalCount: list.length, maxPageSize: ctx.behaviour.maxPageSize };
          return json(
            200,
            list.map((a) => ({ ...accountView(a, withClass), metadata })),
          );
        },
      },
      'GET /v1/account',
    )
    .add(
      'POST',
      '/v1/account',
      {
        scope: 'create',
        handle: (ctx) => {
          const co = ctx.company;
          const w = unwrap(bodyOf(ctx), ACCOUNT_SPEC);
          const cd = typeof w.accountCD === 'string' ? w.accountCD.trim() : '';
          if (!cd) throw badRequest("'accountCD' is required.");
          if (co.accounts.has(cd)) throw badRequest(`An account '${cd}' already exists.`);
          const a = applyAccount(ctx, w);
          const account: Obj = {
            accountID: ++co.counters.accountId,
            accountCD: cd,
            active: true,
            description: '',
            useDefaultSub: false,
            postOption: 'Summary',
            cashAccount: false,
            allowManualEntry: true,
            ...a,
          };
          co.accounts.set(cd, account);
          return created(ctx, `/v1/account/${encodeURIComponent(cd)}`);
        },
      },
      'POST /v1/account',
    )
    .add(
      'GET',
      '/v1/account/:accountCd',
      {
        scope: 'read',
        handle: (ctx) => {
          const a = accountParam(ctx);
          const withClass = boolParam(ctx.req.query, 'includeAccountClassDescription') === true;
          return withEtag(accountView(a, withClass), etagOf(String(a.accountCD), a.lastModifiedDateTime));
        },
      },
      'GET /v1/account/{accountCd}',
    )
    .add(
      'PUT',
      '/v1/account/:accountCd',
      {
        scope: 'update',
        handle: (ctx) => {
          const old = accountParam(ctx);
          checkIfMatch(ctx, etagOf(String(old.accountCD), old.lastModifiedDateTime));
          const w = unwrap(bodyOf(ctx), ACCOUNT_SPEC);
          if ('accountCD' in w && w.accountCD !== old.accountCD)
            throw badRequest('The account number (accountCD) cannot be changed.');
          const a = applyAccount(ctx, w, old);
          ctx.company.accounts.set(String(a.accountCD), a);
          return empty(204, { etag: `"${etagOf(String(a.accountCD), a.lastModifiedDateTime)}"` });
        },
      },
      'PUT /v1/account/{accountCd}',
    );
}
