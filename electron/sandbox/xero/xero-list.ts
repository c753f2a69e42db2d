import { parseIfModifiedSince } from './xero-dates';
import type { XeroCtx } from './xero-context';
import { compileWhere, parseOrder, sortByOrder, type FieldAccessor } from './xero-where';

/** How to list one entity. */
export interface ListSpec<R> {
  typeName: string;
  /** Cheap pre-filter (IDs, Statuses, includeArchived…). */
  filter?: (rec: R) => boolean;
  access: FieldAccessor<R>;
  updated: (rec: R) => number;
  /** Whether the endpoint pages (Items, TaxRates and Accounts do not; xero-notes.md §1.4). */
  pageable: boolean;
}

/** A page of results. */
export interface ListResult<R> {
  items: R[];
  pagination?: { page: number; pageSize: number; pageCount: number; itemCount: number };
  paged: boolean;
}

/**
 * The shared list pipeline: pre-filter, If-Modified-Since, `where`, `order`, then `page`/`pageSize`. Without
 * `order` records come in map order, which is UpdatedDateUTC ASC (Xero's default, xero-notes.md §2.3), and pages
 * are cut while iterating so nothing but the page is copied. Throws QueryParseError for bad where/order.
 */
export function listRecords<R>(ctx: XeroCtx, source: Iterable<R>, spec: ListSpec<R>): ListResult<R> {
  const q = ctx.req.query;
  const since = parseIfModifiedSince(ctx.req.headers['if-modified-since']);
  const where = q.get('where');
  const pred =
    where && where.trim() !== ''
      ? compileWhere(where, spec.access, {
          caseInsensitive: ctx.behaviour.whereCaseInsensitive,
          typeName: spec.typeName,
        })
      : undefined;
  const inclusive = ctx.behaviour.ifModifiedSinceInclusive;
  const match = (r: R): boolean => {
    if (spec.filter && !spec.filter(r)) return false;
    if (since !== undefined) {
      const u = spec.updated(r);
      if (inclusive ? u < since : u <= since) return false;
    }
    return pred ? pred(r) : true;
  };
  const pageParam = spec.pageable ? q.get('page') : null;
  const paged = pageParam !== null && pageParam !== '';
  const page = paged ? Math.max(1, Number.parseInt(pageParam, 10) || 1) : 1;
  const sizeParam = Number.parseInt(q.get('pageSize') ?? '', 10);
  const pageSize = paged
    ? Math.min(ctx.behaviour.maxPageSize, sizeParam > 0 ? sizeParam : ctx.behaviour.defaultPageSize)
    : Infinity;
  const order = q.get('order');
  let keys = order && order.trim() !== '' && order !== 'false' ? parseOrder(order) : undefined;
  // Map order already is UpdatedDateUTC ASC (XeroOrgStore keeps it so): sorting 100,000 records again for every
  // page of an explicit `order=UpdatedDateUTC ASC`, as the connectors ask, would change nothing.
  const [only] = keys ?? [];
  if (
    spec.pageable &&
    keys?.length === 1 &&
    !only!.desc &&
    only!.path.join('.').toLowerCase() === 'updateddateutc'
  )
    keys = undefined;

  let items: R[];
  let itemCount = 0;
  if (keys) {
    const all: R[] = [];
    for (const r of source) if (match(r)) all.push(r);
    const sorted = sortByOrder(all, keys, spec.access, spec.typeName);
    itemCount = sorted.length;
    items = paged ? sorted.slice((page - 1) * pageSize, page * pageSize) : sorted;
  } else {
    items = [];
    const from = paged ? (page - 1) * pageSize : 0;
    for (const r of source) {
      if (!match(r)) continue;
      if (itemCount >= from && items.length < pageSize) items.push(r);
      itemCount++;
    }
  }
  if (!paged) return { items, paged };
  return {
    items,
    paged,
    pagination: { page, pageSize, pageCount: Math.ceil(itemCount / pageSize), itemCount },
  };
}
