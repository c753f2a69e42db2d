import { randomUUID } from 'node:crypto';
import { json, type SimRequest, type SimResponse } from '../kit/http-kit';
import type { RouteParams } from '../kit/router';
import type { VnCompany } from './vn-store';

/** Visma.net behaviour the sources leave open (visma-notes.md §2.4, §4), as settings. */
export interface VnBehaviour {
  /** Page size when `pageSize` is absent (UNVERIFIED; paging is mandatory, so lists are always paged). */
  defaultPageSize: number;
  /** Largest page size per endpoint; a larger `pageSize` is silently capped (§2.4). */
  maxPageSize: number;
  /** `/v1/inventory`'s own maximum (spec D: 5000 since April 2022). */
  inventoryMaxPageSize: number;
  /** Serve the old `https://integration.visma.net/API/controller/api/v1/…` paths too (§2.1). */
  legacyHost: boolean;
  /** Largest request body, bytes. */
  maxBodyBytes: number;
}

/** The defaults. */
export function defaultVnBehaviour(): VnBehaviour {
  return {
    defaultPageSize: 100,
    maxPageSize: 1000,
    inventoryMaxPageSize: 5000,
    legacyHost: true,
    maxBodyBytes: 4 * 1024 * 1024,
  };
}

/** An error answered with Visma.net's error body. */
export class VnError extends Error {
  constructor(
    readonly status: number,
    readonly faultCode: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Visma.net's error body (visma-notes.md §2.7 [S]): `{ExceptionType, ExceptionMessage, ExceptionFaultCode,
 * ExceptionMessageID, ExceptionDetails}`. Only 12002 and 12027 are documented; the other fault codes are the
 * simulator's own (docs/sandbox.md lists them).
 */
export function vnErrorResponse(
  status: number,
  faultCode: string,
  message: string,
  headers: Record<string, string> = {},
): SimResponse {
  return json(
    status,
    {
      ExceptionType: 'IPPException',
      ExceptionMessage: message,
      ExceptionFaultCode: faultCode,
      ExceptionMessageID: `${faultCode}_${randomUUID()}`,
      ExceptionDetails: '',
    },
    headers,
  );
}

/** 400 for a request the API refuses (fault code 10000, the simulator's). */
export function badRequest(message: string): VnError {
  return new VnError(400, '10000', message);
}

/** 404 for an unknown record (fault code 10004, the simulator's). */
export function notFound(message: string): VnError {
  return new VnError(404, '10004', message);
}

/** What a route handler gets. */
export interface VnCtx {
  req: SimRequest;
  params: RouteParams;
  company: VnCompany;
  now: number;
  body: unknown;
  behaviour: VnBehaviour;
  /** Absolute URL of the API root the client used (for Location headers): `…/visma-net/api`. */
  apiRoot: string;
}

/** A route handler. */
export type VnHandler = (ctx: VnCtx) => SimResponse;

/** A route: handler and the scope its method needs. */
export interface VnRoute {
  handle: VnHandler;
  scope: 'read' | 'create' | 'update' | 'delete';
}

/** `2026-03-02T10:15:07.123` — the form visma-notes.md §2.9 shows (no offset; UNVERIFIED). */
export function vnDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

/** A calendar date as Visma.net writes date-only values (`2026-03-01T00:00:00`). */
export function vnDate(isoDate: string): string {
  return `${isoDate.slice(0, 10)}T00:00:00`;
}

/**
 * Parses the date formats §2.5 lists (`yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss[.FFF]`, `yyyy-MM-ddTHH:mm:ss[.FFF]`) as
 * UTC; undefined when the text is none of them.
 */
export function parseVnDate(s: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2})(\.\d{1,3})?)?$/.exec(s.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${m[3] ?? ''}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

const CONDITIONS = new Set(['>', '<', '>=', '<=']);

/**
 * A `name` + `nameCondition` filter pair (§2.5: both must be sent together; conditions `>`, `<`, `>=`, `<=`).
 * Returns a predicate on epoch milliseconds, or undefined when the pair is absent.
 */
export function dateCondition(q: URLSearchParams, name: string): ((ms: number) => boolean) | undefined {
  const value = q.get(name);
  const cond = q.get(`${name}Condition`);
  if (value === null && cond === null) return undefined;
  if (value === null || cond === null)
    throw badRequest(`${name} and ${name}Condition must be sent together.`);
  if (!CONDITIONS.has(cond.trim()))
    throw badRequest(`${name}Condition must be one of >, <, >=, <= (got '${cond}').`);
  const at = parseVnDate(value);
  if (at === undefined)
    throw badRequest(
      `${name} '${value}' is not in an accepted format (yyyy-MM-dd, yyyy-MM-dd HH:mm:ss[.FFF], yyyy-MM-ddTHH:mm:ss[.FFF]).`,
    );
  switch (cond.trim()) {
    case '>':
      return (ms) => ms > at;
    case '<':
      return (ms) => ms < at;
    case '>=':
      return (ms) => ms >= at;
    default:
      return (ms) => ms <= at;
  }
}

function positiveInt(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw badRequest(`${name} must be a positive integer.`);
  return Number(raw);
}

/**
 * A page of a bare-array list (§2.4): `pageNumber` (1-based) and `pageSize` (silently capped at the endpoint's
 * maximum); every element carries `metadata: {totalCount, maxPageSize}`.
 */
export function pagedArray<R>(
  ctx: VnCtx,
  matches: R[],
  view: (rec: R) => Record<string, unknown>,
  maxPageSize = ctx.behaviour.maxPageSize,
): SimResponse {
  const page = positiveInt(ctx.req.query, 'pageNumber') ?? 1;
  const size = Math.min(positiveInt(ctx.req.query, 'pageSize') ?? ctx.behaviour.defaultPageSize, maxPageSize);
  const metadata = { totalCount: matches.length, maxPageSize };
  const slice = matches.slice((page - 1) * size, page * size);
  return json(
    200,
    slice.map((r) => ({ ...view(r), metadata })),
  );
}

/** A case-insensitive "equals" query filter (absent → no filter). */
export function textFilter(q: URLSearchParams, name: string): ((v: unknown) => boolean) | undefined {
  const want = q.get(name);
  if (want === null || want === '') return undefined;
  const w = want.toLowerCase();
  return (v) => typeof v === 'string' && v.toLowerCase() === w;
}

/** An enum query filter: refuses values outside the list (spec D declares the enums). */
export function enumFilter(
  q: URLSearchParams,
  name: string,
  values: readonly string[],
): ((v: unknown) => boolean) | undefined {
  const want = q.get(name);
  if (want === null || want === '') return undefined;
  const hit = values.find((v) => v.toLowerCase() === want.toLowerCase());
  if (!hit) throw badRequest(`The value '${want}' is not valid for ${name} (${values.join(', ')}).`);
  return (v) => v === hit;
}

/** `201 Created` with an empty object body and a Location header (visma-notes.md §2.3). */
export function created(ctx: VnCtx, path: string): SimResponse {
  return json(201, {}, { location: `${ctx.apiRoot}${path}` });
}

/** A single record with its ETag header (visma-notes.md §2.8). */
export function withEtag(body: Record<string, unknown>, etag: string): SimResponse {
  return json(200, body, { etag: `"${etag}"` });
}

/**
 * Enforces `If-Match` when it is sent (visma-notes.md §2.8 [I]: ETags everywhere, If-Match checked only when
 * present): a mismatch is 412 Precondition Failed.
 */
export function checkIfMatch(ctx: VnCtx, etag: string): void {
  const h = ctx.req.headers['if-match'];
  if (h === undefined) return;
  const given = h.split(',').map((s) => s.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
  if (given.includes('*') || given.includes(etag)) return;
  throw new VnError(
    412,
    '10012',
    'Precondition Failed: the record has been changed since it was read (ETag mismatch).',
  );
}

/** The body as an object, or a 400. */
export function bodyOf(ctx: VnCtx): Record<string, unknown> {
  if (ctx.body === undefined || ctx.body === null || typeof ctx.body !== 'object' || Array.isArray(ctx.body))
    throw badRequest('The request body must be a JSON object.');
  return ctx.body as Record<string, unknown>;
}

/**
 * A business key from a path segment; `b64(<base64url>)` carries keys with reserved URL characters
 * (visma-notes.md §2.3 [S], since 8.19).
 */
export function decodeKey(raw: string | undefined): string {
  const s = raw ?? '';
  const m = /^b64\((.*)\)$/.exec(s);
  return m ? Buffer.from(m[1] as string, 'base64url').toString('utf8') : s;
}
