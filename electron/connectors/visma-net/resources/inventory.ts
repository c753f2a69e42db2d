import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact, type RawRecord } from '../../kit/resource-connector';
import { apiNumber, decimal, obj, strOut, text, utcTimestamp } from '../../kit/raw-values';
import { keySegment, vnDateTime, wrap } from '../visma-net-client';
import { vismaNetCapabilities, type VismaNetResource } from './visma-net-resource';

/**
 * Inventory items (`/v1/inventory`, max page 5000), keyed by `inventoryNumber`. `taxCode` is the item's VAT code
 * (`MP1`, …), `unit` its sales unit, and a stock item is a `FinishedGoodItem` (a non-stock one `NonStockItem`).
 * Updates carry `If-Match` with the item's `timestamp`/ETag.
 */
export const inventoryResource: VismaNetResource = {
  entity: 'item',
  apiName: 'inventory',
  capabilities: vismaNetCapabilities(['externalId', 'code'], { write: true, delta: true, maxPageSize: 5000 }),
  readOnlyFields: ['id', 'purchasePrice', 'salesAccountCode', 'updatedAt'],
  filterFields: ['code', 'name', 'isActive'],

  toCanonical(raw) {
    return {
      entity: 'item',
      sourceId: String(raw.inventoryNumber),
      updatedAt: utcTimestamp(raw.lastModifiedDateTime),
      data: compact({
        id: text(raw.inventoryNumber),
        code: text(raw.inventoryNumber),
        name: text(raw.description),
        description: text(raw.body),
        unitPrice: decimal(raw.defaultPrice, 2, 4),
        purchasePrice: decimal(raw.lastCost, 2, 4),
        unit: text(raw.salesUnit) ?? text(raw.baseUnit),
        taxCode: text(obj(raw.vatCode)?.id),
        isStockItem: typeof raw.stockItem === 'boolean' ? raw.stockItem : undefined,
        isActive: typeof raw.status === 'string' ? raw.status === 'Active' : undefined,
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
    if (q.filter.code !== undefined) query.inventoryNumber = String(q.filter.code);
    if (q.filter.name !== undefined) query.description = String(q.filter.name);
    if (q.filter.isActive !== undefined) query.status = q.filter.isActive ? 'Active' : 'Inactive';
    return client.page('/v1/inventory', page, pageSize, query, q.signal);
  },

  async fetch(client, refs, { signal }) {
    if (!('ids' in refs) && refs.key !== 'code' && refs.key !== 'itemCode')
      throw createError('LF-1001', `Visma.net inventory cannot be matched on '${refs.key}'`);
    const out: RawRecord[] = [];
    for (const n of 'ids' in refs ? refs.ids : refs.values) {
      const found = await client.get(
        `/v1/inventory/${keySegment(n)}`,
        'GET /v1/inventory/{inventoryNumber}',
        signal,
      );
      if (found) out.push(found.raw);
    }
    return out;
  },

  async write(client, op, { signal }) {
    const d = op.data;
    const unit = strOut(d.unit);
    const body = wrap({
      inventoryNumber: strOut(d.code),
      description: strOut(d.name),
      body: strOut(d.description),
      defaultPrice: apiNumber(d.unitPrice),
      vatCode: strOut(d.taxCode),
      salesUnit: unit,
      ...(op.kind === 'create' ? { baseUnit: unit, purchaseUnit: unit } : {}),
      status: typeof d.isActive === 'boolean' ? (d.isActive ? 'Active' : 'Inactive') : undefined,
      type:
        typeof d.isStockItem === 'boolean'
          ? d.isStockItem
            ? 'FinishedGoodItem'
            : 'NonStockItem'
          : undefined,
    });
    if (op.kind === 'create')
      return {
        raw: await client.create(
          '/v1/inventory',
          'POST /v1/inventory',
          body,
          'GET /v1/inventory/{inventoryNumber}',
          signal,
        ),
      };
    return {
      raw: await client.update(
        `/v1/inventory/${keySegment(op.id)}`,
        { get: 'GET /v1/inventory/{inventoryNumber}', put: 'PUT /v1/inventory/{inventoryNumber}' },
        () => body,
        signal,
      ),
    };
  },
};
