import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact, text, whereString, xeroTimestamp } from '../xero-mapping';
import { anyOf, itemsOf, unpagedCapabilities, type XeroResource } from './xero-resource';

/** The chart of accounts (GET /Accounts), read-only here. */
export const accountResource: XeroResource = {
  entity: 'account',
  apiName: 'Accounts',
  capabilities: unpagedCapabilities(['code'], false, 'modified-since'),
  readOnlyFields: ['code', 'name', 'type', 'taxCode', 'isActive'],

  toCanonical(raw) {
    return {
      entity: 'account',
      sourceId: String(raw.AccountID),
      updatedAt: xeroTimestamp(raw.UpdatedDateUTC),
      data: compact({
        code: text(raw.Code),
        name: text(raw.Name),
        type: text(raw.Type),
        taxCode: text(raw.TaxType),
        isActive: raw.Status === undefined ? undefined : raw.Status === 'ACTIVE',
      }),
      raw,
    };
  },

  filter(field, value) {
    if (field === 'code') return { where: `Code==${whereString(String(value))}` };
    if (field === 'type') return { where: `Type==${whereString(String(value))}` };
    if (field === 'isActive') return { where: value ? 'Status=="ACTIVE"' : 'Status!="ACTIVE"' };
    return undefined;
  },

  async readPage(client, _page, _size, q) {
    const { data } = await client.call('GET /Accounts', (api, t) =>
      api.getAccounts(t, q.since, q.where, 'Code ASC'),
    );
    return { items: itemsOf(data, 'Accounts'), pageCount: 1 };
  },

  async fetch(client, refs) {
    const values = 'ids' in refs ? refs.ids : refs.values;
    if (!('ids' in refs) && refs.key !== 'code')
      throw createError('LF-1001', `Xero accounts cannot be matched on '${refs.key}'`);
    if (values.length === 0) return [];
    const where =
      'ids' in refs
        ? anyOf('AccountID', values, (v) => `Guid(${whereString(v)})`)
        : anyOf('Code', values, whereString);
    const { data } = await client.call('GET /Accounts', (api, t) => api.getAccounts(t, undefined, where));
    return itemsOf(data, 'Accounts');
  },
};
