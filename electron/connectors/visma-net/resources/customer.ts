import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact, type RawRecord } from '../../kit/resource-connector';
import { obj, strOut, text, utcTimestamp } from '../../kit/raw-values';
import { keySegment, vnDateTime, wrap, type VismaNetClient } from '../visma-net-client';
import { vismaNetCapabilities, type VismaNetResource } from './visma-net-resource';

/** Canonical match keys and filters → the list's query parameters (§2.5). */
const keyParams: Record<string, string> = {
  orgNumber: 'corporateId',
  vatNumber: 'vatRegistrationId',
  email: 'email',
  name: 'name',
  phone: 'phone',
};

/**
 * Customers (`/v1/customer`), keyed by their number (`customerCd`). Reads are plain DTOs, writes value-wrapped
 * (`{"name": {"value": …}}`, a left-out property stays unchanged, §2.3). Payment terms are the credit terms
 * whose id is the number of days (the demo companies' `10`/`14`/`20`/`30`). Visma.net has no person flag.
 */
export const customerResource: VismaNetResource = {
  entity: 'contact',
  apiName: 'customer',
  capabilities: vismaNetCapabilities(['externalId', 'number', 'orgNumber', 'name'], {
    write: true,
    delta: true,
  }),
  readOnlyFields: [
    'id',
    'kind',
    'firstName',
    'lastName',
    'isCustomer',
    'isSupplier',
    'accountNumber',
    'updatedAt',
  ],
  filterFields: [...Object.keys(keyParams), 'isActive'],

  toCanonical(raw) {
    const contact = obj(raw.mainContact);
    const address = obj(raw.mainAddress);
    const terms = text(obj(raw.creditTerms)?.id);
    return {
      entity: 'contact',
      sourceId: String(raw.number),
      updatedAt: utcTimestamp(raw.lastModifiedDateTime),
      data: compact({
        id: text(raw.number),
        number: text(raw.number),
        name: text(raw.name),
        isCustomer: true,
        isSupplier: false,
        email: text(contact?.email),
        phone: text(contact?.phone1),
        orgNumber: text(raw.corporateId),
        vatNumber: text(raw.vatRegistrationId),
        currency: text(raw.currencyId),
        paymentTermsDays: terms && /^\d+$/.test(terms) ? Number(terms) : undefined,
        address: address
          ? compact({
              line1: text(address.addressLine1),
              line2: text(address.addressLine2),
              postalCode: text(address.postalCode),
              city: text(address.city),
              country: text(obj(address.country)?.id),
            })
          : undefined,
        isActive: typeof raw.status === 'string' ? raw.status === 'Active' : undefined,
        updatedAt: utcTimestamp(raw.lastModifiedDateTime),
      }),
      raw,
    };
  },

  async readPage(client, page, pageSize, q) {
    return client.page('/v1/customer', page, pageSize, queryOf(q.since, q.filter), q.signal);
  },

  async fetch(client, refs, { signal }) {
    if ('ids' in refs || refs.key === 'number') {
      const values = 'ids' in refs ? refs.ids : refs.values;
      return byNumbers(client, values, signal);
    }
    const param = keyParams[refs.key];
    if (!param) throw createError('LF-1001', `Visma.net customers cannot be matched on '${refs.key}'`);
    const out: RawRecord[] = [];
    for (const v of refs.values) out.push(...(await client.all('/v1/customer', { [param]: v }, signal)));
    return out;
  },

  async write(client, op, { signal }) {
    const body = toCustomer(op.data);
    if (op.kind === 'create')
      return {
        raw: await client.create(
          '/v1/customer',
          'POST /v1/customer',
          body,
          'GET /v1/customer/{customerCd}',
          signal,
        ),
      };
    const path = `/v1/customer/${keySegment(op.id)}`;
    return {
      raw: await client.update(
        path,
        { get: 'GET /v1/customer/{customerCd}', put: 'PUT /v1/customer/{customerCd}' },
        () => body,
        signal,
      ),
    };
  },
};

/** List filters: `lastModifiedDateTime` with `lastModifiedDateTimeCondition=>=` for deltas (§2.5). */
export function queryOf(
  since: Date | undefined,
  filter: Readonly<Record<string, string | number | boolean>>,
): Record<string, string> {
  const query: Record<string, string> = {};
  if (since) {
    query.lastModifiedDateTime = vnDateTime(since);
    query.lastModifiedDateTimeCondition = '>=';
  }
  for (const [field, value] of Object.entries(filter)) {
    if (field === 'isActive') query.status = value ? 'Active' : 'Inactive';
    else query[keyParams[field]!] = String(value);
  }
  return query;
}

async function byNumbers(
  client: VismaNetClient,
  numbers: readonly string[],
  signal?: AbortSignal,
): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for (const n of numbers) {
    const found = await client.get(`/v1/customer/${keySegment(n)}`, 'GET /v1/customer/{customerCd}', signal);
    if (found) out.push(found.raw);
  }
  return out;
}

/** Canonical contact → CustomerUpdateDto (value-wrapped; only what the record sets). */
function toCustomer(d: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const address = obj(d.address);
  const personName = [d.firstName, d.lastName].filter((p) => typeof p === 'string' && p).join(' ');
  const addressDto = address
    ? wrap({
        addressLine1: strOut(address.line1),
        addressLine2: strOut(address.line2),
        postalCode: strOut(address.postalCode),
        city: strOut(address.city),
        countryId: strOut(address.country),
      })
    : undefined;
  const contactDto =
    d.email !== undefined || d.phone !== undefined
      ? wrap({ email: strOut(d.email), phone1: strOut(d.phone) })
      : undefined;
  return wrap({
    number: strOut(d.number),
    name: strOut(d.name) ?? (personName || undefined),
    status: typeof d.isActive === 'boolean' ? (d.isActive ? 'Active' : 'Inactive') : undefined,
    currencyId: strOut(d.currency),
    corporateId: strOut(d.orgNumber),
    vatRegistrationId: strOut(d.vatNumber),
    creditTermsId:
      d.paymentTermsDays !== undefined && d.paymentTermsDays !== null
        ? String(d.paymentTermsDays)
        : undefined,
    mainAddress: addressDto,
    mainContact: contactDto,
  });
}
