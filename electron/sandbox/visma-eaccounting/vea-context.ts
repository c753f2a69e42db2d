import { randomUUID } from 'node:crypto';
import { json, type SimRequest, type SimResponse } from '../kit/http-kit';
import type { RouteParams } from '../kit/router';
import type { FieldError } from './vea-fields';
import {
  compileFilter,
  ODataError,
  orderComparator,
  parseOrderBy,
  type FieldReader,
  type FilterSchema,
} from './vea-odata';
import type { VeaStore } from './vea-store';

/**
 * eAccounting behaviour that the sources leave open (visma-notes.md §1.4, §4), as settings.
 */
export interface VeaBehaviour {
  /** `$pagesize` when none is given (UNVERIFIED: suggested 50). */
  defaultPageSize: number;
  /** Largest `$pagesize` (UNVERIFIED). */
  maxPageSize: number;
  /** What a `$pagesize` above the maximum does: cap it silently, or answer 400 (6000). */
  pageSizeOverMax: 'cap' | 'error';
  /** What a `$page` after the last page returns: an empty `Data`, or 400 (6000). */
  pageBeyondEnd: 'empty' | 'error';
  /** Accept `$top`/`$skip` as well as `$page`/`$pagesize` (the ASP.NET OData options, §1.4 [S]). */
  acceptTopSkip: boolean;
  /** `modifiedSinceUtc` compares with `>=` (true) or `>` (false). UNVERIFIED. */
  modifiedSinceInclusive: boolean;
  /** Voiding an invoice creates a crediting invoice (true) or only zeroes the remaining amount. UNVERIFIED. */
  voidCreatesCreditInvoice: boolean;
  /** Spec A lists `ea:sales_readonly` on POST /customerinvoices and …/void; honour that quirk (true) or not. */
  readonlyScopeMayCreateInvoices: boolean;
  /** Largest request body, bytes. */
  maxBodyBytes: number;
}

/** The defaults. */
export function defaultVeaBehaviour(): VeaBehaviour {
  return {
    defaultPageSize: 50,
    maxPageSize: 1000,
    pageSizeOverMax: 'cap',
    pageBeyondEnd: 'empty',
    acceptTopSkip: true,
    modifiedSinceInclusive: true,
    voidCreatesCreditInvoice: true,
    readonlyScopeMayCreateInvoices: true,
    maxBodyBytes: 4 * 1024 * 1024,
  };
}

/** An error answered with eAccounting's error body (visma-notes.md §1.7). */
export class VeaError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
    readonly errors: FieldError[] | null = null,
  ) {
    super(message);
  }
}

/** eAccounting's error body: `{ErrorCode, DeveloperErrorMessage, ErrorId[, Errors]}` (CommonExtendedBadRequest). */
export function veaErrorResponse(
  status: number,
  errorCode: number,
  message: string,
  errors: FieldError[] | null = null,
  headers: Record<string, string> = {},
): SimResponse {
  return json(
    status,
    {
      ErrorCode: errorCode,
      DeveloperErrorMessage: message,
      ErrorId: randomUUID(),
      ...(errors && errors.length ? { Errors: errors } : {}),
    },
    headers,
  );
}

/** 400 DataModelValidationError (2000) with the collected field errors. */
export function validationError(errors: FieldError[]): VeaError {
  return new VeaError(400, 2000, 'DataModelValidationError - the request contains invalid data.', errors);
}

/** 404 ResourceNotFound (3000). */
export function notFound(what: string): VeaError {
  return new VeaError(404, 3000, `ResourceNotFound - ${what} was not found.`);
}

/** What a route handler gets. */
export interface VeaCtx {
  req: SimRequest;
  params: RouteParams;
  store: VeaStore;
  /** Simulated now, epoch ms. */
  now: number;
  /** Parsed JSON body (undefined for none). */
  body: unknown;
  behaviour: VeaBehaviour;
}

/** A route handler. */
export type VeaHandler = (ctx: VeaCtx) => SimResponse;

/**
 * A change stamp (`ChangedUtc`, `ModifiedUtc`, `CreatedUtc`): UTC with milliseconds, so that changes within one
 * second still order and `gt` watermarks never skip one.
 */
export function utc(ms: number): string {
  return new Date(ms).toISOString();
}

/** `ServerTimeUtc`: whole seconds (spec A's example `2017-07-21T17:32:28Z`), rounded down. */
export function serverTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw.trim()))
    throw new ODataError(`The query parameter '${name}' must be a positive integer.`);
  return Number(raw);
}

/** Query parameters that choose a page of a list rather than which records it holds. */
const PAGING_PARAMS = new Set(['$page', '$pagesize', '$top', '$skip']);

/**
 * A paged list with `$filter`, `$orderby`, `$page`/`$pagesize` (and `$top`/`$skip`) in the Meta/Data envelope
 * (PaginatedResponseOf<T>, visma-notes.md §1.4). `view` renders one record; it runs only for the page returned.
 * With `cached`, the filtered and sorted list is kept until the next write (VeaStore.listMatches), so walking a
 * 100,000-invoice list page by page filters and sorts it once, not once per page; only lists whose content
 * depends on nothing but the data and the query (not on the clock) may be cached.
 */
export function pagedList<R>(
  ctx: VeaCtx,
  records: Iterable<R>,
  schema: FilterSchema,
  read: FieldReader<R>,
  view: (rec: R) => unknown,
  extra?: (rec: R) => boolean,
  options: { cached?: boolean } = {},
): SimResponse {
  const q = ctx.req.query;
  const b = ctx.behaviour;
  const filterSrc = q.get('$filter');
  const orderSrc = q.get('$orderby');
  const pred =
    filterSrc !== null && filterSrc.trim() !== '' ? compileFilter(filterSrc, schema, read) : undefined;
  const order = orderSrc !== null && orderSrc.trim() !== '' ? parseOrderBy(orderSrc, schema) : undefined;
  const select = (): R[] => {
    const out: R[] = [];
    for (const r of records) if ((!extra || extra(r)) && (!pred || pred(r))) out.push(r);
    return order ? out.sort(orderComparator(order, read)) : out;
  };
  const matches = options.cached
    ? ctx.store.listMatches(
        `${ctx.req.path}?${[...q].filter(([k]) => !PAGING_PARAMS.has(k.toLowerCase())).join('&')}`,
        select,
      )
    : select();
  let page = intParam(q, '$page') ?? 1;
  let size = intParam(q, '$pagesize') ?? b.defaultPageSize;
  const top = b.acceptTopSkip ? intParam(q, '$top') : undefined;
  const skip = b.acceptTopSkip ? intParam(q, '$skip') : undefined;
  if (page < 1) throw new ODataError("The query parameter '$page' must be 1 or more.");
  if (size < 1) throw new ODataError("The query parameter '$pagesize' must be 1 or more.");
  if (size > b.maxPageSize) {
    if (b.pageSizeOverMax === 'error')
      throw new ODataError(`The query parameter '$pagesize' must be at most ${b.maxPageSize}.`);
    size = b.maxPageSize;
  }
  let slice: R[];
  if (top !== undefined || skip !== undefined) {
    const t = Math.min(top ?? size, b.maxPageSize);
    const s = skip ?? 0;
    slice = matches.slice(s, s + t);
    size = t;
    page = Math.floor(s / Math.max(1, t)) + 1;
  } else {
    slice = matches.slice((page - 1) * size, page * size);
  }
  const pages = Math.ceil(matches.length / size);
  if (slice.length === 0 && page > Math.max(1, pages) && b.pageBeyondEnd === 'error') {
    throw new ODataError(`The page ${page} does not exist; there are ${pages} pages.`);
  }
  return json(200, {
    Meta: {
      CurrentPage: page,
      PageSize: size,
      TotalNumberOfPages: pages,
      TotalNumberOfResults: matches.length,
      ServerTimeUtc: serverTime(ctx.now),
    },
    Data: slice.map(view),
  });
}

/** Reads a top-level property of a plain API object. */
export const readObj: FieldReader<Record<string, unknown>> = (rec, name) => rec[name];

/** A route: its handler and the scopes of which the token needs any (from spec A's operation texts). */
export interface VeaRoute {
  handle: VeaHandler;
  scopes: readonly string[];
}

/** Scope sets of spec A (visma-notes.md §1.9). */
export const SCOPES = {
  salesRead: ['ea:sales', 'ea:sales_readonly'],
  salesWrite: ['ea:sales'],
  accountingRead: ['ea:accounting', 'ea:accounting_readonly'],
  accountingWrite: ['ea:accounting'],
  salesOrAccountingRead: ['ea:sales', 'ea:sales_readonly', 'ea:accounting', 'ea:accounting_readonly'],
  salesOrAccountingWrite: ['ea:sales', 'ea:accounting'],
  salesOrPurchaseRead: ['ea:sales', 'ea:sales_readonly', 'ea:purchase', 'ea:purchase_readonly'],
  purchaseRead: ['ea:purchase', 'ea:purchase_readonly'],
} as const;

/** A route entry. */
export function route(scopes: readonly string[], handle: VeaHandler): VeaRoute {
  return { handle, scopes };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Looks a record up by a GUID path parameter; a malformed or unknown id is ResourceNotFound. */
export function byId(map: Map<string, Record<string, unknown>>, id: string | undefined, what: string) {
  const key = (id ?? '').toLowerCase();
  const rec = GUID.test(key) ? map.get(key) : undefined;
  if (!rec) throw notFound(what);
  return rec;
}

/** The body as an object, or a 400 when it is missing. */
export function bodyObject(ctx: VeaCtx): Record<string, unknown> {
  if (ctx.body === undefined || ctx.body === null)
    throw new VeaError(400, 2000, 'DataModelValidationError - the request body is missing.');
  return ctx.body as Record<string, unknown>;
}

/** A boolean query parameter (`true`/`false`, case-insensitive); anything else is InvalidInput (6001). */
export function boolQuery(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw new VeaError(400, 6001, `InvalidInput - the query parameter '${name}' must be true or false.`);
}

/** The calendar date of an epoch-ms instant as eAccounting writes dates (`2026-11-21T00:00:00`). */
export function dayOf(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 10)}T00:00:00`;
}
