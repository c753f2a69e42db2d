import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact, type RawRecord } from '../../kit/resource-connector';
import { apiNumber, decimal, strOut, text, utcTimestamp } from '../../kit/raw-values';
import { odata, seg, type EaccountingClient } from '../eaccounting-client';
import { eaccountingCapabilities, type EaccountingResource } from './eaccounting-resource';

const keyFields: Record<string, string> = { code: 'Number', name: 'Name' };

/**
 * Articles (`/articles`) as items. An article needs an account coding (which sets its VAT) and a unit; the
 * canonical `taxCode` names the coding's VAT rate ("25", "12", "6", "0") and `unit` the unit's abbreviation or
 * code. Prices keep up to 4 decimals (foreign prices may have 4, §1.9). PUT is a full replace: read-modify-write.
 */
export const articleResource: EaccountingResource = {
  entity: 'item',
  apiName: 'articles',
  capabilities: eaccountingCapabilities(['externalId', 'code'], { write: true, delta: true }),
  readOnlyFields: ['id', 'description', 'salesAccountCode', 'updatedAt'],
  filterFields: ['code', 'name', 'isActive', 'isStockItem'],

  toCanonical(raw) {
    return {
      entity: 'item',
      sourceId: String(raw.Id),
      updatedAt: utcTimestamp(raw.ChangedUtc),
      data: compact({
        id: text(raw.Id),
        code: text(raw.Number),
        name: text(raw.Name),
        unitPrice: decimal(raw.NetPrice, 2, 4),
        purchasePrice: decimal(raw.PurchasePrice, 2, 4),
        unit: text(raw.UnitAbbreviation),
        isStockItem: typeof raw.IsStock === 'boolean' ? raw.IsStock : undefined,
        isActive: typeof raw.IsActive === 'boolean' ? raw.IsActive : undefined,
        updatedAt: utcTimestamp(raw.ChangedUtc),
      }),
      raw,
    };
  },

  async readPage(client, page, pageSize, q) {
    const filter = odata.and(
      q.since ? `ChangedUtc ge ${odata.dateTime(q.since)}` : undefined,
      ...Object.entries(q.filter).map(([field, value]) =>
        field === 'isActive'
          ? `IsActive eq ${value ? 'true' : 'false'}`
          : field === 'isStockItem'
            ? `IsStock eq ${value ? 'true' : 'false'}`
            : `${keyFields[field]!} eq ${odata.string(String(value))}`,
      ),
    );
    return client.page('/articles', page, pageSize, { filter, orderby: 'ChangedUtc' }, q.signal);
  },

  async fetch(client, refs) {
    if ('ids' in refs) return refs.ids.length ? client.all('/articles', odata.anyId('Id', refs.ids)) : [];
    const field = keyFields[refs.key] ?? (refs.key === 'itemCode' ? 'Number' : undefined);
    if (!field) throw createError('LF-1001', `Visma eAccounting articles cannot be matched on '${refs.key}'`);
    return refs.values.length ? client.all('/articles', odata.anyOf(field, refs.values)) : [];
  },

  async write(client, op, { signal }) {
    const mapped = await toArticle(client, op.data);
    if (op.kind === 'create') {
      const body: Record<string, unknown> = { IsActive: true, ...mapped };
      body.CodingId ??= await codingIdFor(client, '25', op.data.isStockItem !== false);
      body.UnitId ??= await unitIdFor(client, 'st');
      return { raw: await client.post('/articles', 'POST /articles', body, signal) };
    }
    const current = await client.get(`/articles/${seg(op.id)}`, 'GET /articles/{articleId}', signal);
    return {
      raw: await client.put(
        `/articles/${seg(op.id)}`,
        'PUT /articles/{articleId}',
        { ...current, ...mapped },
        signal,
      ),
    };
  },
};

async function toArticle(
  client: EaccountingClient,
  d: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = compact({
    Number: strOut(d.code),
    Name: strOut(d.name),
    NetPrice: apiNumber(d.unitPrice),
    PurchasePrice: apiNumber(d.purchasePrice),
    IsStock: typeof d.isStockItem === 'boolean' ? d.isStockItem : undefined,
    IsActive: typeof d.isActive === 'boolean' ? d.isActive : undefined,
  });
  if (d.taxCode !== undefined && d.taxCode !== null)
    out.CodingId = await codingIdFor(client, String(d.taxCode), d.isStockItem !== false);
  if (d.unit !== undefined && d.unit !== null) out.UnitId = await unitIdFor(client, String(d.unit));
  return out;
}

/** The active account coding with this VAT rate, goods or services (`/articleaccountcodings`). */
async function codingIdFor(client: EaccountingClient, vatRate: string, goods: boolean): Promise<string> {
  const codings = (await client.reference('/articleaccountcodings')).filter((c) => c.IsActive !== false);
  const rate = (c: RawRecord) => String(c.VatRate ?? '');
  const match =
    codings.find((c) => rate(c) === vatRate && c.Type === (goods ? 'Goods' : 'Service')) ??
    codings.find((c) => rate(c) === vatRate);
  if (!match)
    throw createError('LF-2001', `Visma eAccounting has no article account coding with VAT rate ${vatRate}`, {
      apiMessage: `No article account coding with VatRate ${vatRate}`,
    });
  return String(match.Id);
}

/** The unit with this abbreviation, code or name (`/units`). */
async function unitIdFor(client: EaccountingClient, unit: string): Promise<string> {
  const units = await client.reference('/units');
  const lower = unit.toLowerCase();
  const match = units.find((u) =>
    [u.Abbreviation, u.Code, u.Name, u.AbbreviationEnglish].some(
      (v) => typeof v === 'string' && v.toLowerCase() === lower,
    ),
  );
  if (!match)
    throw createError('LF-2001', `Visma eAccounting has no unit '${unit}'`, {
      apiMessage: `No unit ${unit}`,
    });
  return String(match.Id);
}
