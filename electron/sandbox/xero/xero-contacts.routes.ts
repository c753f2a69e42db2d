import { randomUUID } from 'node:crypto';
import type { Router } from '../kit/router';
import { runBatch } from './xero-batch';
import {
  asObject,
  BindError,
  elementsOf,
  ElementError,
  enumOf,
  envelope,
  isGuid,
  notFound,
  queryBool,
  queryList,
  str,
  type XeroCtx,
  type XeroHandler,
} from './xero-context';
import { today } from './xero-documents';
import { listRecords } from './xero-list';
import type { XeroOrgStore } from './xero-org-store';
import type { ContactRec } from './xero-records';
import { accessor, renderContact } from './xero-render';

/** Writable contact fields stored as sent (xero-notes.md §1.9). */
const WRITABLE = [
  'AccountNumber',
  'FirstName',
  'LastName',
  'CompanyNumber',
  'EmailAddress',
  'BankAccountDetails',
  'TaxNumber',
  'TaxNumberType',
  'AccountsReceivableTaxType',
  'AccountsPayableTaxType',
  'Addresses',
  'Phones',
  'ContactPersons',
  'DefaultCurrency',
  'XeroNetworkKey',
  'SalesDefaultAccountCode',
  'PurchasesDefaultAccountCode',
  'SalesTrackingCategories',
  'PurchasesTrackingCategories',
  'TrackingCategoryName',
  'TrackingCategoryOption',
  'PaymentTerms',
  'SalesDefaultLineAmountType',
  'PurchasesDefaultLineAmountType',
  'BrandingTheme',
  'BatchPayments',
] as const;

const CONTACT_FIELDS = [
  'ContactID',
  'ContactNumber',
  'ContactStatus',
  'Name',
  'IsCustomer',
  'IsSupplier',
  'UpdatedDateUTC',
  'HasAttachments',
  ...WRITABLE,
] as const;

interface ContactIn {
  ContactID?: string;
  ContactNumber?: string;
  Name?: string;
  ContactStatus?: ContactRec['ContactStatus'];
  fields: Record<string, unknown>;
}

function bindContact(v: unknown): ContactIn {
  const o = asObject(v, 'Contact');
  const out: ContactIn = { fields: {} };
  const id = str(o, 'ContactID');
  const num = str(o, 'ContactNumber');
  const name = str(o, 'Name');
  const status = enumOf(o, 'ContactStatus', ['ACTIVE', 'ARCHIVED', 'GDPRREQUEST'] as const);
  if (id) out.ContactID = id;
  if (num !== undefined) out.ContactNumber = num;
  if (name !== undefined) out.Name = name;
  if (status) out.ContactStatus = status;
  for (const k of WRITABLE) if (o[k] !== undefined && o[k] !== null) out.fields[k] = structuredClone(o[k]);
  for (const k of ['Addresses', 'Phones', 'ContactPersons'] as const) {
    if (out.fields[k] !== undefined && !Array.isArray(out.fields[k])) {
      throw new BindError(`JSON for post data was invalid, '${k}' must be an array`);
    }
  }
  return out;
}

function validate(org: XeroOrgStore, c: ContactIn, self: ContactRec | undefined): string[] {
  const errors: string[] = [];
  const name = c.Name ?? self?.Name;
  if (!name || name.trim() === '') errors.push('The contact name must be specified.');
  else if (name.length > 255) errors.push('The contact name must be 255 characters or fewer.');
  const willBeActive = (c.ContactStatus ?? self?.ContactStatus ?? 'ACTIVE') === 'ACTIVE';
  if (name && willBeActive) {
    const other = org.activeContactByName(name, self?.ContactID);
    if (other) {
      errors.push(
        `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
      );
    }
  }
  if (c.ContactNumber) {
    if (c.ContactNumber.length > 50) errors.push('The ContactNumber must be 50 characters or fewer.');
    const otherId = org.contactByNumber.get(c.ContactNumber.toUpperCase());
    if (otherId && otherId !== self?.ContactID) {
      errors.push(`The contact number ${c.ContactNumber} is already assigned to another contact.`);
    }
  }
  const persons = c.fields.ContactPersons;
  if (Array.isArray(persons) && persons.length > 5)
    errors.push('A contact can have at most 5 contact persons.');
  return errors;
}

/**
 * One element of PUT/POST /Contacts. PUT creates only (a taken name or number is an error); POST matches on
 * ContactID, then ContactNumber, then Name (xero-notes.md §1.9) and creates otherwise.
 */
function writeContact(
  ctx: XeroCtx,
  c: ContactIn,
  mode: 'create' | 'upsert',
  target?: ContactRec,
): Record<string, unknown> {
  const org = ctx.org;
  let existing = target;
  if (!existing && c.ContactID) {
    existing = isGuid(c.ContactID) ? org.contacts.get(c.ContactID.toLowerCase()) : undefined;
    if (!existing || mode === 'create') {
      throw new ElementError(
        [
          existing
            ? 'ContactID cannot be specified when creating a contact.'
            : `The contact with ContactID ${c.ContactID} could not be found.`,
        ],
        { ContactID: c.ContactID },
      );
    }
  }
  if (!existing && mode === 'upsert' && c.ContactNumber) {
    const id = org.contactByNumber.get(c.ContactNumber.toUpperCase());
    existing = id ? org.contacts.get(id) : undefined;
  }
  if (!existing && mode === 'upsert' && c.Name) existing = org.activeContactByName(c.Name);
  const errors = validate(org, c, existing);
  if (errors.length)
    throw new ElementError(errors, {
      ContactID: existing?.ContactID ?? '00000000-0000-0000-0000-000000000000',
    });
  let rec: ContactRec;
  if (existing) {
    rec = existing;
    const oldName = rec.Name;
    const oldNumber = rec.ContactNumber;
    if (c.Name !== undefined) rec.Name = c.Name;
    if (c.ContactNumber !== undefined) rec.ContactNumber = c.ContactNumber;
    if (c.ContactStatus) rec.ContactStatus = c.ContactStatus;
    Object.assign(rec.fields, c.fields);
    if (oldName !== rec.Name) org.reindexContactName(rec, oldName);
    if (oldNumber !== rec.ContactNumber) org.reindexContactNumber(rec, oldNumber);
    org.touch(org.contacts, rec.ContactID, rec, ctx.now);
  } else {
    rec = {
      ContactID: randomUUID(),
      Name: c.Name as string,
      ...(c.ContactNumber ? { ContactNumber: c.ContactNumber } : {}),
      ContactStatus: c.ContactStatus ?? 'ACTIVE',
      IsCustomer: false,
      IsSupplier: false,
      UpdatedDateUTC: org.stamp(ctx.now),
      fields: c.fields,
    };
    org.putContact(rec);
  }
  return renderContact(org, rec, { full: false });
}

function contactAccessor(org: XeroOrgStore) {
  return accessor<ContactRec>(
    CONTACT_FIELDS,
    (c, k) => {
      switch (k) {
        case 'ContactID':
        case 'Name':
        case 'ContactStatus':
        case 'IsCustomer':
        case 'IsSupplier':
          return c[k];
        case 'ContactNumber':
          return c.ContactNumber ?? null;
        case 'UpdatedDateUTC':
          return new Date(c.UpdatedDateUTC);
        case 'EmailAddress':
        case 'AccountNumber':
        case 'FirstName':
        case 'LastName':
        case 'CompanyNumber':
        case 'TaxNumber': {
          const v = c.fields[k];
          return typeof v === 'string' ? v : null;
        }
        default:
          return undefined;
      }
    },
    (c) => renderContact(org, c, {}),
  );
}

/** Finds a contact by path segment: GUID → ContactID, anything else → ContactNumber (§1.2). */
function findContact(org: XeroOrgStore, key: string): ContactRec | undefined {
  if (isGuid(key)) return org.contacts.get(key.toLowerCase());
  const id = org.contactByNumber.get(key.toUpperCase());
  return id ? org.contacts.get(id) : undefined;
}

/** Registers the Contacts endpoints. */
export function registerContactRoutes(r: Router<XeroHandler>): void {
  r.add(
    'GET',
    '/Contacts',
    (ctx) => {
      const org = ctx.org;
      const q = ctx.req.query;
      const ids = queryList(q, 'IDs')?.map((s) => s.toLowerCase());
      const idSet = ids ? new Set(ids) : undefined;
      const includeArchived = queryBool(q, 'includeArchived') === true;
      const summaryOnly = queryBool(q, 'summaryOnly') === true;
      const search = q.get('searchTerm')?.toLowerCase();
      const source = idSet
        ? [...idSet]
            .map((id) => org.contacts.get(id))
            .filter((c): c is ContactRec => !!c)
            .sort((a, b) => a.UpdatedDateUTC - b.UpdatedDateUTC)
        : org.contacts.values();
      const res = listRecords(ctx, source, {
        typeName: 'Contact',
        pageable: true,
        access: contactAccessor(org),
        updated: (c) => c.UpdatedDateUTC,
        // xero-notes.md §1.9: archived contacts are left out unless includeArchived=true (IDs still find them).
        filter: (c) =>
          (includeArchived || !!idSet || c.ContactStatus !== 'ARCHIVED') &&
          (!search ||
            [c.Name, c.ContactNumber, c.fields.FirstName, c.fields.LastName, c.fields.EmailAddress].some(
              (v) => typeof v === 'string' && v.toLowerCase().includes(search),
            )),
      });
      return envelope(ctx, {
        ...(res.pagination ? { pagination: res.pagination } : {}),
        Warnings: [],
        Contacts: res.items.map((c) => renderContact(org, c, { summaryOnly })),
      });
    },
    'GET /Contacts',
  );
  r.add(
    'PUT',
    '/Contacts',
    (ctx) =>
      runBatch(
        ctx,
        elementsOf(ctx.body, 'Contacts', true),
        'Contacts',
        'HasValidationErrors',
        bindContact,
        (c) => writeContact(ctx, c, 'create'),
      ),
    'PUT /Contacts',
  );
  r.add(
    'POST',
    '/Contacts',
    (ctx) =>
      runBatch(
        ctx,
        elementsOf(ctx.body, 'Contacts', true),
        'Contacts',
        'HasValidationErrors',
        bindContact,
        (c) => writeContact(ctx, c, 'upsert'),
      ),
    'POST /Contacts',
  );
  r.add(
    'GET',
    '/Contacts/:ContactID',
    (ctx) => {
      const c = findContact(ctx.org, ctx.params.ContactID ?? '');
      if (!c) return notFound();
      return envelope(ctx, { Contacts: [renderContact(ctx.org, c, { full: true, today: today(ctx) })] });
    },
    'GET /Contacts/{ContactID}',
  );
  r.add(
    'POST',
    '/Contacts/:ContactID',
    (ctx) => {
      const c = findContact(ctx.org, ctx.params.ContactID ?? '');
      if (!c) return notFound();
      return runBatch(
        ctx,
        elementsOf(ctx.body, 'Contacts', true).slice(0, 1),
        'Contacts',
        'HasValidationErrors',
        bindContact,
        (b) => writeContact(ctx, { ...b, ContactID: c.ContactID }, 'upsert', c),
      );
    },
    'POST /Contacts/{ContactID}',
  );
}
