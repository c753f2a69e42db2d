import type { ConnectorDescriptor } from './connector-descriptor';

/**
 * Visma eAccounting API v2. Invoices and credit invoices are written as drafts and converted; VAT codes, accounts
 * and stock are read-only; payments are posted to invoices and cannot be listed (the API has no payments list).
 */
export const vismaEaccountingDescriptor: ConnectorDescriptor = {
  system: 'visma-eaccounting',
  label: 'Visma eAccounting',
  mark: { initials: 'eA', color: '#e5007d' },
  /** The published limit: 600 calls a minute per company. */
  callsPerDay: 864_000,
  callsPerMinute: 600,
  /** Records one write call carries. */
  writeBatch: 1,
  entities: {
    contact: {
      apiName: 'customers',
      canRead: true,
      canWrite: true,
      matchKeys: ['externalId', 'number', 'orgNumber', 'email', 'name'],
    },
    item: { apiName: 'articles', canRead: true, canWrite: true, matchKeys: ['externalId', 'code'] },
    taxRate: { apiName: 'vatcodes', canRead: true, canWrite: false, matchKeys: ['code'] },
    account: { apiName: 'accounts', canRead: true, canWrite: false, matchKeys: ['code'] },
    invoice: {
      apiName: 'customerinvoices',
      canRead: true,
      canWrite: true,
      matchKeys: ['externalId', 'number', 'reference'],
    },
    creditNote: {
      apiName: 'customerinvoices',
      canRead: true,
      canWrite: true,
      matchKeys: ['externalId', 'number'],
    },
    payment: {
      apiName: 'customerinvoices/{id}/payments',
      canRead: false,
      canWrite: true,
      matchKeys: ['externalId'],
    },
    stockLevel: { apiName: 'articles', canRead: true, canWrite: false, matchKeys: ['code'] },
  },
};
