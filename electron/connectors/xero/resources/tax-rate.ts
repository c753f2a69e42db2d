import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact, decimal, text, whereString } from '../xero-mapping';
import { anyOf, itemsOf, unpagedCapabilities, type XeroResource } from './xero-resource';

/** Tax rates (GET /TaxRates), read-only here; the code is Xero's TaxType (OUTPUT2, TAX001, …). */
export const taxRateResource: XeroResource = {
  entity: 'taxRate',
  apiName: 'TaxRates',
  capabilities: unpagedCapabilities(['code', 'name'], false, 'none'),
  readOnlyFields: ['code', 'name', 'rate', 'kind', 'isActive'],

  toCanonical(raw) {
    const sales = raw.CanApplyToRevenue === true;
    const purchases = raw.CanApplyToExpenses === true || raw.CanApplyToAssets === true;
    return {
      entity: 'taxRate',
      sourceId: String(raw.TaxType),
      updatedAt: undefined,
      data: compact({
        code: text(raw.TaxType),
        name: text(raw.Name),
        // EffectiveRate is what Xero applies (compound components included, xero-notes.md §1.8).
        rate: decimal(raw.EffectiveRate ?? raw.DisplayTaxRate, 0, 4),
        kind: sales && purchases ? 'both' : sales ? 'sales' : purchases ? 'purchases' : undefined,
        isActive: raw.Status === undefined ? undefined : raw.Status === 'ACTIVE',
      }),
      raw,
    };
  },

  filter(field, value) {
    if (field === 'code') return { where: `TaxType==${whereString(String(value))}` };
    if (field === 'name') return { where: `Name==${whereString(String(value))}` };
    if (field === 'isActive') return { where: value ? 'Status=="ACTIVE"' : 'Status!="ACTIVE"' };
    return undefined;
  },

  async readPage(client, _page, _size, q) {
    const { data } = await client.call('GET /TaxRates', (api, t) => api.getTaxRates(t, q.where, 'Name ASC'));
    return { items: itemsOf(data, 'TaxRates'), pageCount: 1 };
  },

  async fetch(client, refs) {
    const values = 'ids' in refs ? refs.ids : refs.values;
    const key = 'ids' in refs ? 'code' : refs.key;
    if (key !== 'code' && key !== 'name')
      throw createError('LF-1001', `Xero tax rates cannot be matched on '${key}'`);
    if (values.length === 0) return [];
    const where = anyOf(key === 'code' ? 'TaxType' : 'Name', values, whereString);
    const { data } = await client.call('GET /TaxRates', (api, t) => api.getTaxRates(t, where));
    return itemsOf(data, 'TaxRates');
  },
};
