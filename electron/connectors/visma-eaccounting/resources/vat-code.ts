import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact } from '../../kit/resource-connector';
import { decimal, text } from '../../kit/raw-values';
import { odata } from '../eaccounting-client';
import { eaccountingCapabilities, type EaccountingResource } from './eaccounting-resource';

/** VAT codes (`/vatcodes`, read-only, §1.9): code = `Code` ("10"), rate = `VatRate` in percent. */
export const vatCodeResource: EaccountingResource = {
  entity: 'taxRate',
  apiName: 'vatcodes',
  capabilities: eaccountingCapabilities(['code'], { write: false, delta: false }),
  filterFields: ['code'],

  toCanonical(raw) {
    return {
      entity: 'taxRate',
      sourceId: String(raw.Code),
      updatedAt: undefined,
      data: compact({
        code: text(raw.Code),
        name: text(raw.Description),
        rate: decimal(raw.VatRate, 0, 4),
        isActive: true,
      }),
      raw,
    };
  },

  async readPage(client, page, pageSize, q) {
    const code = q.filter.code;
    const filter = code !== undefined ? `Code eq ${odata.string(String(code))}` : undefined;
    return client.page('/vatcodes', page, pageSize, { filter }, q.signal);
  },

  async fetch(client, refs) {
    if (!('ids' in refs) && refs.key !== 'code')
      throw createError('LF-1001', `Visma eAccounting VAT codes cannot be matched on '${refs.key}'`);
    const values = 'ids' in refs ? refs.ids : refs.values;
    return values.length ? client.all('/vatcodes', odata.anyOf('Code', values)) : [];
  },
};
