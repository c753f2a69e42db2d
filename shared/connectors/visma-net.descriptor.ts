import type { ConnectorDescriptor } from './connector-descriptor';

/**
 * Visma.net ERP API v1 (sales orders behind the connector interface until the v3 service replaces them). Credit
 * notes are customer documents of type CreditNote, read-only (the API creates them by reversing an invoice).
 * Tax rates are the VAT categories, read-only (the API has no write for them); accounts are the chart of
 * accounts, created and changed by number; a payment is one allocation of a customer payment to an invoice,
 * created and released (it lowers the invoice's balance), matched through the id map only.
 */
export const vismaNetDescriptor: ConnectorDescriptor = {
  system: 'visma-net',
  label: 'Visma.net ERP',
  mark: { initials: 'VN', color: '#5c2d91' },
  /** The published limit: 3,600 calls an hour per company. */
  callsPerDay: 86_400,
  callsPerMinute: 60,
  /** Records one write call carries. */
  writeBatch: 1,
  entities: {
    contact: {
      apiName: 'customer',
      canRead: true,
      canWrite: true,
      matchKeys: ['externalId', 'number', 'orgNumber', 'name'],
    },
    item: { apiName: 'inventory', canRead: true, canWrite: true, matchKeys: ['externalId', 'code'] },
    taxRate: { apiName: 'vatCategory', canRead: true, canWrite: false, matchKeys: ['code'] },
    account: { apiName: 'account', canRead: true, canWrite: true, matchKeys: ['code'] },
    invoice: {
      apiName: 'customerinvoice',
      canRead: true,
      canWrite: true,
      matchKeys: ['externalId', 'number', 'reference'],
    },
    creditNote: {
      apiName: 'customerinvoice',
      canRead: true,
      canWrite: false,
      matchKeys: ['externalId', 'number', 'reference'],
    },
    payment: { apiName: 'customerPayment', canRead: true, canWrite: true, matchKeys: ['externalId'] },
    salesOrder: { apiName: 'salesorder', canRead: true, canWrite: true, matchKeys: ['externalId', 'number'] },
    stockLevel: { apiName: 'inventorysummary', canRead: true, canWrite: false, matchKeys: ['code'] },
  },
};
