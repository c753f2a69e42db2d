import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import type { EntityName } from '../../../shared/records/entities';
import type {
  CallOptions,
  Connector,
  ConnectorContext,
  ConnectorDescription,
  FetchRefs,
  RateLimits,
  ReadOptions,
  RecordPage,
  WriteOp,
  WriteOptions,
  WriteResult,
} from '../kit/connector';
import { describeResources, ResourceConnector } from '../kit/resource-connector';
import { EaccountingClient, type EaccountingClientSettings } from './eaccounting-client';
import { accountResource } from './resources/account';
import { articleResource } from './resources/article';
import { customerResource } from './resources/customer';
import { documentResource } from './resources/document';
import type { EaccountingResource } from './resources/eaccounting-resource';
import { paymentResource } from './resources/payment';
import { stockLevelResource } from './resources/stock-level';
import { vatCodeResource } from './resources/vat-code';

/**
 * eAccounting's published limit (visma-notes.md §1.6): 600 calls a minute per client and endpoint. The engine's
 * budget is per connection, so it gets the per-endpoint figure; no daily cap is published.
 */
export const eaccountingRateLimits: RateLimits = {
  concurrentPerTenant: 4,
  perMinutePerTenant: 600,
  perDayPerTenant: 600 * 60 * 24,
};

const resources: Partial<Record<EntityName, EaccountingResource>> = {
  contact: customerResource,
  item: articleResource,
  taxRate: vatCodeResource,
  account: accountResource,
  invoice: documentResource('invoice'),
  creditNote: documentResource('creditNote'),
  payment: paymentResource,
  stockLevel: stockLevelResource,
};

/**
 * The Visma eAccounting connector: API v2 through undici on the HTTP kit, mapped to the canonical model both
 * ways. Paging with `$page`/`$pagesize` (Meta/Data), deltas with `$filter=ChangedUtc|ModifiedUtc ge …`, one
 * request per record (no batch endpoints), PUT as a full replace by read-modify-write, invoices written as
 * drafts and converted. Errors from the LF table: LF-2001 per record with the API's `DeveloperErrorMessage` and
 * `Errors[]`, LF-2002 for ErrorCode 4010 with the wait the message states, LF-2003, LF-2004 after a failed refresh.
 */
export class EaccountingConnector implements Connector {
  readonly system = 'visma-eaccounting' as const;
  readonly client: EaccountingClient;
  private readonly inner: ResourceConnector<EaccountingClient>;

  constructor(settings: EaccountingClientSettings, ctx: ConnectorContext) {
    this.client = new EaccountingClient(settings, ctx.http, ctx.auth, ctx.clock, ctx.log);
    this.inner = new ResourceConnector({
      system: 'visma-eaccounting',
      label: 'Visma eAccounting',
      client: this.client,
      resources,
      rateLimits: eaccountingRateLimits,
      writeConcurrency: 4,
      // The engine plans a page at a time, so a page is its working set: 250 invoices with their rows keeps a
      // 100,000-invoice run's worker well under 300 MB, and 400 calls for them stay far from 600 a minute.
      defaultPageSize: 250,
    });
  }

  describe(): ConnectorDescription {
    return describeEaccounting();
  }

  /**
   * The connection test: the company's name (`GET /companysettings`, when the API serves it) and the number of
   * customers (`GET /customers?$pagesize=1`, Meta.TotalNumberOfResults).
   */
  async probe(
    options: CallOptions & { fallbackName?: string } = {},
  ): Promise<{ organisationName: string; contactCount: number }> {
    const customers = await this.client.rest.json<{ Meta?: { TotalNumberOfResults?: number } }>({
      method: 'GET',
      path: '/customers',
      query: { $page: 1, $pagesize: 1 },
      operation: 'GET /customers',
      signal: options.signal,
    });
    let name: string | undefined;
    try {
      const settings = await this.client.get('/companysettings', 'GET /companysettings', options.signal);
      name = typeof settings.Name === 'string' ? settings.Name : undefined;
    } catch {
      // Not every deployment (nor the sandbox) serves company settings; the connection's name stands in.
    }
    return {
      organisationName: name ?? options.fallbackName ?? 'Visma eAccounting company',
      contactCount: customers.Meta?.TotalNumberOfResults ?? 0,
    };
  }

  read(entity: EntityName, options?: ReadOptions): AsyncIterable<RecordPage> {
    return this.inner.read(entity, options);
  }

  fetch(entity: EntityName, refs: FetchRefs, options?: CallOptions): Promise<CanonicalRecord[]> {
    return this.inner.fetch(entity, refs, options);
  }

  /** One request per record (4 at a time); eAccounting takes no Idempotency-Key, so `idempotencyKey` is unused. */
  write(entity: EntityName, ops: readonly WriteOp[], options?: WriteOptions): Promise<WriteResult[]> {
    return this.inner.write(entity, ops, options);
  }
}

/** The eAccounting connector's description: pure data, the same for every connection. */
export function describeEaccounting(): ConnectorDescription {
  return describeResources('visma-eaccounting', resources, eaccountingRateLimits);
}
