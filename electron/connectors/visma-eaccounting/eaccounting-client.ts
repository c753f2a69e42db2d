import { createError } from '../../../shared/errors/ledgerflow-error';
import type { AccessTokenSource, Clock, ConnectorLog } from '../kit/connector';
import type { HttpClient } from '../kit/http-client';
import type { FetchedPage } from '../kit/paging';
import type { RawRecord } from '../kit/resource-connector';
import { RestClient } from '../kit/rest-client';
import { errorFromEaccounting } from './errors';

/** Where an eAccounting connection points. */
export interface EaccountingClientSettings {
  /** Replaces https://eaccountingapi.vismaonline.com/v2 (the sandbox: `…/visma-eaccounting/api/v2`). */
  readonly apiBaseUrl: string;
  /** The company (the token's `customer_id`); for messages and keys only, the token selects it. */
  readonly companyId?: string | undefined;
  readonly timeoutMs?: number;
  /** Calls in flight at once (default 4: 600 a minute per endpoint is plenty for a handful). */
  readonly concurrency?: number;
}

/** The paged envelope (visma-notes.md §1.4). */
interface Paged {
  readonly Meta?: { readonly TotalNumberOfPages?: number; readonly ServerTimeUtc?: string };
  readonly Data?: RawRecord[];
}

/** OData v4 literals (§1.5): strings in single quotes with quotes doubled; date-times as UTC with milliseconds. */
export const odata = {
  string: (v: string): string => `'${v.replace(/'/g, "''")}'`,
  dateTime: (d: Date): string => d.toISOString(),
  anyOf: (field: string, values: readonly string[]): string =>
    values.map((v) => `${field} eq ${odata.string(v)}`).join(' or '),
  /** GUID literals are unquoted in OData v4; anything that is not a GUID cannot match an id and is left out. */
  anyId: (field: string, ids: readonly string[]): string =>
    ids
      .filter((v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v))
      .map((v) => `${field} eq ${v}`)
      .join(' or ') || 'false',
  and: (...parts: (string | undefined)[]): string | undefined => {
    const present = parts.filter((p): p is string => !!p);
    return present.length ? present.map((p) => (present.length > 1 ? `(${p})` : p)).join(' and ') : undefined;
  },
};

/**
 * eAccounting API v2 over the HTTP kit: paged lists (`$page`/`$pagesize`, Meta/Data), OData `$filter`, and
 * per-connection caches of the reference data writes need (terms of payment, units, account codings, bank
 * accounts, VAT codes), read once per connector.
 */
export class EaccountingClient {
  readonly rest: RestClient;
  private readonly refs = new Map<string, Promise<RawRecord[]>>();

  constructor(
    readonly settings: EaccountingClientSettings,
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
        errorOf: errorFromEaccounting,
      },
      http,
      auth,
      clock,
      log,
    );
  }

  /** One page of a list. */
  async page(
    path: string,
    page: number,
    pageSize: number,
    q: { filter?: string | undefined; orderby?: string; extra?: Record<string, string> } = {},
    signal?: AbortSignal,
  ): Promise<FetchedPage<RawRecord>> {
    const body = await this.rest.json<Paged>({
      method: 'GET',
      path,
      query: {
        $page: page,
        $pagesize: pageSize,
        ...(q.filter ? { $filter: q.filter } : {}),
        ...(q.orderby ? { $orderby: q.orderby } : {}),
        ...q.extra,
      },
      operation: `GET ${path}`,
      signal,
    });
    return { items: Array.isArray(body.Data) ? body.Data : [], pageCount: body.Meta?.TotalNumberOfPages };
  }

  /** Every record of a (small) list matching a filter. */
  async all(path: string, filter?: string, signal?: AbortSignal): Promise<RawRecord[]> {
    const out: RawRecord[] = [];
    for (let page = 1; ; page++) {
      const { items, pageCount } = await this.page(path, page, 500, { filter }, signal);
      out.push(...items);
      if (items.length === 0 || page >= (pageCount ?? page)) return out;
    }
  }

  async get(path: string, operation: string, signal?: AbortSignal): Promise<RawRecord> {
    return this.rest.json<RawRecord>({ method: 'GET', path, operation, signal });
  }

  async post(path: string, operation: string, body: unknown, signal?: AbortSignal): Promise<RawRecord> {
    return this.rest.json<RawRecord>({ method: 'POST', path, operation, json: body, signal });
  }

  async put(path: string, operation: string, body: unknown, signal?: AbortSignal): Promise<RawRecord> {
    return this.rest.json<RawRecord>({ method: 'PUT', path, operation, json: body, signal });
  }

  /** Reference data, read once per connector: `/termsofpayments`, `/units`, `/articleaccountcodings`, … */
  reference(path: string): Promise<RawRecord[]> {
    let cached = this.refs.get(path);
    if (!cached) {
      cached = this.all(path);
      cached.catch(() => this.refs.delete(path));
      this.refs.set(path, cached);
    }
    return cached;
  }

  /** The id of the customer with this number (invoices refer to customers by id). */
  async customerIdByNumber(number: string): Promise<string> {
    const [c] = await this.all('/customers', `CustomerNumber eq ${odata.string(number)}`);
    if (!c) throw createError('LF-2007', `Visma eAccounting has no customer number '${number}'`, { number });
    return String(c.Id);
  }

  /** The ids of articles by number (rows refer to articles by id). */
  async articlesByNumber(numbers: readonly string[]): Promise<Map<string, RawRecord>> {
    const out = new Map<string, RawRecord>();
    if (numbers.length === 0) return out;
    for (const a of await this.all('/articles', odata.anyOf('Number', [...new Set(numbers)])))
      out.set(String(a.Number), a);
    return out;
  }
}

/** A path segment, encoded. */
export const seg = (value: string): string => encodeURIComponent(value);
