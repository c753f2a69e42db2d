import type { Contacts } from 'xero-node';
import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact, list, obj, text, whereString, xeroTimestamp, type XeroRaw } from '../xero-mapping';
import { anyOf, itemsOf, pageCountOf, pagedCapabilities, type XeroResource } from './xero-resource';

/** Canonical match key → Xero field for `where`. */
const keyFields: Record<string, string> = {
  number: 'ContactNumber',
  email: 'EmailAddress',
  name: 'Name',
  orgNumber: 'CompanyNumber',
};

/** Contacts (GET/PUT/POST /Contacts; xero-notes.md §1.2, §1.9). Xero has no person/company flag. */
export const contactResource: XeroResource = {
  entity: 'contact',
  apiName: 'Contacts',
  // The list and the fetches are the same GET /Contacts with archived contacts included.
  capabilities: { ...pagedCapabilities(['externalId', 'number', 'email', 'name'], true), listHoldsAll: true },
  // IsCustomer/IsSupplier are derived from transactions in Xero; the id is Xero's.
  readOnlyFields: ['id', 'isCustomer', 'isSupplier', 'kind', 'updatedAt'],

  toCanonical(raw) {
    const address =
      list(raw.Addresses).find((a) => a.AddressType === 'POBOX' && hasAddress(a)) ??
      list(raw.Addresses).find(hasAddress);
    const phone =
      list(raw.Phones).find((p) => p.PhoneType === 'DEFAULT' && text(p.PhoneNumber)) ??
      list(raw.Phones).find((p) => text(p.PhoneNumber));
    const sales = obj(obj(raw.PaymentTerms)?.Sales);
    return {
      entity: 'contact',
      sourceId: String(raw.ContactID),
      updatedAt: xeroTimestamp(raw.UpdatedDateUTC),
      data: compact({
        id: text(raw.ContactID),
        number: text(raw.ContactNumber),
        name: text(raw.Name),
        firstName: text(raw.FirstName),
        lastName: text(raw.LastName),
        isCustomer: typeof raw.IsCustomer === 'boolean' ? raw.IsCustomer : undefined,
        isSupplier: typeof raw.IsSupplier === 'boolean' ? raw.IsSupplier : undefined,
        email: text(raw.EmailAddress),
        phone: phone
          ? [phone.PhoneCountryCode, phone.PhoneAreaCode, phone.PhoneNumber].filter((p) => text(p)).join(' ')
          : undefined,
        orgNumber: text(raw.CompanyNumber),
        vatNumber: text(raw.TaxNumber),
        currency: text(raw.DefaultCurrency),
        paymentTermsDays:
          sales && sales.Type === 'DAYSAFTERBILLDATE' && typeof sales.Day === 'number'
            ? sales.Day
            : undefined,
        accountNumber: text(raw.AccountNumber),
        address: address
          ? compact({
              line1: text(address.AddressLine1),
              line2: text(address.AddressLine2),
              postalCode: text(address.PostalCode),
              city: text(address.City),
              country: text(address.Country),
            })
          : undefined,
        isActive: raw.ContactStatus === undefined ? undefined : raw.ContactStatus === 'ACTIVE',
        updatedAt: xeroTimestamp(raw.UpdatedDateUTC),
      }),
      raw,
    };
  },

  filter(field, value) {
    if (field === 'isActive') return { where: value ? 'ContactStatus=="ACTIVE"' : 'ContactStatus!="ACTIVE"' };
    if (field === 'isCustomer' || field === 'isSupplier')
      return {
        where: `${field === 'isCustomer' ? 'IsCustomer' : 'IsSupplier'}==${value ? 'true' : 'false'}`,
      };
    const xeroField = keyFields[field];
    return xeroField ? { where: `${xeroField}==${whereString(String(value))}` } : undefined;
  },

  async readPage(client, page, pageSize, q) {
    const { data } = await client.call('GET /Contacts', (api, t) =>
      api.getContacts(
        t,
        q.since,
        q.where,
        'UpdatedDateUTC ASC',
        undefined,
        page,
        true,
        undefined,
        undefined,
        pageSize,
      ),
    );
    return { items: itemsOf(data, 'Contacts'), pageCount: pageCountOf(data) };
  },

  async fetch(client, refs) {
    if ('ids' in refs) {
      if (refs.ids.length === 0) return [];
      const { data } = await client.call('GET /Contacts', (api, t) =>
        api.getContacts(
          t,
          undefined,
          undefined,
          undefined,
          [...refs.ids],
          1,
          true,
          undefined,
          undefined,
          1000,
        ),
      );
      return itemsOf(data, 'Contacts');
    }
    const field = keyFields[refs.key];
    if (!field) throw createError('LF-1001', `Xero contacts cannot be matched on '${refs.key}'`);
    if (refs.values.length === 0) return [];
    const { data } = await client.call('GET /Contacts', (api, t) =>
      api.getContacts(
        t,
        undefined,
        anyOf(field, refs.values, whereString),
        undefined,
        undefined,
        1,
        true,
        undefined,
        undefined,
        1000,
      ),
    );
    return itemsOf(data, 'Contacts');
  },

  toXero(d, id) {
    const address = obj(d.address);
    return compact({
      contactID: id,
      name: d.name as string | undefined,
      contactNumber: d.number as string | undefined,
      firstName: d.firstName as string | undefined,
      lastName: d.lastName as string | undefined,
      emailAddress: d.email as string | undefined,
      companyNumber: d.orgNumber as string | undefined,
      taxNumber: d.vatNumber as string | undefined,
      accountNumber: d.accountNumber as string | undefined,
      defaultCurrency: d.currency as never,
      contactStatus: d.isActive === undefined ? undefined : d.isActive ? 'ACTIVE' : 'ARCHIVED',
      addresses: address
        ? [
            compact({
              addressType: 'POBOX',
              addressLine1: address.line1 as string | undefined,
              addressLine2: address.line2 as string | undefined,
              postalCode: address.postalCode as string | undefined,
              city: address.city as string | undefined,
              country: address.country as string | undefined,
            }),
          ]
        : undefined,
      phones: d.phone !== undefined ? [{ phoneType: 'DEFAULT', phoneNumber: String(d.phone) }] : undefined,
      paymentTerms:
        d.paymentTermsDays !== undefined
          ? { sales: { day: Number(d.paymentTermsDays), type: 'DAYSAFTERBILLDATE' } }
          : undefined,
    });
  },

  async writeBatch(client, b) {
    const body = { contacts: b.payloads } as unknown as Contacts;
    const { data } = await client.call(b.kind === 'create' ? 'PUT /Contacts' : 'POST /Contacts', (api, t) =>
      b.kind === 'create'
        ? api.createContacts(t, body, false, b.idempotencyKey)
        : api.updateOrCreateContacts(t, body, false, b.idempotencyKey),
    );
    return itemsOf(data, 'Contacts');
  },
};

function hasAddress(a: XeroRaw): boolean {
  return !!(text(a.AddressLine1) || text(a.City) || text(a.PostalCode));
}
