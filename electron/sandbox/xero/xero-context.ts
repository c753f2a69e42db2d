import { randomUUID } from 'node:crypto';
import { json, text, type SimRequest, type SimResponse } from '../kit/http-kit';
import type { RouteParams } from '../kit/router';
import { envelopeDate } from './xero-dates';
import type { XeroOrgStore } from './xero-org-store';

/** Behaviour switches where the notes are silent or UNVERIFIED (xero-notes.md; README "make it a setting"). */
export interface XeroBehaviour {
  /** Default summarised errors still commit the valid elements of a batch (xero-notes.md §2.2). */
  partialSaveOnError: boolean;
  /** `where` string comparisons ignore case. */
  whereCaseInsensitive: boolean;
  /** If-Modified-Since matches records updated at exactly that instant too (>= instead of >). */
  ifModifiedSinceInclusive: boolean;
  /** Default and maximum page sizes (xero-notes.md §2.3: 100 and 1000). */
  defaultPageSize: number;
  maxPageSize: number;
  /** Maximum request body for writes (xero-notes.md §2.2: 3.5 MB to be safe). */
  maxBodyBytes: number;
  /** Idempotency-Key retention, simulated seconds (xero-notes.md §4.2: 6 minutes, second-hand). */
  idempotencyTtlSec: number;
  /** Reject dates on or before the organisation's PeriodLockDate. */
  enforceLockDate: boolean;
  /** ProviderName in envelopes. */
  providerName: string;
}

/** The defaults of XeroBehaviour. */
export function defaultXeroBehaviour(): XeroBehaviour {
  return {
    partialSaveOnError: true,
    whereCaseInsensitive: true,
    ifModifiedSinceInclusive: true,
    defaultPageSize: 100,
    maxPageSize: 1000,
    maxBodyBytes: 3_500_000,
    idempotencyTtlSec: 360,
    enforceLockDate: true,
    providerName: 'Ledgerflow Sandbox',
  };
}

/** Everything a Xero route handler needs. */
export interface XeroCtx {
  req: SimRequest;
  params: RouteParams;
  org: XeroOrgStore;
  now: number;
  clientId: string;
  behaviour: XeroBehaviour;
  /** 4 when `unitdp=4`, else 2. */
  unitdp: 2 | 4;
  /** False only with `summarizeErrors=false`. */
  summarize: boolean;
  /** The parsed JSON body (undefined when empty). */
  body: unknown;
}

/** A Xero route handler. */
export type XeroHandler = (ctx: XeroCtx) => SimResponse;

/** The success envelope: `Id, Status, ProviderName, DateTimeUTC` plus the payload (xero-notes.md §1.4). */
export function envelope(ctx: XeroCtx, payload: Record<string, unknown>, status = 200): SimResponse {
  return json(status, {
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: ctx.behaviour.providerName,
    DateTimeUTC: envelopeDate(ctx.now),
    ...payload,
  });
}

/** 404 with Xero's plain-text body. */
export function notFound(): SimResponse {
  return text(404, "The resource you're looking for cannot be found");
}

/** 400 ValidationException (ErrorNumber 10) listing the failed elements. */
export function validationException(
  elements: unknown[],
  message = 'A validation exception occurred',
): SimResponse {
  return json(400, { ErrorNumber: 10, Type: 'ValidationException', Message: message, Elements: elements });
}

/** 400 PostDataInvalidException (ErrorNumber 14) for JSON that will not bind. */
export function postDataInvalid(message: string): SimResponse {
  return json(400, { ErrorNumber: 14, Type: 'PostDataInvalidException', Message: message });
}

/** 400 QueryParseException (ErrorNumber 16) for a bad `where`/`order`. */
export function queryParseError(message: string): SimResponse {
  return json(400, { ErrorNumber: 16, Type: 'QueryParseException', Message: message });
}

/** 401 problem body (xero-notes.md §1.4, xero-node #741). */
export function unauthorized(detail: string): SimResponse {
  return json(401, {
    Type: null,
    Title: 'Unauthorized',
    Status: 401,
    Detail: detail,
    Instance: randomUUID(),
    Extensions: {},
  });
}

/** 403 AuthenticationUnsuccessful (missing/unknown tenant, missing scope). */
export function forbidden(): SimResponse {
  return json(403, {
    Type: null,
    Title: 'Forbidden',
    Status: 403,
    Detail: 'AuthenticationUnsuccessful',
    Instance: randomUUID(),
    Extensions: {},
  });
}

/** A JSON body that will not bind (bad enum, bad date, wrong type): the whole request gets 400 (14). */
export class BindError extends Error {}

/** Validation failures of one element of a batch. */
export class ElementError extends Error {
  constructor(
    readonly messages: string[],
    /** Generated ids to echo back with the element. */
    readonly ids: Record<string, string> = {},
  ) {
    super(messages.join('; '));
  }
}

/** Thrown when a path id names nothing (→ 404). */
export class NotFoundError extends Error {}

/** Reads a query flag (`true`/`false`). */
export function queryBool(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  return v.toLowerCase() === 'true';
}

/** Reads a comma-separated query list (xero-node joins arrays with unescaped commas). */
export function queryList(q: URLSearchParams, name: string): string[] | undefined {
  const v = q.get(name);
  if (v === null || v.trim() === '') return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a GUID (path segments: a GUID means an ID, anything else a number; §1.2). */
export function isGuid(s: string): boolean {
  return GUID.test(s);
}

/** Asserts an object element of a write body. */
export function asObject(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new BindError(`JSON for post data was invalid, ${what} must be an object`);
  return v as Record<string, unknown>;
}

/** Reads an optional string field; a non-string value does not bind. */
export function str(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new BindError(
    `JSON for post data was invalid,Error converting value to type 'String'. Path '${key}'.`,
  );
}

/** Reads an optional enum field; an unknown value does not bind (xero-notes.md §1.4, ErrorNumber 14). */
export function enumOf<T extends string>(
  o: Record<string, unknown>,
  key: string,
  values: readonly T[],
): T | undefined {
  const v = str(o, key);
  if (v === undefined) return undefined;
  const hit = values.find((x) => x.toUpperCase() === v.toUpperCase());
  if (!hit) {
    throw new BindError(
      `JSON for post data was invalid,Error converting value "${v}" to type '${key}'. Path '${key}'.`,
    );
  }
  return hit;
}

/** Reads an optional boolean. */
export function bool(o: Record<string, unknown>, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new BindError(
    `JSON for post data was invalid,Error converting value to type 'Boolean'. Path '${key}'.`,
  );
}

/** Unwraps a plural wrapper (`{"Invoices":[…]}`), tolerating a bare object or array where Xero does. */
export function elementsOf(body: unknown, plural: string, allowBare: boolean): unknown[] {
  if (body === undefined) throw new BindError('JSON for post data was invalid, the request body is empty');
  if (Array.isArray(body)) return body;
  const o = asObject(body, plural);
  const wrapped = o[plural];
  if (Array.isArray(wrapped)) return wrapped;
  if (wrapped !== undefined) return [wrapped];
  if (allowBare) return [o];
  throw new BindError(`JSON for post data was invalid, expected '${plural}'`);
}
