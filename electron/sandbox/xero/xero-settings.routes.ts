import { randomUUID } from 'node:crypto';
import type { Router } from '../kit/router';
import { runBatch } from './xero-batch';
import {
  asObject,
  bool,
  BindError,
  elementsOf,
  ElementError,
  enumOf,
  envelope,
  notFound,
  queryBool,
  str,
  type XeroCtx,
  type XeroHandler,
} from './xero-context';
import { msDate, msDateOf } from './xero-dates';
import { numIn } from './xero-documents';
import { listRecords } from './xero-list';
import { D, fix } from './xero-money';
import type { AccountRec, TaxRateRec, TrackingCategoryRec } from './xero-records';
import { accessor, renderAccount, renderTaxRate, renderTracking } from './xero-render';

const ACCOUNT_TYPES = [
  'BANK',
  'CURRENT',
  'CURRLIAB',
  'DEPRECIATN',
  'DIRECTCOSTS',
  'EQUITY',
  'EXPENSE',
  'FIXED',
  'INVENTORY',
  'LIABILITY',
  'NONCURRENT',
  'OTHERINCOME',
  'OVERHEADS',
  'PREPAYMENT',
  'REVENUE',
  'SALES',
  'TERMLIAB',
  'PAYG',
] as const;
const CLASS_OF: Record<string, AccountRec['Class']> = {
  BANK: 'ASSET',
  CURRENT: 'ASSET',
  FIXED: 'ASSET',
  INVENTORY: 'ASSET',
  NONCURRENT: 'ASSET',
  PREPAYMENT: 'ASSET',
  CURRLIAB: 'LIABILITY',
  LIABILITY: 'LIABILITY',
  TERMLIAB: 'LIABILITY',
  PAYG: 'LIABILITY',
  EQUITY: 'EQUITY',
  DEPRECIATN: 'EXPENSE',
  DIRECTCOSTS: 'EXPENSE',
  EXPENSE: 'EXPENSE',
  OVERHEADS: 'EXPENSE',
  OTHERINCOME: 'REVENUE',
  REVENUE: 'REVENUE',
  SALES: 'REVENUE',
};

function renderOrganisation(ctx: XeroCtx): Record<string, unknown> {
  const o = ctx.org.organisation;
  return {
    ...o,
    APIKey: '',
    PaysTax: true,
    CreatedDateUTC: msDate(o.CreatedDateUTC),
    ...(o.PeriodLockDate ? { PeriodLockDate: msDateOf(o.PeriodLockDate) } : {}),
    ...(o.EndOfYearLockDate ? { EndOfYearLockDate: msDateOf(o.EndOfYearLockDate) } : {}),
    Addresses: [],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: {},
  };
}

function writeAccount(ctx: XeroCtx, el: unknown, target?: AccountRec): Record<string, unknown> {
  const org = ctx.org;
  const o = asObject(el, 'Account');
  const code = str(o, 'Code');
  const name = str(o, 'Name');
  const type = enumOf(o, 'Type', ACCOUNT_TYPES);
  const status = enumOf(o, 'Status', ['ACTIVE', 'ARCHIVED', 'DELETED'] as const);
  const taxType = str(o, 'TaxType');
  const errors: string[] = [];
  if (!target && (!code || !name || !type))
    errors.push('Code, Name and Type are required to create an account.');
  if (code && code.length > 10) errors.push('Account code must be 10 characters or fewer.');
  const other = code ? org.accountByCode.get(code.toUpperCase()) : undefined;
  if (other && other.AccountID !== target?.AccountID) errors.push('Please enter a unique Code.');
  if (taxType && !org.taxRates.has(taxType.toUpperCase()))
    errors.push(`The TaxType code '${taxType}' does not exist.`);
  if (errors.length) throw new ElementError(errors);
  const rec: AccountRec = target ?? {
    AccountID: randomUUID(),
    Code: code as string,
    Name: name as string,
    Type: type as string,
    Class: CLASS_OF[type as string] ?? 'ASSET',
    Status: 'ACTIVE',
    TaxType: taxType ?? 'NONE',
    EnablePaymentsToAccount: false,
    ShowInExpenseClaims: false,
    UpdatedDateUTC: 0,
  };
  if (code) rec.Code = code;
  if (name) rec.Name = name;
  if (type) {
    rec.Type = type;
    rec.Class = CLASS_OF[type] ?? rec.Class;
  }
  if (status) rec.Status = status;
  if (taxType) rec.TaxType = taxType.toUpperCase();
  const desc = str(o, 'Description');
  if (desc !== undefined) rec.Description = desc;
  const pay = bool(o, 'EnablePaymentsToAccount');
  if (pay !== undefined) rec.EnablePaymentsToAccount = pay;
  const num = str(o, 'BankAccountNumber');
  if (num !== undefined) rec.BankAccountNumber = num;
  const cur = str(o, 'CurrencyCode');
  if (cur) rec.CurrencyCode = cur;
  rec.UpdatedDateUTC = org.stamp(ctx.now);
  org.accounts.delete(rec.AccountID);
  org.putAccount(rec);
  return renderAccount(rec);
}

function writeTaxRate(ctx: XeroCtx, el: unknown, mode: 'create' | 'update'): Record<string, unknown> {
  const org = ctx.org;
  const o = asObject(el, 'TaxRate');
  const name = str(o, 'Name');
  const taxType = str(o, 'TaxType');
  const status = enumOf(o, 'Status', ['ACTIVE', 'DELETED', 'ARCHIVED', 'PENDING'] as const);
  const comps = o.TaxComponents;
  if (comps !== undefined && !Array.isArray(comps))
    throw new BindError("JSON for post data was invalid, 'TaxComponents' must be an array");
  const components = (comps ?? []).map((c) => {
    const co = asObject(c, 'TaxComponent');
    return {
      Name: str(co, 'Name') ?? 'Tax',
      Rate: fix(numIn(co, 'Rate') ?? '0', 4),
      IsCompound: bool(co, 'IsCompound') ?? false,
      IsNonRecoverable: bool(co, 'IsNonRecoverable') ?? false,
    };
  });
  const existing = taxType
    ? org.taxRates.get(taxType.toUpperCase())
    : [...org.taxRates.values()].find((t) => t.Name.toLowerCase() === (name ?? '').toLowerCase());
  if (mode === 'update' && !existing)
    throw new ElementError([`The tax rate '${taxType ?? name ?? ''}' could not be found.`]);
  if (mode === 'create' && (existing || !name)) {
    throw new ElementError([existing ? 'A tax rate with this name already exists.' : 'Name is required.']);
  }
  if (mode === 'create' && components.length === 0)
    throw new ElementError(['At least one tax component is required.']);
  const effective = (list: TaxRateRec['TaxComponents']): string => {
    // §1.9: the effective rate is the sum of the components, compound ones applied on top.
    let simple = new D(0);
    for (const c of list) if (!c.IsCompound) simple = simple.plus(c.Rate);
    let total = simple;
    for (const c of list) if (c.IsCompound) total = total.plus(new D(100).plus(simple).mul(c.Rate).div(100));
    return total.toFixed(4);
  };
  const rec: TaxRateRec = existing ?? {
    Name: name as string,
    TaxType: `TAX${String(++org.counters.taxRate).padStart(3, '0')}`,
    ReportTaxType: str(o, 'ReportTaxType') ?? 'OUTPUT',
    Status: 'ACTIVE',
    TaxComponents: components,
    CanApplyToAssets: true,
    CanApplyToEquity: true,
    CanApplyToExpenses: true,
    CanApplyToLiabilities: true,
    CanApplyToRevenue: true,
    DisplayTaxRate: effective(components),
    EffectiveRate: effective(components),
  };
  if (existing) {
    if (name) rec.Name = name;
    if (status) rec.Status = status;
    if (components.length) {
      rec.TaxComponents = components;
      rec.EffectiveRate = effective(components);
      rec.DisplayTaxRate = rec.EffectiveRate;
    }
  }
  org.taxRates.set(rec.TaxType, rec);
  return renderTaxRate(rec);
}

const ACCOUNT_FIELDS = [
  'AccountID',
  'Code',
  'Name',
  'Type',
  'Class',
  'Status',
  'TaxType',
  'EnablePaymentsToAccount',
  'ShowInExpenseClaims',
  'BankAccountNumber',
  'BankAccountType',
  'CurrencyCode',
  'Description',
  'SystemAccount',
  'ReportingCode',
  'UpdatedDateUTC',
  'HasAttachments',
  'AddToWatchlist',
] as const;
const TAX_FIELDS = [
  'Name',
  'TaxType',
  'ReportTaxType',
  'Status',
  'CanApplyToAssets',
  'CanApplyToEquity',
  'CanApplyToExpenses',
  'CanApplyToLiabilities',
  'CanApplyToRevenue',
  'DisplayTaxRate',
  'EffectiveRate',
  'TaxComponents',
] as const;

/** Registers Organisation, Accounts, TaxRates, Currencies and TrackingCategories. */
export function registerSettingsRoutes(r: Router<XeroHandler>): void {
  r.add(
    'GET',
    '/Organisation',
    (ctx) => envelope(ctx, { Organisations: [renderOrganisation(ctx)] }),
    'GET /Organisation',
  );

  r.add(
    'GET',
    '/Accounts',
    (ctx) => {
      const res = listRecords(ctx, ctx.org.accounts.values(), {
        typeName: 'Account',
        pageable: false,
        access: accessor<AccountRec>(ACCOUNT_FIELDS, () => undefined, renderAccount),
        updated: (a) => a.UpdatedDateUTC,
      });
      return envelope(ctx, { Accounts: res.items.map(renderAccount) });
    },
    'GET /Accounts',
  );
  r.add(
    'GET',
    '/Accounts/:AccountID',
    (ctx) => {
      const a = ctx.org.accounts.get((ctx.params.AccountID ?? '').toLowerCase());
      return a ? envelope(ctx, { Accounts: [renderAccount(a)] }) : notFound();
    },
    'GET /Accounts/{AccountID}',
  );
  // xero-notes.md §1.2/§1.3: PUT /Accounts takes a bare Account, one per request.
  r.add(
    'PUT',
    '/Accounts',
    (ctx) =>
      runBatch(
        ctx,
        elementsOf(ctx.body, 'Accounts', true).slice(0, 1),
        'Accounts',
        null,
        (e) => e,
        (e) => writeAccount(ctx, e),
      ),
    'PUT /Accounts',
  );
  r.add(
    'POST',
    '/Accounts/:AccountID',
    (ctx) => {
      const a = ctx.org.accounts.get((ctx.params.AccountID ?? '').toLowerCase());
      if (!a) return notFound();
      return runBatch(
        ctx,
        elementsOf(ctx.body, 'Accounts', true).slice(0, 1),
        'Accounts',
        null,
        (e) => e,
        (e) => writeAccount(ctx, e, a),
      );
    },
    'POST /Accounts/{AccountID}',
  );
  r.add(
    'DELETE',
    '/Accounts/:AccountID',
    (ctx) => {
      const a = ctx.org.accounts.get((ctx.params.AccountID ?? '').toLowerCase());
      if (!a) return notFound();
      a.Status = 'DELETED';
      ctx.org.touch(ctx.org.accounts, a.AccountID, a, ctx.now);
      return envelope(ctx, { Accounts: [renderAccount(a)] });
    },
    'DELETE /Accounts/{AccountID}',
  );

  r.add(
    'GET',
    '/TaxRates',
    (ctx) => {
      const res = listRecords(ctx, ctx.org.taxRates.values(), {
        typeName: 'TaxRate',
        pageable: false,
        access: accessor<TaxRateRec>(TAX_FIELDS, () => undefined, renderTaxRate),
        updated: () => 0,
      });
      return envelope(ctx, { TaxRates: res.items.map(renderTaxRate) });
    },
    'GET /TaxRates',
  );
  r.add(
    'GET',
    '/TaxRates/:TaxType',
    (ctx) => {
      const t = ctx.org.taxRates.get((ctx.params.TaxType ?? '').toUpperCase());
      return t ? envelope(ctx, { TaxRates: [renderTaxRate(t)] }) : notFound();
    },
    'GET /TaxRates/{TaxType}',
  );
  r.add(
    'PUT',
    '/TaxRates',
    (ctx) =>
      runBatch(
        ctx,
        elementsOf(ctx.body, 'TaxRates', false),
        'TaxRates',
        null,
        (e) => e,
        (e) => writeTaxRate(ctx, e, 'create'),
      ),
    'PUT /TaxRates',
  );
  r.add(
    'POST',
    '/TaxRates',
    (ctx) =>
      runBatch(
        ctx,
        elementsOf(ctx.body, 'TaxRates', false),
        'TaxRates',
        null,
        (e) => e,
        (e) => writeTaxRate(ctx, e, 'update'),
      ),
    'POST /TaxRates',
  );

  r.add(
    'GET',
    '/Currencies',
    (ctx) => {
      const res = listRecords(ctx, ctx.org.currencies.values(), {
        typeName: 'Currency',
        pageable: false,
        access: accessor(
          ['Code', 'Description'],
          (c: { Code: string; Description: string }, k) =>
            k === 'Code' ? c.Code : k === 'Description' ? c.Description : undefined,
          (c) => ({ ...c }),
        ),
        updated: () => 0,
      });
      return envelope(ctx, {
        Currencies: res.items.map((c) => ({ Code: c.Code, Description: c.Description })),
      });
    },
    'GET /Currencies',
  );
  r.add(
    'PUT',
    '/Currencies',
    (ctx) =>
      runBatch(
        ctx,
        elementsOf(ctx.body, 'Currencies', true).slice(0, 1),
        'Currencies',
        null,
        (e) => asObject(e, 'Currency'),
        (o) => {
          const code = str(o, 'Code')?.toUpperCase();
          if (!code || !/^[A-Z]{3}$/.test(code))
            throw new ElementError(['A valid currency Code is required.']);
          const cur = ctx.org.currencies.get(code) ?? {
            Code: code,
            Description: str(o, 'Description') ?? code,
            rate: '1.000000',
          };
          ctx.org.currencies.set(code, cur);
          return { Code: cur.Code, Description: cur.Description };
        },
      ),
    'PUT /Currencies',
  );

  const trackingList: XeroHandler = (ctx) => {
    const includeArchived = queryBool(ctx.req.query, 'includeArchived') === true;
    const res = listRecords(ctx, ctx.org.trackingCategories.values(), {
      typeName: 'TrackingCategory',
      pageable: false,
      filter: (t) => includeArchived || t.Status === 'ACTIVE',
      access: accessor<TrackingCategoryRec>(
        ['TrackingCategoryID', 'Name', 'Status', 'Options'],
        () => undefined,
        (t) => renderTracking(t, true),
      ),
      updated: () => 0,
    });
    return envelope(ctx, { TrackingCategories: res.items.map((t) => renderTracking(t, includeArchived)) });
  };
  r.add('GET', '/TrackingCategories', trackingList, 'GET /TrackingCategories');
  r.add(
    'GET',
    '/TrackingCategories/:TrackingCategoryID',
    (ctx) => {
      const t = ctx.org.trackingCategories.get((ctx.params.TrackingCategoryID ?? '').toLowerCase());
      return t ? envelope(ctx, { TrackingCategories: [renderTracking(t, true)] }) : notFound();
    },
    'GET /TrackingCategories/{TrackingCategoryID}',
  );
  r.add(
    'PUT',
    '/TrackingCategories',
    (ctx) =>
      runBatch(
        ctx,
        elementsOf(ctx.body, 'TrackingCategories', true).slice(0, 1),
        'TrackingCategories',
        null,
        (e) => asObject(e, 'TrackingCategory'),
        (o) => {
          const name = str(o, 'Name');
          if (!name) throw new ElementError(['Name is required.']);
          const active = [...ctx.org.trackingCategories.values()].filter((t) => t.Status === 'ACTIVE');
          if (active.some((t) => t.Name.toLowerCase() === name.toLowerCase()))
            throw new ElementError(['A tracking category with this name already exists.']);
          // Xero allows two active tracking categories per organisation.
          if (active.length >= 2) throw new ElementError(['You can only have 2 active tracking categories.']);
          const rec: TrackingCategoryRec = {
            TrackingCategoryID: randomUUID(),
            Name: name,
            Status: 'ACTIVE',
            Options: [],
          };
          ctx.org.trackingCategories.set(rec.TrackingCategoryID, rec);
          return renderTracking(rec, true);
        },
      ),
    'PUT /TrackingCategories',
  );
  r.add(
    'PUT',
    '/TrackingCategories/:TrackingCategoryID/Options',
    (ctx) => {
      const t = ctx.org.trackingCategories.get((ctx.params.TrackingCategoryID ?? '').toLowerCase());
      if (!t) return notFound();
      return runBatch(
        ctx,
        elementsOf(ctx.body, 'Options', true),
        'Options',
        null,
        (e) => asObject(e, 'TrackingOption'),
        (o) => {
          const name = str(o, 'Name');
          if (!name) throw new ElementError(['Name is required.']);
          if (t.Options.some((x) => x.Name.toLowerCase() === name.toLowerCase()))
            throw new ElementError(['For each specified tracking option the name must be unique.']);
          const opt = { TrackingOptionID: randomUUID(), Name: name, Status: 'ACTIVE' as const };
          t.Options.push(opt);
          return { ...opt, TrackingCategoryID: t.TrackingCategoryID };
        },
      );
    },
    'PUT /TrackingCategories/{TrackingCategoryID}/Options',
  );
}
