import { empty } from '../kit/http-kit';
import type { Router } from '../kit/router';
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
  vnDateTime,
  withEtag,
  type VnCtx,
  type VnRoute,
} from './vn-context';
import { countryName } from './vn-seed';
import { etagOf, type Obj } from './vn-store';
import { ADDRESS_SPEC, CONTACT_SPEC, unwrap, type Unwrapped, type WrappedSpec } from './vn-values';

const STATUSES = ['Active', 'OnHold', 'CreditHold', 'Inactive', 'OneTime'] as const;

/** CustomerUpdateDto (visma-notes.md §2.9): the wrapped properties the simulator applies. */
const CUSTOMER_SPEC: WrappedSpec = {
  number: 'string',
  name: 'string',
  status: { enum: STATUSES },
  accountReference: 'string',
  numberOfEmployees: 'int',
  currencyId: 'string',
  creditLimit: 'decimal',
  creditDaysPastDue: 'int',
  customerClassId: 'string',
  creditTermsId: 'string',
  printInvoices: 'bool',
  acceptAutoInvoices: 'bool',
  sendInvoicesByEmail: 'bool',
  sendDunningLettersViaEMail: 'bool',
  printDunningLetters: 'bool',
  printStatements: 'bool',
  sendStatementsByEmail: 'bool',
  printMultiCurrencyStatements: 'bool',
  invoiceToDefaultLocation: 'bool',
  vatRegistrationId: 'string',
  corporateId: 'string',
  vatZoneId: 'string',
  gln: 'string',
  note: 'string',
  mainAddress: { object: ADDRESS_SPEC },
  mainContact: { object: CONTACT_SPEC },
  creditVerification: { enum: ['Disabled', 'DaysPastDue', 'CreditLimit', 'LimitAndDaysPastDue'] },
  invoiceAddress: { object: ADDRESS_SPEC },
  invoiceContact: { object: CONTACT_SPEC },
  statementType: { enum: ['OpenItem', 'BalanceBroughtForward'] },
  deliveryAddress: { object: ADDRESS_SPEC },
  deliveryContact: { object: CONTACT_SPEC },
  overrideNumberSeries: 'bool',
  excludeDebtCollection: 'bool',
};

const CLASSES: Record<string, string> = { DOM: 'Inrikes kunder', EXP: 'Utländska kunder' };
const ZONES: Record<string, [string, string]> = { '01': ['Inrikes', 'MP1'], '02': ['Utrikes', 'EXP'] };

/** Applies an unwrapped address to a stored address DTO (only the properties sent). */
function applyAddress(ctx: VnCtx, old: Obj | undefined, w: Unwrapped | null): Obj {
  const out: Obj = { ...(old ?? { addressId: ++ctx.company.counters.addressId }) };
  if (w === null) return { addressId: out.addressId };
  for (const k of ['addressLine1', 'addressLine2', 'addressLine3', 'postalCode', 'city', 'county']) {
    if (k in w) {
      if (w[k] === null) delete out[k];
      else out[k] = w[k];
    }
  }
  if ('countryId' in w) {
    if (w.countryId === null) delete out.country;
    else out.country = { id: w.countryId, name: countryName(String(w.countryId)) };
  }
  return out;
}

function applyContact(old: Obj | undefined, w: Unwrapped | null, contactId: number): Obj {
  const out: Obj = { ...(old ?? { contactId }) };
  if (w === null) return { contactId: out.contactId };
  for (const [k, v] of Object.entries(w)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Applies a CustomerUpdateDto to a customer (POST: a new one; PUT: only the properties sent change). */
function applyCustomer(ctx: VnCtx, w: Unwrapped, old?: Obj): Obj {
  const co = ctx.company;
  const c: Obj = old ? structuredClone(old) : {};
  const set = (k: string, v: unknown): void => {
    if (v === null || v === undefined) delete c[k];
    else c[k] = v;
  };
  for (const k of [
    'name',
    'status',
    'accountReference',
    'numberOfEmployees',
    'currencyId',
    'creditLimit',
    'creditDaysPastDue',
    'printInvoices',
    'acceptAutoInvoices',
    'sendInvoicesByEmail',
    'sendDunningLettersViaEMail',
    'printDunningLetters',
    'printStatements',
    'sendStatementsByEmail',
    'printMultiCurrencyStatements',
    'invoiceToDefaultLocation',
    'vatRegistrationId',
    'corporateId',
    'gln',
    'creditVerification',
    'statementType',
    'excludeDebtCollection',
  ]) {
    if (k in w) set(k, w[k]);
  }
  if ('creditTermsId' in w && w.creditTermsId !== null) {
    const t = co.creditTerms.get(String(w.creditTermsId));
    if (!t) throw badRequest(`Credit terms '${String(w.creditTermsId)}' do not exist.`);
    c.creditTerms = { id: t.id, description: t.description };
  }
  if ('customerClassId' in w && w.customerClassId !== null) {
    const d = CLASSES[String(w.customerClassId)];
    if (!d) throw badRequest(`Customer class '${String(w.customerClassId)}' does not exist.`);
    c.customerClass = { id: w.customerClassId, description: d };
  }
  if ('vatZoneId' in w && w.vatZoneId !== null) {
    const z = ZONES[String(w.vatZoneId)];
    if (!z) throw badRequest(`VAT zone '${String(w.vatZoneId)}' does not exist.`);
    c.vatZone = { id: w.vatZoneId, description: z[0], defaultVatCategory: z[1] };
  }
  const contactId = (c.internalId as number | undefined) ?? co.counters.customerInternalId + 1;
  for (const [a, k] of [
    ['mainAddress', 'mainContact'],
    ['invoiceAddress', 'invoiceContact'],
    ['deliveryAddress', 'deliveryContact'],
  ] as const) {
    if (a in w) c[a] = applyAddress(ctx, c[a] as Obj | undefined, w[a] as Unwrapped | null);
    if (k in w) c[k] = applyContact(c[k] as Obj | undefined, w[k] as Unwrapped | null, contactId);
  }
  if (typeof c.name !== 'string' || c.name.trim() === '') throw badRequest("'name' cannot be empty.");
  const stamp = vnDateTime(co.stamp(ctx.now));
  c.lastModifiedDateTime = stamp;
  c.createdDateTime ??= stamp;
  return c;
}

function customerParam(ctx: VnCtx): Obj {
  const c = ctx.company.customers.get(decodeKey(ctx.params.customerCd));
  if (!c) throw notFound(`Customer '${ctx.params.customerCd ?? ''}' not found.`);
  return c;
}

function internalParam(ctx: VnCtx): Obj {
  const id = Number(ctx.params.internalID);
  const c = Number.isInteger(id) ? ctx.company.customerByInternalId(id) : undefined;
  if (!c) throw notFound(`Customer with internal id '${ctx.params.internalID ?? ''}' not found.`);
  return c;
}

function put(ctx: VnCtx, old: Obj) {
  checkIfMatch(ctx, etagOf(String(old.number), old.lastModifiedDateTime));
  const w = unwrap(bodyOf(ctx), CUSTOMER_SPEC);
  if ('number' in w && w.number !== old.number)
    throw badRequest('The customer number cannot be changed here; use action/changeCustomerCd.');
  const c = applyCustomer(ctx, w, old);
  ctx.company.customers.set(String(c.number), c);
  return empty(204, { etag: `"${etagOf(String(c.number), c.lastModifiedDateTime)}"` });
}

/** `/v1/customer` (visma-notes.md §2.9). */
export function registerCustomerRoutes(router: Router<VnRoute>): void {
  router
    .add(
      'GET',
      '/v1/customer',
      {
        scope: 'read',
        handle: (ctx) => {
          const q = ctx.req.query;
          const modified = dateCondition(q, 'lastModifiedDateTime');
          const createdAt = dateCondition(q, 'createdDateTime');
          const status = enumFilter(q, 'status', STATUSES);
          const name = textFilter(q, 'name');
          const corporateId = textFilter(q, 'corporateId');
          const vat = textFilter(q, 'vatRegistrationId');
          const email = textFilter(q, 'email');
          const phone = textFilter(q, 'phone');
          const list: Obj[] = [];
          for (const c of ctx.company.customers.values()) {
            const contact = (c.mainContact ?? {}) as Obj;
            if (modified && !modified(Date.parse(`${String(c.lastModifiedDateTime)}Z`))) continue;
            if (createdAt && !createdAt(Date.parse(`${String(c.createdDateTime)}Z`))) continue;
            if (status && !status(c.status)) continue;
            if (name && !name(c.name)) continue;
            if (corporateId && !corporateId(c.corporateId)) continue;
            if (vat && !vat(c.vatRegistrationId)) continue;
            if (email && !email(contact.email)) continue;
            if (phone && !phone(contact.phone1)) continue;
            list.push(c);
          }
          return pagedArray(ctx, list, (c) => c);
        },
      },
      'GET /v1/customer',
    )
    .add(
      'POST',
      '/v1/customer',
      {
        scope: 'create',
        handle: (ctx) => {
          const co = ctx.company;
          const w = unwrap(bodyOf(ctx), CUSTOMER_SPEC);
          const number =
            typeof w.number === 'string' && w.number !== '' ? w.number : String(++co.counters.customerNumber);
          if (co.customers.has(number))
            throw badRequest(`A customer with number '${number}' already exists.`);
          const c = applyCustomer(ctx, w);
          const t = co.creditTerms.get('30');
          const out: Obj = {
            internalId: ++co.counters.customerInternalId,
            number,
            status: 'Active',
            customerClass: { id: 'DOM', description: CLASSES.DOM },
            creditTerms: t ? { id: t.id, description: t.description } : undefined,
            currencyId: co.baseCurrency,
            creditVerification: 'Disabled',
            creditLimit: 0,
            creditDaysPastDue: 0,
            statementType: 'OpenItem',
            vatZone: { id: '01', description: 'Inrikes', defaultVatCategory: 'MP1' },
            location: { countryId: 'SE', id: 'MAIN', name: 'Primary Location' },
            attributes: [],
            directDebitLines: [],
            paymentMethods: [],
            ...c,
          };
          co.customers.set(number, out);
          return created(ctx, `/v1/customer/${encodeURIComponent(number)}`);
        },
      },
      'POST /v1/customer',
    )
    .add(
      'GET',
      '/v1/customer/internal/:internalID',
      {
        scope: 'read',
        handle: (ctx) => {
          const c = internalParam(ctx);
          return withEtag(c, etagOf(String(c.number), c.lastModifiedDateTime));
        },
      },
      'GET /v1/customer/internal/{internalID}',
    )
    .add(
      'PUT',
      '/v1/customer/internal/:internalID',
      { scope: 'update', handle: (ctx) => put(ctx, internalParam(ctx)) },
      'PUT /v1/customer/internal/{internalID}',
    )
    .add(
      'GET',
      '/v1/customer/:customerCd',
      {
        scope: 'read',
        handle: (ctx) => {
          const c = customerParam(ctx);
          return withEtag(c, etagOf(String(c.number), c.lastModifiedDateTime));
        },
      },
      'GET /v1/customer/{customerCd}',
    )
    .add(
      'PUT',
      '/v1/customer/:customerCd',
      { scope: 'update', handle: (ctx) => put(ctx, customerParam(ctx)) },
      'PUT /v1/customer/{customerCd}',
    );
}
