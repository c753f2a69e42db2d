import type { ConnectorDescriptor } from './connector-descriptor';

/** Xero Accounting API (api.xro/2.0). Sales orders do not exist in Xero; stock is read from tracked items. */
export const xeroDescriptor: ConnectorDescriptor = {
  system: 'xero',
  label: 'Xero',
  mark: { initials: 'X', color: '#13b5ea' },
  /** The published limit: 5,000 calls a day per tenant. */
  callsPerDay: 5_000,
  callsPerMinute: 60,
  /** Records one write call carries. */
  writeBatch: 50,
  entities: {
    contact: {
      apiName: 'Contacts',
      canRead: true,
      canWrite: true,
      matchKeys: ['externalId', 'number', 'email', 'name'],
    },
    item: { apiName: 'Items', canRead: true, canWrite: true, matchKeys: ['externalId', 'code'] },
    taxRate: { apiName: 'TaxRates', canRead: true, canWrite: false, matchKeys: ['code', 'name'] },
    account: { apiName: 'Accounts', canRead: true, canWrite: false, matchKeys: ['code'] },
    invoice: {
      apiName: 'Invoices',
      canRead: true,
      canWrite: true,
      matchKeys: ['externalId', 'number', 'reference'],
    },
    creditNote: {
      apiName: 'CreditNotes',
      canRead: true,
      canWrite: true,
      matchKeys: ['externalId', 'number'],
    },
    payment: { apiName: 'Payments', canRead: true, canWrite: true, matchKeys: ['externalId', 'reference'] },
    stockLevel: { apiName: 'Items', canRead: true, canWrite: false, matchKeys: ['code'] },
  },
};
