import { createError } from '../../../../shared/errors/ledgerflow-error';
import type { FetchRefs } from '../../kit/connector';
import { compact, type RawRecord } from '../../kit/resource-connector';
import { obj, strOut, text, utcTimestamp } from '../../kit/raw-values';
import { odata, seg, type EaccountingClient } from '../eaccounting-client';
import { eaccountingCapabilities, type EaccountingResource } from './eaccounting-resource';

/** Canonical match key or filter → CustomerApi property (visma-notes.md §1.9). */
const keyFields: Record<string, string> = {
  number: 'CustomerNumber',
  orgNumber: 'CorporateIdentityNumber',
  email: 'EmailAddress',
  name: 'Name',
  vatNumber: 'VatNumber',
};

/**
 * Customers (`/customers`): company or person (`IsPrivatePerson`), invoice address, terms of payment by days.
 * PUT is a full replace (§1.3), so updates read the customer, change what the record says and send it all back.
 */
export const customerResource: EaccountingResource = {
  entity: 'contact',
  apiName: 'customers',
  capabilities: eaccountingCapabilities(['externalId', 'number', 'orgNumber', 'email', 'name'], {
    write: true,
    delta: true,
  }),
  // eAccounting customers are customers only; the id and change stamp are the API's.
  readOnlyFields: ['id', 'isCustomer', 'isSupplier', 'accountNumber', 'updatedAt'],
  requiredFields: ['address.postalCode', 'address.city'],
  filterFields: [...Object.keys(keyFields), 'isActive', 'kind'],

  toCanonical(raw) {
    const terms = obj(raw.TermsOfPayment);
    return {
      entity: 'contact',
      sourceId: String(raw.Id),
      updatedAt: utcTimestamp(raw.ChangedUtc),
      data: compact({
        id: text(raw.Id),
        number: text(raw.CustomerNumber),
        name: text(raw.Name),
        kind: raw.IsPrivatePerson === true ? 'person' : raw.IsPrivatePerson === false ? 'company' : undefined,
        isCustomer: true,
        isSupplier: false,
        email: text(raw.EmailAddress),
        phone: text(raw.Telephone) ?? text(raw.MobilePhone),
        orgNumber: text(raw.CorporateIdentityNumber),
        vatNumber: text(raw.VatNumber),
        currency: text(raw.CurrencyCode),
        paymentTermsDays: typeof terms?.NumberOfDays === 'number' ? terms.NumberOfDays : undefined,
        address: addressOf(raw),
        isActive: typeof raw.IsActive === 'boolean' ? raw.IsActive : undefined,
        updatedAt: utcTimestamp(raw.ChangedUtc),
      }),
      raw,
    };
  },

  async readPage(client, page, pageSize, q) {
    const filters = Object.entries(q.filter).map(([field, value]) => filterOf(field, value));
    const filter = odata.and(q.since ? `ChangedUtc ge ${odata.dateTime(q.since)}` : undefined, ...filters);
    return client.page('/customers', page, pageSize, { filter, orderby: 'ChangedUtc' }, q.signal);
  },

  async fetch(client, refs) {
    return fetchCustomers(client, refs);
  },

  async write(client, op, { signal }) {
    const d = op.data;
    const mapped = await toCustomer(client, d);
    if (op.kind === 'create') {
      const body: Record<string, unknown> = { IsActive: true, IsPrivatePerson: false, ...mapped };
      if (body.TermsOfPaymentId === undefined) body.TermsOfPaymentId = await termsIdFor(client, 30);
      return { raw: await client.post('/customers', 'POST /customers', body, signal) };
    }
    // Full replace: everything the customer holds, with the record's changes on top (no field is lost).
    const current = await client.get(`/customers/${seg(op.id)}`, 'GET /customers/{customerId}', signal);
    const body = { ...current, ...mapped };
    return {
      raw: await client.put(`/customers/${seg(op.id)}`, 'PUT /customers/{customerId}', body, signal),
    };
  },
};

function addressOf(raw: RawRecord): Record<string, unknown> | undefined {
  const a = compact({
    line1: text(raw.InvoiceAddress1),
    line2: text(raw.InvoiceAddress2),
    postalCode: text(raw.InvoicePostalCode),
    city: text(raw.InvoiceCity),
    country: text(raw.InvoiceCountryCode),
  });
  return Object.keys(a).length ? a : undefined;
}

function filterOf(field: string, value: string | number | boolean): string {
  if (field === 'isActive') return `IsActive eq ${value ? 'true' : 'false'}`;
  if (field === 'kind') return `IsPrivatePerson eq ${value === 'person' ? 'true' : 'false'}`;
  return `${keyFields[field]!} eq ${odata.string(String(value))}`;
}

async function fetchCustomers(client: EaccountingClient, refs: FetchRefs): Promise<RawRecord[]> {
  if ('ids' in refs) {
    if (refs.ids.length === 0) return [];
    return client.all('/customers', odata.anyId('Id', refs.ids));
  }
  const field = keyFields[refs.key];
  if (!field) throw createError('LF-1001', `Visma eAccounting customers cannot be matched on '${refs.key}'`);
  if (refs.values.length === 0) return [];
  return client.all('/customers', odata.anyOf(field, refs.values));
}

/** Canonical contact → the CustomerApi properties it sets (only those the record has). */
async function toCustomer(
  client: EaccountingClient,
  d: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const address = obj(d.address);
  const personName = [d.firstName, d.lastName].filter((p) => typeof p === 'string' && p).join(' ');
  const out: Record<string, unknown> = compact({
    Name: strOut(d.name) ?? (personName || undefined),
    CustomerNumber: strOut(d.number),
    IsPrivatePerson: d.kind === undefined ? undefined : d.kind === 'person',
    EmailAddress: strOut(d.email),
    Telephone: strOut(d.phone),
    CorporateIdentityNumber: strOut(d.orgNumber),
    VatNumber: strOut(d.vatNumber),
    CurrencyCode: strOut(d.currency),
    IsActive: typeof d.isActive === 'boolean' ? d.isActive : undefined,
    InvoiceAddress1: strOut(address?.line1),
    InvoiceAddress2: strOut(address?.line2),
    InvoicePostalCode: strOut(address?.postalCode),
    InvoiceCity: strOut(address?.city),
    InvoiceCountryCode: strOut(address?.country),
  });
  if (d.paymentTermsDays !== undefined && d.paymentTermsDays !== null)
    out.TermsOfPaymentId = await termsIdFor(client, Number(d.paymentTermsDays));
  return out;
}

/** The sales terms of payment with this many days (Normal type), or LF-2001 naming the ones that exist. */
async function termsIdFor(client: EaccountingClient, days: number): Promise<string> {
  const terms = (await client.reference('/termsofpayments')).filter((t) => t.AvailableForSales !== false);
  const match =
    terms.find((t) => t.NumberOfDays === days && t.TermsOfPaymentTypeId === 0) ??
    terms.find((t) => t.NumberOfDays === days);
  if (!match)
    throw createError(
      'LF-2001',
      `Visma eAccounting has no terms of payment of ${days} days (it has ${terms.map((t) => String(t.NumberOfDays)).join(', ')})`,
      { apiMessage: `No terms of payment with NumberOfDays ${days}` },
    );
  return String(match.Id);
}
