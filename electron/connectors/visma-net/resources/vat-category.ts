import { createError } from '../../../../shared/errors/ledgerflow-error';
import { toDec } from '../../../../shared/money/decimal-money';
import { compact, type RawRecord, type ResourceQuery } from '../../kit/resource-connector';
import { decimal, isNumeric, list, text, utcTimestamp } from '../../kit/raw-values';
import { vnDateTime, type VismaNetClient } from '../visma-net-client';
import { vismaNetCapabilities, type VismaNetResource } from './visma-net-resource';

/**
 * The rate of a category: the sum of its VAT ids' rates in force now (per line, the `vatRates` row with the latest
 * `startDate` not after today; a category with no rate in force yet counts 0).
 */
function rateOf(raw: RawRecord): string | undefined {
  const now = new Date().toISOString().slice(0, 19);
  let sum = toDec(0);
  let any = false;
  for (const line of list(raw.vatCategoryLines)) {
    const current = list(line.vatRates)
      .filter((r) => isNumeric(r.vatRate) && String(r.startDate ?? '') <= now)
      .sort((a, b) => String(a.startDate ?? '').localeCompare(String(b.startDate ?? '')))
      .at(-1);
    if (current) sum = sum.plus(toDec(current.vatRate as number));
    any = true;
  }
  return any ? decimal(sum.toString(), 0, 4) : undefined;
}

async function categories(client: VismaNetClient, q: Pick<ResourceQuery, 'since' | 'signal'>) {
  const query: Record<string, string> = {};
  if (q.since) {
    query.lastModifiedDateTime = vnDateTime(q.since);
    query.lastModifiedDateTimeCondition = '>=';
  }
  return client.list('/v1/vatCategory', query, q.signal);
}

/**
 * VAT categories (`GET /v1/vatCategory`, VatCategoryDto) as tax rates, read-only (spec D has no write for them).
 * The code is `vatCategoryId`, the id invoice lines (`vatCode`), items (`vatCode`) and order lines (`taxCategory`)
 * carry; the rate is what its VAT ids charge today. Spec D declares no paging here: one answer holds them all.
 */
export const vatCategoryResource: VismaNetResource = {
  entity: 'taxRate',
  apiName: 'vatCategory',
  capabilities: vismaNetCapabilities(['code'], { write: false, delta: true, paged: false }),
  filterFields: ['code', 'isActive'],

  toCanonical(raw) {
    return {
      entity: 'taxRate',
      sourceId: String(raw.vatCategoryId),
      updatedAt: utcTimestamp(raw.lastModifiedDateTime),
      data: compact({
        code: text(raw.vatCategoryId),
        name: text(raw.description),
        rate: rateOf(raw),
        isActive: typeof raw.active === 'boolean' ? raw.active : undefined,
      }),
      raw,
    };
  },

  async readPage(client, page, _pageSize, q) {
    if (page > 1) return { items: [], pageCount: 1 };
    const { code, isActive } = q.filter;
    const items = (await categories(client, q)).filter(
      (c) =>
        (code === undefined || String(c.vatCategoryId) === String(code)) &&
        (isActive === undefined || (c.active !== false) === Boolean(isActive)),
    );
    return { items, pageCount: 1 };
  },

  async fetch(client, refs, { signal }) {
    if (!('ids' in refs) && refs.key !== 'code')
      throw createError('LF-1001', `Visma.net VAT categories cannot be matched on '${refs.key}'`);
    const wanted = new Set('ids' in refs ? refs.ids : refs.values);
    if (wanted.size === 0) return [];
    return (await categories(client, { signal })).filter((c) => wanted.has(String(c.vatCategoryId)));
  },
};
