import { createHash } from 'node:crypto';
import { xeroDescriptor } from '../../../shared/connectors/xero.descriptor';
import { createError, LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import { canonicalFields } from '../../../shared/records/canonical-fields';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import { entityLabels, type EntityName } from '../../../shared/records/entities';
import type {
  CallOptions,
  Connector,
  ConnectorContext,
  ConnectorDescription,
  EntityDescription,
  FetchRefs,
  ReadOptions,
  RecordPage,
  WriteOp,
  WriteOptions,
  WriteResult,
} from '../kit/connector';
import { chunk, pageNumbers } from '../kit/paging';
import { elementFailed, validationMessages } from './errors';
import { XeroClient, type XeroClientSettings } from './xero-client';
import { needsUnitdp4 } from './xero-mapping';
import { accountResource } from './resources/account';
import { contactResource } from './resources/contact';
import { creditNoteResource } from './resources/credit-note';
import { unitPricesOf } from './resources/document';
import { invoiceResource } from './resources/invoice';
import { itemResource } from './resources/item';
import { paymentResource } from './resources/payment';
import { stockLevelResource } from './resources/stock-level';
import { taxRateResource } from './resources/tax-rate';
import type { XeroQuery, XeroResource } from './resources/xero-resource';

/** Xero's published limits (xero-notes.md §2.1). */
export const xeroRateLimits = {
  concurrentPerTenant: 5,
  perMinutePerTenant: 60,
  perDayPerTenant: 5000,
  perMinutePerApp: 10_000,
} as const;

/** Records per write request (xero-notes.md §2.2: about 50 recommended). */
export const XERO_BATCH_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
/**
 * Pages are as large as Xero allows unless the caller asks for less (§2.3): the engine reads whole lists, and
 * ten times fewer requests matter against 60 calls a minute and 5,000 a day.
 */
const DEFAULT_PAGE_SIZE = MAX_PAGE_SIZE;
/** If-Modified-Since may be > or ≥ (UNVERIFIED, §2.3): read one second early and let the id map dedupe. */
const DELTA_OVERLAP_MS = 1000;

const resources: Partial<Record<EntityName, XeroResource>> = {
  contact: contactResource,
  item: itemResource,
  taxRate: taxRateResource,
  account: accountResource,
  invoice: invoiceResource,
  creditNote: creditNoteResource,
  payment: paymentResource,
  stockLevel: stockLevelResource,
};

/**
 * The Xero connector: the Accounting API through xero-node 20 (AccountingApi with a configurable base path),
 * mapped to the canonical model both ways. Batches of 50 with `summarizeErrors=false` and one Idempotency-Key
 * per batch; deltas via If-Modified-Since; errors from the LF table (LF-2001 per record with Xero's message,
 * LF-2002 with retryAfterMs, LF-2003, LF-2004 after a failed refresh).
 */
export class XeroConnector implements Connector {
  readonly system = 'xero' as const;
  private readonly client: XeroClient;

  constructor(
    private readonly settings: XeroClientSettings,
    private readonly ctx: ConnectorContext,
  ) {
    this.client = new XeroClient(settings, ctx.auth, ctx.clock, ctx.log);
  }

  describe(): ConnectorDescription {
    return describeXero();
  }

  /** Reaches the organisation and counts its contacts (the connection test): GET /Organisation, GET /Contacts. */
  async probe(options: CallOptions = {}): Promise<{ organisationName: string; contactCount: number }> {
    const org = await this.client.call('GET /Organisation', (api, t) => api.getOrganisations(t));
    options.signal?.throwIfAborted();
    const first = (org.data.Organisations as Record<string, unknown>[] | undefined)?.[0];
    // One contact per page: the pagination's itemCount is the count, without reading them all.
    const contacts = await this.client.call('GET /Contacts', (api, t) =>
      api.getContacts(t, undefined, undefined, undefined, undefined, 1, undefined, true, undefined, 1),
    );
    const pagination = contacts.data.pagination as { itemCount?: unknown } | undefined;
    const count =
      typeof pagination?.itemCount === 'number' ? pagination.itemCount : itemsCount(contacts.data);
    return { organisationName: String(first?.Name ?? this.settings.tenantId), contactCount: count };
  }

  async *read(entity: EntityName, options: ReadOptions = {}): AsyncGenerator<RecordPage> {
    const resource = this.resource(entity, 'read');
    const query = this.queryFor(resource, options);
    const pageSize = Math.min(Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
    let cursor: string | undefined;
    const emit = (
      page: number,
      items: readonly Record<string, unknown>[],
      pageCount: number | undefined,
    ): RecordPage => {
      const records = items.map((raw) => resource.toCanonical(raw));
      for (const r of records) if (r.updatedAt && (!cursor || r.updatedAt > cursor)) cursor = r.updatedAt;
      return { records, page, cursor, ...(pageCount !== undefined ? { pageCount } : {}) };
    };
    if (resource.capabilities.paging === 'page') {
      const pages = pageNumbers(
        (page) => resource.readPage(this.client, page, pageSize, query),
        pageSize,
        options.signal,
      );
      for await (const { page, items, pageCount } of pages) yield emit(page, items, pageCount);
      return;
    }
    // Unpaged lists (Items, Accounts, TaxRates) come whole; hand them on in pages of the asked size.
    options.signal?.throwIfAborted();
    const { items } = await resource.readPage(this.client, 1, pageSize, query);
    const parts = chunk(items, pageSize);
    for (const [i, part] of parts.entries()) yield emit(i + 1, part, parts.length);
  }

  async fetch(entity: EntityName, refs: FetchRefs, options: CallOptions = {}): Promise<CanonicalRecord[]> {
    const resource = this.resource(entity, 'read');
    const values = 'ids' in refs ? refs.ids : refs.values;
    const out: CanonicalRecord[] = [];
    // Keep URLs and where strings short: 25 values per request.
    for (const part of chunk([...new Set(values)], 25)) {
      options.signal?.throwIfAborted();
      const partRefs: FetchRefs = 'ids' in refs ? { ids: part } : { key: refs.key, values: part };
      for (const raw of await resource.fetch(this.client, partRefs)) out.push(resource.toCanonical(raw));
    }
    return out;
  }

  async write(
    entity: EntityName,
    ops: readonly WriteOp[],
    options: WriteOptions = {},
  ): Promise<WriteResult[]> {
    const resource = this.resource(entity, 'write');
    const toXero = resource.toXero;
    const writeBatch = resource.writeBatch;
    if (!toXero || !writeBatch)
      throw createError('LF-2006', `Xero ${entityLabels[entity].many} cannot be written`);
    const results = new Map<string, WriteResult>();
    const groups: WriteOp[][] = [
      ops.filter((op) => op.kind === 'create'),
      ops.filter((op) => op.kind === 'update'),
    ];
    let batchIndex = 0;
    for (const group of groups) {
      for (const batch of chunk(group, XERO_BATCH_SIZE)) {
        options.signal?.throwIfAborted();
        const index = batchIndex++;
        const kind = batch[0]!.kind;
        const payloads = batch.map((op) => toXero(op.data, op.kind === 'update' ? op.id : undefined));
        const idempotencyKey = (
          options.idempotencyKey?.(index, batch) ?? this.defaultKey(entity, kind, payloads)
        ).slice(0, 128);
        const unitdp = needsUnitdp4(
          batch.flatMap((op) => [...unitPricesOf(op.data), op.data.unitPrice, op.data.purchasePrice]),
        )
          ? 4
          : 2;
        let elements: Record<string, unknown>[];
        try {
          elements = await writeBatch(this.client, {
            kind,
            payloads,
            ids: batch.map((op) => (op.kind === 'update' ? op.id : undefined)),
            idempotencyKey,
            unitdp,
          });
        } catch (error) {
          // The whole batch failed (a 400 that would not bind, a 429, an outage): every record carries the error.
          const e = error instanceof LedgerflowError ? error : createError('LF-9001', String(error));
          for (const op of batch) results.set(op.key, { key: op.key, ok: false, error: e });
          continue;
        }
        for (const [i, op] of batch.entries()) {
          results.set(op.key, await this.resultOf(resource, op, elements[i], idempotencyKey));
        }
      }
    }
    return ops.map((op) => results.get(op.key)!);
  }

  private async resultOf(
    resource: XeroResource,
    op: WriteOp,
    element: Record<string, unknown> | undefined,
    idempotencyKey: string,
  ): Promise<WriteResult> {
    if (!element) {
      return {
        key: op.key,
        ok: false,
        error: createError('LF-2011', `Xero did not answer for record '${op.key}'`),
      };
    }
    if (elementFailed(element)) {
      const messages = validationMessages(element);
      const apiMessage = messages.join('; ') || 'Xero refused the record without saying why';
      return {
        key: op.key,
        ok: false,
        error: createError(
          'LF-2001',
          `Xero refused the ${entityLabels[resource.entity].one}: ${apiMessage}`,
          {
            apiMessage,
            messages,
          },
        ),
      };
    }
    const record = resource.toCanonical(element);
    const warnings = (Array.isArray(element.Warnings) ? element.Warnings : [])
      .map((w) => (w as { Message?: unknown })?.Message)
      .filter((m): m is string => typeof m === 'string');
    if (resource.afterWrite) {
      try {
        warnings.push(...(await resource.afterWrite(this.client, op.data, element, idempotencyKey)));
      } catch (error) {
        const e = error instanceof LedgerflowError ? error : createError('LF-9001', String(error));
        const wrapped = createError(e.code, `Saved as ${record.sourceId}, but: ${e.message}`, {
          ...(typeof e.details === 'object' && e.details ? e.details : {}),
          id: record.sourceId,
        });
        return { key: op.key, ok: false, error: wrapped };
      }
    }
    return { key: op.key, ok: true, id: record.sourceId, record, ...(warnings.length ? { warnings } : {}) };
  }

  private defaultKey(entity: EntityName, kind: string, payloads: unknown[]): string {
    const hash = createHash('sha256')
      .update(`${this.settings.tenantId}\n${entity}\n${kind}\n${JSON.stringify(payloads)}`)
      .digest('base64url');
    return `lf-${entity}-${hash}`;
  }

  private queryFor(resource: XeroResource, options: ReadOptions): XeroQuery {
    const wheres: string[] = [];
    let statuses: string[] | undefined;
    for (const [field, value] of Object.entries(options.filter ?? {})) {
      const part = resource.filter(field, value);
      if (!part)
        throw createError(
          'LF-1001',
          `Xero ${entityLabels[resource.entity].many} cannot be filtered on '${field}'`,
        );
      if (part.where) wheres.push(part.where);
      if (part.statuses) statuses = [...(statuses ?? []), ...part.statuses];
    }
    const since =
      options.since && resource.capabilities.delta === 'modified-since'
        ? new Date(options.since.getTime() - DELTA_OVERLAP_MS)
        : undefined;
    return {
      ...(since ? { since } : {}),
      ...(wheres.length
        ? { where: wheres.map((w) => (wheres.length > 1 ? `(${w})` : w)).join(' AND ') }
        : {}),
      ...(statuses ? { statuses } : {}),
      ...(options.summary && resource.capabilities.summaryRead ? { summary: true } : {}),
    };
  }

  private resource(entity: EntityName, direction: 'read' | 'write'): XeroResource {
    const resource = resources[entity];
    if (!resource) throw createError('LF-2006', `Xero has no ${entityLabels[entity].many}`);
    if (direction === 'write' && !resource.capabilities.write)
      throw createError('LF-2006', `Xero ${entityLabels[entity].many} are read-only in Ledgerflow`);
    return resource;
  }
}

function itemsCount(data: Record<string, unknown>): number {
  return Array.isArray(data.Contacts) ? data.Contacts.length : 0;
}

/** The Xero connector's description: pure data, the same for every connection. */
export function describeXero(): ConnectorDescription {
  const entities: EntityDescription[] = Object.values(resources).map((resource) => {
    const readOnly = new Set(resource.readOnlyFields ?? []);
    const required = new Set(resource.requiredFields ?? []);
    const capability = xeroDescriptor.entities[resource.entity];
    return {
      entity: resource.entity,
      apiName: capability?.apiName ?? resource.apiName,
      capabilities: resource.capabilities,
      fields: canonicalFields[resource.entity].map((field) => ({
        ...field,
        ...(readOnly.has(field.path) || !resource.capabilities.write ? { readOnly: true } : {}),
        ...(required.has(field.path) ? { required: true } : {}),
      })),
    };
  });
  return { system: 'xero', entities, rateLimits: xeroRateLimits };
}
