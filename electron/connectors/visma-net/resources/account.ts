import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact } from '../../kit/resource-connector';
import { strOut, text, utcTimestamp } from '../../kit/raw-values';
import { keySegment, vnDateTime, wrap } from '../visma-net-client';
import { vismaNetCapabilities, type VismaNetResource } from './visma-net-resource';

/**
 * The chart of accounts (`/v1/account`, AccountDto), keyed by the account number `accountCD`. Spec D lets
 * accounts be created (POST, AccountUpdateDto) and changed (PUT); the number itself cannot change. `type` is one of
 * Asset, Liability, Income, Expense (anything else is the API's 400, shown on the record); `taxCode` is the
 * account's VAT category. The list is one answer (spec D declares no paging for it).
 */
export const accountResource: VismaNetResource = {
  entity: 'account',
  apiName: 'account',
  capabilities: vismaNetCapabilities(['code'], { write: true, delta: true, paged: false }),
  filterFields: ['code', 'isActive', 'type'],

  toCanonical(raw) {
    return {
      entity: 'account',
      sourceId: String(raw.accountCD),
      updatedAt: utcTimestamp(raw.lastModifiedDateTime),
      data: compact({
        code: text(raw.accountCD),
        name: text(raw.description),
        type: text(raw.type),
        taxCode: text(raw.taxCategory),
        isActive: typeof raw.active === 'boolean' ? raw.active : undefined,
      }),
      raw,
    };
  },

  async readPage(client, page, _pageSize, q) {
    if (page > 1) return { items: [], pageCount: 1 };
    const { code, isActive, type } = q.filter;
    if (code !== undefined) {
      const found = await client.get(
        `/v1/account/${keySegment(String(code))}`,
        'GET /v1/account/{accountCd}',
        q.signal,
      );
      const items = found && (isActive === undefined || found.raw.active === isActive) ? [found.raw] : [];
      return { items: items.filter((a) => type === undefined || a.type === type), pageCount: 1 };
    }
    const query: Record<string, string> = {};
    if (q.since) {
      query.lastModifiedDateTime = vnDateTime(q.since);
      query.lastModifiedDateTimeCondition = '>=';
    }
    if (isActive !== undefined) query.active = isActive ? 'true' : 'false';
    const items = await client.list('/v1/account', query, q.signal);
    // Spec D's list has no type filter.
    return { items: items.filter((a) => type === undefined || a.type === type), pageCount: 1 };
  },

  async fetch(client, refs, { signal }) {
    if (!('ids' in refs) && refs.key !== 'code')
      throw createError('LF-1001', `Visma.net accounts cannot be matched on '${refs.key}'`);
    const wanted = new Set('ids' in refs ? refs.ids : refs.values);
    if (wanted.size === 0) return [];
    return (await client.list('/v1/account', {}, signal)).filter((a) => wanted.has(String(a.accountCD)));
  },

  async write(client, op, { signal }) {
    const d = op.data;
    const fields = {
      description: strOut(d.name),
      type: strOut(d.type),
      taxCategory: strOut(d.taxCode),
      active: typeof d.isActive === 'boolean' ? d.isActive : undefined,
    };
    if (op.kind === 'create') {
      const code = strOut(d.code);
      const raw = await client.create(
        '/v1/account',
        'POST /v1/account',
        wrap({ accountCD: code, ...fields }),
        'GET /v1/account/{accountCd}',
        signal,
      );
      return { raw };
    }
    if (d.code !== undefined && String(d.code) !== op.id)
      throw createError(
        'LF-2001',
        `Visma.net cannot change an account's number (${op.id} → ${String(d.code)})`,
        {
          apiMessage: 'The account number (accountCD) cannot be changed.',
        },
      );
    const raw = await client.update(
      `/v1/account/${keySegment(op.id)}`,
      { get: 'GET /v1/account/{accountCd}', put: 'PUT /v1/account/{accountCd}' },
      () => wrap(fields),
      signal,
    );
    return { raw };
  },
};
