import type { ConnectorDescriptor } from './connector-descriptor';

/** Visma.net ERP API v1 (sales orders behind the connector interface until the v3 service replaces them). */
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
    taxRate: { apiName: 'vat', canRead: true, canWrite: false, matchKeys: ['code'] },
    account: { apiName: 'account', canRead: true, canWrite: false, matchKeys: ['code'] },
    invoice: {
      apiName: 'customerinvoice',
      canRead: true,
      canWrite: true,
      matchKeys: ['externalId', 'number'],
    },
    creditNote: {
      apiName: 'customerCreditNote',
      canRead: true,
      canWrite: true,
      matchKeys: ['externalId', 'number'],
    },
    payment: { apiName: 'customerpayment', canRead: true, canWrite: true, matchKeys: ['externalId'] },
    salesOrder: { apiName: 'salesorder', canRead: true, canWrite: true, matchKeys: ['externalId', 'number'] },
    stockLevel: { apiName: 'inventorysummary', canRead: true, canWrite: false, matchKeys: ['code'] },
  },
};
