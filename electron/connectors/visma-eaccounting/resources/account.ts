import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact } from '../../kit/resource-connector';
import { text, utcTimestamp } from '../../kit/raw-values';
import { odata } from '../eaccounting-client';
import { eaccountingCapabilities, type EaccountingResource } from './eaccounting-resource';

/**
 * Accounts (`GET /accounts`: the chart of the fiscal year containing today, §1.9). Accounts exist per fiscal
 * year; the code is the `Number`. Read-only in Ledgerflow.
 */
export const accountResource: EaccountingResource = {
  entity: 'account',
  apiName: 'accounts',
  capabilities: eaccountingCapabilities(['code'], { write: false, delta: true }),
  filterFields: ['code', 'isActive'],

  toCanonical(raw) {
    return {
      entity: 'account',
      sourceId: String(raw.Number),
      updatedAt: utcTimestamp(raw.ModifiedUtc),
      data: compact({
        code: text(raw.Number),
        name: text(raw.Name),
        type: text(raw.TypeDescription),
        isActive: typeof raw.IsActive === 'boolean' ? raw.IsActive : undefined,
      }),
      raw,
    };
  },

  async readPage(client, page, pageSize, q) {
    const filter = odata.and(
      q.since ? `ModifiedUtc ge ${odata.dateTime(q.since)}` : undefined,
      q.filter.code !== undefined ? `Number eq ${odata.string(String(q.filter.code))}` : undefined,
      q.filter.isActive !== undefined ? `IsActive eq ${q.filter.isActive ? 'true' : 'false'}` : undefined,
    );
    return client.page('/accounts', page, pageSize, { filter }, q.signal);
  },

  async fetch(client, refs) {
    if (!('ids' in refs) && refs.key !== 'code')
      throw createError('LF-1001', `Visma eAccounting accounts cannot be matched on '${refs.key}'`);
    const values = 'ids' in refs ? refs.ids : refs.values;
    return values.length ? client.all('/accounts', odata.anyOf('Number', values)) : [];
  },
};
