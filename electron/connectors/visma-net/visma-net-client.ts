import { createError, LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { AccessTokenSource, Clock, ConnectorLog } from '../kit/connector';
import type { HttpClient } from '../kit/http-client';
import type { FetchedPage } from '../kit/paging';
import type { RawRecord } from '../kit/resource-connector';
import { RestClient } from '../kit/rest-client';
import { errorFromVismaNet } from './errors';

/** Where a Visma.net connection points. */
export interface VismaNetClientSettings {
  /** Replaces https://api.finance.visma.net (the sandbox: `…/visma-net/api`); paths are `/v1/…`. */
  readonly apiBaseUrl: string;
  /** The company; the token is bound to it (§2.2). */
  readonly tenantId: string;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
}

/** `{"value": …}` wrappers of the write DTOs (§2.3): undefined properties are left out (= unchanged). */
export function wrap(fields: Readonly<Record<string, unknown>>): Record<string, { value: unknown }> {
  const out: Record<string, { value: unknown }> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = { value: v };
  return out;
}

/** A key as a path segment (§2.3 [S]: keys with reserved characters go as `b64(<base64url>)`). */
export function keySegment(key: string): string {
  return /^[A-Za-z0-9._~-]+$/.test(key) ? key : `b64(${Buffer.from(key, 'utf8').toString('base64url')})`;
}

/** Visma.net date-time filter values (`yyyy-MM-ddTHH:mm:ss.FFF`, §2.5), in UTC. */
export function vnDateTime(d: Date): string {
  return d.toISOString().slice(0, 23);
}

/**
 * Visma.net ERP API over the HTTP kit: bare-array lists paged by `pageNumber`/`pageSize` with
 * `metadata.totalCount`, creates that answer 201 with a `Location` to follow, and updates with `If-Match`
 * (a 412 re-reads and retries once, then is a clear LF-2001).
 */
export class VismaNetClient {
  readonly rest: RestClient;

  constructor(
    readonly settings: VismaNetClientSettings,
    http: HttpClient,
    auth: AccessTokenSource,
    clock: Clock,
    log?: ConnectorLog,
  ) {
    this.rest = new RestClient(
      {
        baseUrl: settings.apiBaseUrl,
        concurrency: settings.concurrency ?? 4,
        timeoutMs: settings.timeoutMs ?? 60_000,
        errorOf: errorFromVismaNet,
      },
      http,
      auth,
      clock,
      log,
    );
  }

  /** One page of a list; the page count comes from `metadata.totalCount` of its elements (§2.4). */
  async page(
    path: string,
    page: number,
    pageSize: number,
    query: Record<string, string | undefined> = {},
    signal?: AbortSignal,
  ): Promise<FetchedPage<RawRecord>> {
    const body = await this.rest.json<unknown>({
      method: 'GET',
      path,
      query: { ...query, pageNumber: page, pageSize },
      operation: `GET ${path}`,
      signal,
    });
    const items = Array.isArray(body) ? (body as RawRecord[]) : [];
    const meta = items[0]?.metadata as { totalCount?: number; maxPageSize?: number } | undefined;
    // A pageSize over the maximum is silently capped (§2.4): count pages with the size actually served.
    const served = Math.min(pageSize, meta?.maxPageSize ?? pageSize);
    const pageCount =
      typeof meta?.totalCount === 'number' ? Math.max(1, Math.ceil(meta.totalCount / served)) : undefined;
    return { items, pageCount };
  }

  /**
   * A list spec D declares without paging (`/v1/vatCategory`, `/v1/account`): one GET answers every match, so no
   * `pageNumber`/`pageSize` is sent (a server that paged anyway would make a page walk repeat records).
   */
  async list(
    path: string,
    query: Record<string, string | undefined> = {},
    signal?: AbortSignal,
  ): Promise<RawRecord[]> {
    const body = await this.rest.json<unknown>({
      method: 'GET',
      path,
      query,
      operation: `GET ${path}`,
      signal,
    });
    return Array.isArray(body) ? (body as RawRecord[]) : [];
  }

  /** Every record of a list with these filters. */
  async all(
    path: string,
    query: Record<string, string | undefined> = {},
    signal?: AbortSignal,
  ): Promise<RawRecord[]> {
    const out: RawRecord[] = [];
    for (let page = 1; ; page++) {
      const { items, pageCount } = await this.page(path, page, 1000, query, signal);
      out.push(...items);
      if (items.length === 0 || page >= (pageCount ?? page)) return out;
    }
  }

  /** One record and its ETag; undefined on 404. */
  async get(
    path: string,
    operation: string,
    signal?: AbortSignal,
  ): Promise<{ raw: RawRecord; etag?: string } | undefined> {
    try {
      const res = await this.rest.send({ method: 'GET', path, operation, signal });
      return { raw: (res.json ?? {}) as RawRecord, ...(res.headers.etag ? { etag: res.headers.etag } : {}) };
    } catch (error) {
      if (error instanceof LedgerflowError && error.code === 'LF-2007') return undefined;
      throw error;
    }
  }

  /** Creates with POST (201, `Location`) and reads the new record back from where it points. */
  async create(
    path: string,
    operation: string,
    body: unknown,
    readOperation: string,
    signal?: AbortSignal,
  ): Promise<RawRecord> {
    const res = await this.rest.send({ method: 'POST', path, operation, json: body, signal });
    const location = res.headers.location;
    if (!location)
      throw createError('LF-2011', `${operation} answered ${res.status} without a Location`, { operation });
    const back = await this.get(this.relative(location), readOperation, signal);
    if (!back)
      throw createError('LF-2011', `${operation}: the created record is not at its Location`, { operation });
    return back.raw;
  }

  /**
   * Updates with PUT and If-Match (§2.8): reads the record for its ETag, sends the change, and on 412 (changed
   * meanwhile) reads again and retries once with the fresh ETag. Returns the record as it now is.
   */
  async update(
    path: string,
    operations: { get: string; put: string },
    body: (current: RawRecord) => unknown,
    signal?: AbortSignal,
  ): Promise<RawRecord> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(path, operations.get, signal);
      if (!current)
        throw createError('LF-2007', `Visma.net has no such record (${operations.get})`, { path });
      try {
        await this.rest.send({
          method: 'PUT',
          path,
          operation: operations.put,
          json: body(current.raw),
          headers: current.etag ? { 'if-match': current.etag } : {},
          signal,
        });
      } catch (error) {
        const status = (error as LedgerflowError).details as { status?: number } | undefined;
        if (attempt === 0 && error instanceof LedgerflowError && status?.status === 412) continue;
        if (error instanceof LedgerflowError && status?.status === 412)
          throw createError(
            'LF-2001',
            `Visma.net: the record kept changing while Ledgerflow updated it (${operations.put}); run again to retry`,
            error.details,
          );
        throw error;
      }
      const after = await this.get(path, operations.get, signal);
      if (!after)
        throw createError('LF-2007', `Visma.net has no such record after ${operations.put}`, { path });
      return after.raw;
    }
  }

  private relative(location: string): string {
    const base = new URL(this.settings.apiBaseUrl.replace(/\/+$/, '') + '/');
    const url = new URL(location, base);
    // Locations are absolute on the API host; keep the part below the base.
    return url.pathname.startsWith(base.pathname)
      ? `/${url.pathname.slice(base.pathname.length)}`
      : url.pathname;
  }
}
