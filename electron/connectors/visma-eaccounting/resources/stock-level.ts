import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact } from '../../kit/resource-connector';
import { decimal, text, utcTimestamp } from '../../kit/raw-values';
import { odata } from '../eaccounting-client';
import { eaccountingCapabilities, type EaccountingResource } from './eaccounting-resource';

/**
 * Stock levels from stock articles (`IsStock`): `StockBalance` on hand, `StockBalanceAvailable` available
 * (§1.9; read-only with the stock module on). One location per company; read-only in Ledgerflow.
 */
export const stockLevelResource: EaccountingResource = {
  entity: 'stockLevel',
  apiName: 'articles',
  capabilities: eaccountingCapabilities(['code'], { write: false, delta: true }),
  filterFields: ['itemCode'],

  toCanonical(raw) {
    return {
      entity: 'stockLevel',
      sourceId: String(raw.Number),
      updatedAt: utcTimestamp(raw.ChangedUtc),
      data: compact({
        itemCode: text(raw.Number),
        quantityOnHand: decimal(raw.StockBalance ?? 0, 0, 4),
        quantityAvailable: decimal(raw.StockBalanceAvailable, 0, 4),
        updatedAt: utcTimestamp(raw.ChangedUtc),
      }),
      raw,
    };
  },

  async readPage(client, page, pageSize, q) {
    const filter = odata.and(
      'IsStock eq true',
      q.since ? `ChangedUtc ge ${odata.dateTime(q.since)}` : undefined,
      q.filter.itemCode !== undefined ? `Number eq ${odata.string(String(q.filter.itemCode))}` : undefined,
    );
    return client.page('/articles', page, pageSize, { filter, orderby: 'ChangedUtc' }, q.signal);
  },

  async fetch(client, refs) {
    if (!('ids' in refs) && refs.key !== 'code' && refs.key !== 'itemCode')
      throw createError('LF-1001', `Visma eAccounting stock levels cannot be matched on '${refs.key}'`);
    const values = 'ids' in refs ? refs.ids : refs.values;
    return values.length
      ? client.all('/articles', odata.and('IsStock eq true', odata.anyOf('Number', values)))
      : [];
  },
};
