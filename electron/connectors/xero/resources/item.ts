import type { Items } from 'xero-node';
import { createError } from '../../../../shared/errors/ledgerflow-error';
import { apiNumber, compact, decimal, obj, text, whereString, xeroTimestamp } from '../xero-mapping';
import { anyOf, itemsOf, unpagedCapabilities, type XeroResource } from './xero-resource';

/** Items (GET/PUT/POST /Items; no paging, `unitdp=4` for 4-decimal prices; xero-notes.md §1.2, §1.9). */
export const itemResource: XeroResource = {
  entity: 'item',
  apiName: 'Items',
  // The list and the fetches are the same unpaged GET /Items.
  capabilities: {
    ...unpagedCapabilities(['externalId', 'code'], true, 'modified-since'),
    listHoldsAll: true,
  },
  // Tracking needs inventory and COGS accounts set through Xero's own UI; items have no active flag or unit.
  readOnlyFields: ['id', 'isStockItem', 'isActive', 'unit', 'updatedAt'],

  toCanonical(raw) {
    const sales = obj(raw.SalesDetails);
    const purchase = obj(raw.PurchaseDetails);
    return {
      entity: 'item',
      sourceId: String(raw.ItemID),
      updatedAt: xeroTimestamp(raw.UpdatedDateUTC),
      data: compact({
        id: text(raw.ItemID),
        code: text(raw.Code),
        name: text(raw.Name),
        description: text(raw.Description),
        unitPrice: decimal(sales?.UnitPrice, 2, 4),
        purchasePrice: decimal(purchase?.UnitPrice, 2, 4),
        taxCode: text(sales?.TaxType),
        salesAccountCode: text(sales?.AccountCode),
        isStockItem: typeof raw.IsTrackedAsInventory === 'boolean' ? raw.IsTrackedAsInventory : undefined,
        updatedAt: xeroTimestamp(raw.UpdatedDateUTC),
      }),
      raw,
    };
  },

  filter(field, value) {
    if (field === 'code') return { where: `Code==${whereString(String(value))}` };
    if (field === 'name') return { where: `Name==${whereString(String(value))}` };
    if (field === 'isStockItem') return { where: `IsTrackedAsInventory==${value ? 'true' : 'false'}` };
    return undefined;
  },

  async readPage(client, _page, _size, q) {
    const { data } = await client.call('GET /Items', (api, t) =>
      api.getItems(t, q.since, q.where, 'Code ASC', 4),
    );
    return { items: itemsOf(data, 'Items'), pageCount: 1 };
  },

  async fetch(client, refs) {
    const values = 'ids' in refs ? refs.ids : refs.values;
    if (values.length === 0) return [];
    if (!('ids' in refs) && refs.key !== 'code')
      throw createError('LF-1001', `Xero items cannot be matched on '${refs.key}'`);
    const where =
      'ids' in refs
        ? anyOf('ItemID', values, (v) => `Guid(${whereString(v)})`)
        : anyOf('Code', values, whereString);
    const { data } = await client.call('GET /Items', (api, t) =>
      api.getItems(t, undefined, where, undefined, 4),
    );
    return itemsOf(data, 'Items');
  },

  toXero(d, id) {
    const hasSales = d.unitPrice !== undefined || d.taxCode !== undefined || d.salesAccountCode !== undefined;
    return compact({
      itemID: id,
      code: d.code as string | undefined,
      name: d.name as string | undefined,
      description: d.description as string | undefined,
      salesDetails: hasSales
        ? compact({
            unitPrice: apiNumber(d.unitPrice),
            accountCode: d.salesAccountCode as string | undefined,
            taxType: d.taxCode as string | undefined,
          })
        : undefined,
      purchaseDetails: d.purchasePrice !== undefined ? { unitPrice: apiNumber(d.purchasePrice) } : undefined,
    });
  },

  async writeBatch(client, b) {
    const body = { items: b.payloads } as unknown as Items;
    const { data } = await client.call(b.kind === 'create' ? 'PUT /Items' : 'POST /Items', (api, t) =>
      b.kind === 'create'
        ? api.createItems(t, body, false, b.unitdp, b.idempotencyKey)
        : api.updateOrCreateItems(t, body, false, b.unitdp, b.idempotencyKey),
    );
    return itemsOf(data, 'Items');
  },
};
