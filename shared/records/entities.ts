/**
 * The canonical entities every connector maps to and from (ARCHITECTURE.md §4).
 */
export const entityNames = [
  'contact',
  'item',
  'taxRate',
  'account',
  'invoice',
  'creditNote',
  'payment',
  'salesOrder',
  'stockLevel',
] as const;

/** One canonical entity. */
export type EntityName = (typeof entityNames)[number];

/** Human labels, singular and plural, used by the palette and in messages. */
export const entityLabels: Record<EntityName, { one: string; many: string }> = {
  contact: { one: 'contact', many: 'contacts' },
  item: { one: 'item', many: 'items' },
  taxRate: { one: 'tax rate', many: 'tax rates' },
  account: { one: 'account', many: 'accounts' },
  invoice: { one: 'invoice', many: 'invoices' },
  creditNote: { one: 'credit note', many: 'credit notes' },
  payment: { one: 'payment', many: 'payments' },
  salesOrder: { one: 'sales order', many: 'sales orders' },
  stockLevel: { one: 'stock level', many: 'stock levels' },
};
