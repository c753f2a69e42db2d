import type { ConnectorDescriptor } from './connector-descriptor';

/**
 * Visma.net ERP API v1 (sales orders behind the connector interface until the v3 service replaces them). Credit
 * notes are customer documents of type CreditNote, read-only (the API creates them by reversing an invoice).
 * VAT codes, accounts and customer payments are not connected yet.
 */
export const vismaNetDescriptor: ConnectorDescriptor = {
  system: 'visma-net',
  label: 'Visma.net ERP',
  mark: { initials: 'VN', color: '#5c2d91' },
  entities: {
    contact: {
      apiName: 'customer',
      canRead: true,
      canWrite: true,
      matchKeys: ['externalId', 'number', 'orgNumber', 'name'],
    },
    item: { apiName: 'inventory', canRead: true, canWrite: true, matchKeys: ['externalId', 'code'] },
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
    salesOrder: { apiName: 'salesorder', canRead: true, canWrite: true, matchKeys: ['externalId', 'number'] },
    stockLevel: { apiName: 'inventorysummary', canRead: true, canWrite: false, matchKeys: ['code'] },
  },
};
