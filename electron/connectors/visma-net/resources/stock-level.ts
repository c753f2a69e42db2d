import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact, type RawRecord } from '../../kit/resource-connector';
import { decimal, list, obj, text, utcTimestamp } from '../../kit/raw-values';
import { keySegment, vnDateTime } from '../visma-net-client';
import { vismaNetCapabilities, type VismaNetResource } from './visma-net-resource';

/**
 * Stock per item and warehouse. Reads walk `/v1/inventory` and emit one record per `warehouseDetails` entry
 * (quantityOnHand, available); fetches ask `/v1/inventorysummary/{inventoryNumber}` (onHand, available, per
 * warehouse and location, §2.9). Both shapes map to the same canonical stock level; the id is
 * `item@warehouse`. Read-only.
 */
export const stockLevelResource: VismaNetResource = {
  entity: 'stockLevel',
  apiName: 'inventorysummary',
  capabilities: vismaNetCapabilities(['code'], { write: false, delta: true, maxPageSize: 5000 }),
  filterFields: ['itemCode', 'warehouse'],

  toCanonical(raw) {
    const item = text(raw.inventoryNumber) ?? text(obj(raw.inventory)?.number);
    const warehouse = text(raw.warehouse) ?? text(obj(raw.warehouse)?.id);
    return {
      entity: 'stockLevel',
      sourceId: `${item ?? ''}@${warehouse ?? ''}`,
      updatedAt: utcTimestamp(raw.lastModifiedDateTime),
      data: compact({
        itemCode: item,
        warehouse,
        quantityOnHand: decimal(raw.quantityOnHand ?? raw.onHand ?? 0, 0, 4),
        quantityAvailable: decimal(raw.available, 0, 4),
        updatedAt: utcTimestamp(raw.lastModifiedDateTime),
      }),
      raw,
    };
  },

  async readPage(client, page, pageSize, q) {
    const query: Record<string, string> = {};
    if (q.since) {
      query.lastModifiedDateTime = vnDateTime(q.since);
      query.lastModifiedDateTimeCondition = '>=';
    }
    if (q.filter.itemCode !== undefined) query.inventoryNumber = String(q.filter.itemCode);
    const { items, pageCount } = await client.page('/v1/inventory', page, pageSize, query, q.signal);
    const levels: RawRecord[] = [];
    for (const item of items)
      for (const w of list(item.warehouseDetails)) {
        if (q.filter.warehouse !== undefined && w.warehouse !== q.filter.warehouse) continue;
        levels.push({
          ...w,
          inventoryNumber: item.inventoryNumber,
          lastModifiedDateTime: w.lastModifiedDateTime ?? item.lastModifiedDateTime,
        });
      }
    // A page of items may hold no stock at all: the page count keeps the walk going.
    return { items: levels, pageCount: pageCount ?? page };
  },

  async fetch(client, refs, { signal }) {
    if (!('ids' in refs) && refs.key !== 'code' && refs.key !== 'itemCode')
      throw createError('LF-1001', `Visma.net stock levels cannot be matched on '${refs.key}'`);
    const out: RawRecord[] = [];
    for (const value of 'ids' in refs ? refs.ids : refs.values) {
      const [item, warehouse] = value.split('@');
      const summary = await client.rest.json<RawRecord[]>({
        method: 'GET',
        path: `/v1/inventorysummary/${keySegment(item!)}`,
        query: warehouse ? { warehouse } : {},
        operation: 'GET /v1/inventorysummary/{inventoryNumber}',
        signal,
      });
      out.push(...(Array.isArray(summary) ? summary : []));
    }
    return out;
  },
};
