import type { EntityName } from './entities';

/**
 * The canonical model's fields (ARCHITECTURE.md §4): what sources emit and destinations accept, whatever the
 * system. Each connector's default mapping translates its API to and from these; mapper nodes adjust them.
 * Money is a decimal string ("1234.50"), never a float; dates are ISO `YYYY-MM-DD`, timestamps ISO 8601.
 */

/** The type of a canonical field. */
export type FieldType =
  'text' | 'decimal' | 'integer' | 'boolean' | 'date' | 'datetime' | 'enum' | 'object' | 'list';

/** One field of a canonical entity. `path` uses dots for nesting and `[]` for lists (`lines[].quantity`). */
export interface CanonicalField {
  readonly path: string;
  readonly type: FieldType;
  readonly label: string;
  /** A destination needs it to create a record. */
  readonly required?: boolean;
  /** Set by the system (ids, computed totals); a mapper may read it but a destination ignores what it is given. */
  readonly readOnly?: boolean;
  /** The allowed values of an `enum` field. */
  readonly values?: readonly string[];
  readonly description?: string;
}

const f = (
  path: string,
  type: FieldType,
  label: string,
  extra: Omit<CanonicalField, 'path' | 'type' | 'label'> = {},
): CanonicalField => ({ path, type, label, ...extra });

const contactRef = (prefix: string, label: string): CanonicalField[] => [
  f(prefix, 'object', label, { required: true }),
  f(`${prefix}.id`, 'text', `${label}: id in the destination`, {
    description: 'Resolved by a lookup node or the id map.',
  }),
  f(`${prefix}.number`, 'text', `${label}: customer number`),
  f(`${prefix}.name`, 'text', `${label}: name`),
];

const documentFields = (kind: 'invoice' | 'creditNote'): CanonicalField[] => [
  f('id', 'text', 'Id in its system', { readOnly: true }),
  f('externalId', 'text', 'External id', { description: 'The id of the record this one was synced from.' }),
  f('number', 'text', kind === 'invoice' ? 'Invoice number' : 'Credit note number'),
  f('type', 'enum', 'Type', { values: ['sales', 'purchase'], required: true }),
  f('status', 'enum', 'Status', {
    values: ['draft', 'submitted', 'authorised', 'sent', 'paid', 'voided', 'deleted'],
  }),
  ...contactRef('contact', 'Contact'),
  f('issueDate', 'date', 'Date', { required: true }),
  f('dueDate', 'date', 'Due date'),
  f('currency', 'text', 'Currency', { required: true, description: 'ISO 4217 code, e.g. SEK, EUR.' }),
  f('currencyRate', 'decimal', 'Currency rate', {
    description: 'Units of the base currency per unit of the document currency.',
  }),
  f('reference', 'text', 'Reference'),
  f('amountsIncludeTax', 'boolean', 'Amounts include tax'),
  f('lines', 'list', 'Lines', { required: true }),
  f('lines[].description', 'text', 'Line: description'),
  f('lines[].itemCode', 'text', 'Line: item code'),
  f('lines[].quantity', 'decimal', 'Line: quantity', { required: true }),
  f('lines[].unitPrice', 'decimal', 'Line: unit price', { required: true }),
  f('lines[].discountPercent', 'decimal', 'Line: discount %'),
  f('lines[].taxCode', 'text', 'Line: tax code', {
    description: "The destination's code, e.g. Xero OUTPUT2; a value-map translates.",
  }),
  f('lines[].accountCode', 'text', 'Line: account'),
  f('lines[].lineAmount', 'decimal', 'Line: amount', { readOnly: true }),
  f('lines[].taxAmount', 'decimal', 'Line: tax', { readOnly: true }),
  f('subTotal', 'decimal', 'Subtotal', { readOnly: true }),
  f('totalTax', 'decimal', 'Total tax', { readOnly: true }),
  f('total', 'decimal', 'Total', { readOnly: true }),
  f('amountPaid', 'decimal', 'Amount paid', { readOnly: true }),
  f('amountDue', 'decimal', 'Amount due', { readOnly: true }),
  f('updatedAt', 'datetime', 'Last changed', { readOnly: true }),
];

/** Every canonical entity's fields. */
export const canonicalFields: Readonly<Record<EntityName, readonly CanonicalField[]>> = {
  contact: [
    f('id', 'text', 'Id in its system', { readOnly: true }),
    f('externalId', 'text', 'External id'),
    f('number', 'text', 'Customer/supplier number'),
    f('name', 'text', 'Name', { required: true }),
    f('kind', 'enum', 'Company or person', { values: ['company', 'person'] }),
    f('firstName', 'text', 'First name'),
    f('lastName', 'text', 'Last name'),
    f('isCustomer', 'boolean', 'Is a customer'),
    f('isSupplier', 'boolean', 'Is a supplier'),
    f('email', 'text', 'Email'),
    f('phone', 'text', 'Phone'),
    f('orgNumber', 'text', 'Organisation number'),
    f('vatNumber', 'text', 'VAT number'),
    f('currency', 'text', 'Default currency'),
    f('paymentTermsDays', 'integer', 'Payment terms (days)'),
    f('accountNumber', 'text', 'Account number'),
    f('address', 'object', 'Address'),
    f('address.line1', 'text', 'Address line 1'),
    f('address.line2', 'text', 'Address line 2'),
    f('address.postalCode', 'text', 'Postal code'),
    f('address.city', 'text', 'City'),
    f('address.country', 'text', 'Country code'),
    f('isActive', 'boolean', 'Active'),
    f('updatedAt', 'datetime', 'Last changed', { readOnly: true }),
  ],
  item: [
    f('id', 'text', 'Id in its system', { readOnly: true }),
    f('externalId', 'text', 'External id'),
    f('code', 'text', 'Item code', { required: true }),
    f('name', 'text', 'Name', { required: true }),
    f('description', 'text', 'Description'),
    f('unitPrice', 'decimal', 'Sales price'),
    f('purchasePrice', 'decimal', 'Purchase price'),
    f('unit', 'text', 'Unit'),
    f('taxCode', 'text', 'Tax code'),
    f('salesAccountCode', 'text', 'Sales account'),
    f('isStockItem', 'boolean', 'Tracked in stock'),
    f('isActive', 'boolean', 'Active'),
    f('updatedAt', 'datetime', 'Last changed', { readOnly: true }),
  ],
  taxRate: [
    f('code', 'text', 'Tax code', { required: true }),
    f('name', 'text', 'Name', { required: true }),
    f('rate', 'decimal', 'Rate %', { required: true }),
    f('kind', 'enum', 'Applies to', { values: ['sales', 'purchases', 'both'] }),
    f('isActive', 'boolean', 'Active'),
  ],
  account: [
    f('code', 'text', 'Account code', { required: true }),
    f('name', 'text', 'Name', { required: true }),
    f('type', 'text', 'Type'),
    f('taxCode', 'text', 'Default tax code'),
    f('isActive', 'boolean', 'Active'),
  ],
  invoice: documentFields('invoice'),
  creditNote: [
    ...documentFields('creditNote'),
    f('allocations', 'list', 'Allocations'),
    f('allocations[].invoiceId', 'text', 'Allocation: invoice id in the destination'),
    f('allocations[].invoiceNumber', 'text', 'Allocation: invoice number'),
    f('allocations[].amount', 'decimal', 'Allocation: amount'),
    f('allocations[].date', 'date', 'Allocation: date'),
  ],
  payment: [
    f('id', 'text', 'Id in its system', { readOnly: true }),
    f('externalId', 'text', 'External id'),
    f('invoice', 'object', 'Invoice paid', { required: true }),
    f('invoice.id', 'text', 'Invoice: id in the destination'),
    f('invoice.number', 'text', 'Invoice: number'),
    f('date', 'date', 'Payment date', { required: true }),
    f('amount', 'decimal', 'Amount', { required: true }),
    f('currency', 'text', 'Currency'),
    f('currencyRate', 'decimal', 'Currency rate'),
    f('accountCode', 'text', 'Bank account'),
    f('reference', 'text', 'Reference'),
    f('updatedAt', 'datetime', 'Last changed', { readOnly: true }),
  ],
  salesOrder: [
    f('id', 'text', 'Id in its system', { readOnly: true }),
    f('externalId', 'text', 'External id'),
    f('number', 'text', 'Order number'),
    ...contactRef('contact', 'Customer'),
    f('orderDate', 'date', 'Order date', { required: true }),
    f('deliveryDate', 'date', 'Delivery date'),
    f('status', 'enum', 'Status', { values: ['open', 'onHold', 'completed', 'cancelled'] }),
    f('currency', 'text', 'Currency'),
    f('lines', 'list', 'Lines', { required: true }),
    f('lines[].itemCode', 'text', 'Line: item code', { required: true }),
    f('lines[].description', 'text', 'Line: description'),
    f('lines[].quantity', 'decimal', 'Line: quantity', { required: true }),
    f('lines[].unitPrice', 'decimal', 'Line: unit price'),
    f('lines[].discountPercent', 'decimal', 'Line: discount %'),
    f('lines[].taxCode', 'text', 'Line: tax code'),
    f('total', 'decimal', 'Total', { readOnly: true }),
    f('updatedAt', 'datetime', 'Last changed', { readOnly: true }),
  ],
  stockLevel: [
    f('itemCode', 'text', 'Item code', { required: true }),
    f('warehouse', 'text', 'Warehouse'),
    f('quantityOnHand', 'decimal', 'On hand', { required: true }),
    f('quantityAvailable', 'decimal', 'Available'),
    f('updatedAt', 'datetime', 'Last changed', { readOnly: true }),
  ],
};
