import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact, decimal, text, whereString, xeroTimestamp } from '../xero-mapping';
import { anyOf, itemsOf, unpagedCapabilities, type XeroResource } from './xero-resource';

/**
 * Stock levels, read from tracked items (Xero has no stock endpoint: `QuantityOnHand` of items with
 * `IsTrackedAsInventory`). One location only; read-only.
 */
export const stockLevelResource: XeroResource = {
  entity: 'stockLevel',
  apiName: 'Items',
  capabilities: unpagedCapabilities(['code'], false, 'modified-since'),
  readOnlyFields: ['itemCode', 'warehouse', 'quantityOnHand', 'quantityAvailable', 'updatedAt'],

  toCanonical(raw) {
    return {
      entity: 'stockLevel',
      sourceId: String(raw.Code),
      updatedAt: xeroTimestamp(raw.UpdatedDateUTC),
      data: compact({
        itemCode: text(raw.Code),
        // QuantityOnHand is read-only and only set on tracked items; QuantityAvailable arrives with xero-node 20's
        // 19.0.0 spec (xero-notes.md §3.5).
        quantityOnHand: decimal(raw.QuantityOnHand ?? 0, 0, 4),
        quantityAvailable: decimal(raw.QuantityAvailable, 0, 4),
        updatedAt: xeroTimestamp(raw.UpdatedDateUTC),
      }),
      raw,
    };
  },

  filter(field, value) {
    return field === 'itemCode' ? { where: `Code==${whereString(String(value))}` } : undefined;
  },

  async readPage(client, _page, _size, q) {
    const where = q.where ? `IsTrackedAsInventory==true AND (${q.where})` : 'IsTrackedAsInventory==true';
    const { data } = await client.call('GET /Items', (api, t) => api.getItems(t, q.since, where, 'Code ASC'));
    return { items: itemsOf(data, 'Items'), pageCount: 1 };
  },

  async fetch(client, refs) {
    const values = 'ids' in refs ? refs.ids : refs.values;
    if (!('ids' in refs) && refs.key !== 'code' && refs.key !== 'itemCode')
      throw createError('LF-1001', `Xero stock levels cannot be matched on '${refs.key}'`);
    if (values.length === 0) return [];
    const where = `IsTrackedAsInventory==true AND (${anyOf('Code', values, whereString)})`;
    const { data } = await client.call('GET /Items', (api, t) => api.getItems(t, undefined, where));
    return itemsOf(data, 'Items');
  },
};
