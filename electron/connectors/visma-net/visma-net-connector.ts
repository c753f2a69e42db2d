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
import { VismaNetClient, type VismaNetClientSettings } from './visma-net-client';
import { accountResource } from './resources/account';
import { customerResource } from './resources/customer';
import { customerInvoiceResource } from './resources/customer-invoice';
import { customerPaymentResource } from './resources/customer-payment';
import { inventoryResource } from './resources/inventory';
import { salesOrderV1Resource } from './resources/sales-order-v1';
import { stockLevelResource } from './resources/stock-level';
import { vatCategoryResource } from './resources/vat-category';
import type { VismaNetResource } from './resources/visma-net-resource';

/**
 * Visma.net's limit (visma-notes.md §2.6): a fixed hourly window per company and client whose size is not
 * published (the answers' X-RateLimit-Limit tells it; the sandbox uses 3600). The engine's per-minute budget is
 * that hour spread evenly; a 429 carries Retry-After.
 */
export const vismaNetRateLimits: RateLimits = {
  concurrentPerTenant: 4,
  perMinutePerTenant: 60,
  perDayPerTenant: 3600 * 24,
};

const resources: Partial<Record<EntityName, VismaNetResource>> = {
  contact: customerResource,
  item: inventoryResource,
  taxRate: vatCategoryResource,
  account: accountResource,
  invoice: customerInvoiceResource('invoice'),
  creditNote: customerInvoiceResource('creditNote'),
  payment: customerPaymentResource,
  // v1 today; a SalesOrders V3 resource replaces this one line (§2.1).
  salesOrder: salesOrderV1Resource,
  stockLevel: stockLevelResource,
};

/**
 * The Visma.net ERP connector: API v1 (and v2 invoice creation) through undici on the HTTP kit, mapped to the
 * canonical model both ways. Paging by `pageNumber`/`pageSize` with `metadata.totalCount`, deltas with
 * `lastModifiedDateTime` + `lastModifiedDateTimeCondition=>=`, value-wrapped writes, lines with `operation`,
 * If-Match on updates (a 412 re-reads and retries once). Errors: LF-2001 per record with the API's
 * ExceptionMessage, LF-2002 with Retry-After and the X-RateLimit-* values, LF-2003, LF-2004 once a new
 * client-credentials token is refused too.
 */
export class VismaNetConnector implements Connector {
  readonly system = 'visma-net' as const;
  readonly client: VismaNetClient;
  private readonly inner: ResourceConnector<VismaNetClient>;

  constructor(settings: VismaNetClientSettings, ctx: ConnectorContext) {
    this.client = new VismaNetClient(settings, ctx.http, ctx.auth, ctx.clock, ctx.log);
    this.inner = new ResourceConnector({
      system: 'visma-net',
      label: 'Visma.net',
      client: this.client,
      resources,
      rateLimits: vismaNetRateLimits,
      writeConcurrency: 4,
      defaultPageSize: 100,
    });
  }

  describe(): ConnectorDescription {
    return describeVismaNet();
  }

  /** The connection test: counts customers (`GET /v1/customer?pageSize=1`, metadata.totalCount). */
  async probe(
    options: CallOptions & { fallbackName?: string } = {},
  ): Promise<{ organisationName: string; contactCount: number }> {
    const { items, pageCount } = await this.client.page('/v1/customer', 1, 1, {}, options.signal);
    return {
      organisationName: options.fallbackName ?? this.client.settings.tenantId,
      contactCount: items.length === 0 ? 0 : (pageCount ?? items.length),
    };
  }

  read(entity: EntityName, options?: ReadOptions): AsyncIterable<RecordPage> {
    return this.inner.read(entity, options);
  }

  fetch(entity: EntityName, refs: FetchRefs, options?: CallOptions): Promise<CanonicalRecord[]> {
    return this.inner.fetch(entity, refs, options);
  }

  /** One request per record (4 at a time); Visma.net takes no Idempotency-Key, so `idempotencyKey` is unused. */
  write(entity: EntityName, ops: readonly WriteOp[], options?: WriteOptions): Promise<WriteResult[]> {
    return this.inner.write(entity, ops, options);
  }
}

/** The Visma.net connector's description: pure data, the same for every connection. */
export function describeVismaNet(): ConnectorDescription {
  return describeResources('visma-net', resources, vismaNetRateLimits);
}
