import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { createError } from '../../../shared/errors/ledgerflow-error';
import { canonicalFields } from '../../../shared/records/canonical-fields';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import { entityLabels, type EntityName } from '../../../shared/records/entities';
import type {
  CallOptions,
  ConnectorDescription,
  EntityCapabilities,
  EntityDescription,
  FetchRefs,
  RateLimits,
  ReadOptions,
  RecordPage,
  WriteOp,
  WriteResult,
} from './connector';
import { chunk, pageNumbers, Semaphore, type FetchedPage } from './paging';
import { asLedgerflowError } from './rest-client';

/** A raw record exactly as the API sent it. */
export type RawRecord = Record<string, unknown>;

/** A read after the canonical options have been checked: the resource translates filters itself. */
export interface ResourceQuery {
  /** Records changed at or after this instant. */
  readonly since?: Date | undefined;
  /** Canonical field → value (equality). */
  readonly filter: Readonly<Record<string, string | number | boolean>>;
  readonly signal?: AbortSignal | undefined;
}

/** What a write of one record gives back: the raw record as the API now holds it, and any warnings. */
export interface WrittenRecord {
  readonly raw: RawRecord;
  readonly warnings?: readonly string[];
}

/**
 * One entity of a REST connector without batch endpoints (the Visma APIs): how it reads, maps and writes one
 * record. `C` is the connector's own client (which carries its caches of reference data).
 */
export interface RestResource<C> {
  readonly entity: EntityName;
  readonly apiName: string;
  readonly capabilities: EntityCapabilities;
  /** Canonical field paths this system computes or ignores. */
  readonly readOnlyFields?: readonly string[];
  /** Canonical fields this system requires beyond the model's own required ones. */
  readonly requiredFields?: readonly string[];
  /** Canonical filter fields the resource understands (anything else is LF-1001). */
  readonly filterFields?: readonly string[];
  toCanonical(raw: RawRecord): CanonicalRecord;
  readPage(client: C, page: number, pageSize: number, query: ResourceQuery): Promise<FetchedPage<RawRecord>>;
  fetch(client: C, refs: FetchRefs, options: CallOptions): Promise<RawRecord[]>;
  /** Writes one record (create, or update of `op.id`). Absent when the entity is read-only. */
  write?(client: C, op: WriteOp, options: CallOptions): Promise<WrittenRecord>;
}

/** Settings of a resource connector. */
export interface ResourceConnectorSettings<C> {
  readonly system: SystemId;
  /** e.g. "Visma eAccounting", used in messages. */
  readonly label: string;
  readonly client: C;
  readonly resources: Partial<Record<EntityName, RestResource<C>>>;
  readonly rateLimits: RateLimits;
  /** Records written at once (each is its own request: neither Visma API has batch endpoints). */
  readonly writeConcurrency: number;
  /** Records per page when the caller does not say (capped by each entity's `maxPageSize`). */
  readonly defaultPageSize: number;
}

/**
 * The read/fetch/write loops every REST connector without batch writes shares: pages one at a time (bounded
 * memory), a cursor from the newest `updatedAt`, fetches in chunks, and writes one request per record with a
 * result per record (a refusal is that record's UserError with the API's message; a 429 or an outage is that
 * record's OperationalError, so earlier records' results are never lost).
 */
export class ResourceConnector<C> {
  constructor(private readonly s: ResourceConnectorSettings<C>) {}

  describe(): ConnectorDescription {
    return describeResources(this.s.system, this.s.resources, this.s.rateLimits);
  }

  async *read(entity: EntityName, options: ReadOptions = {}): AsyncGenerator<RecordPage> {
    const resource = this.resource(entity, 'read');
    for (const field of Object.keys(options.filter ?? {}))
      if (!resource.filterFields?.includes(field))
        throw createError(
          'LF-1001',
          `${this.s.label} ${entityLabels[entity].many} cannot be filtered on '${field}'`,
        );
    const pageSize = Math.min(
      Math.max(1, options.pageSize ?? this.s.defaultPageSize),
      resource.capabilities.maxPageSize,
    );
    const query: ResourceQuery = {
      since: resource.capabilities.delta === 'modified-since' ? options.since : undefined,
      filter: options.filter ?? {},
      signal: options.signal,
    };
    let cursor: string | undefined;
    const pages = pageNumbers(
      (page) => resource.readPage(this.s.client, page, pageSize, query),
      pageSize,
      options.signal,
    );
    for await (const { page, items, pageCount } of pages) {
      const records = items.map((raw) => resource.toCanonical(raw));
      for (const r of records) if (r.updatedAt && (!cursor || r.updatedAt > cursor)) cursor = r.updatedAt;
      yield { records, page, cursor, ...(pageCount !== undefined ? { pageCount } : {}) };
    }
  }

  async fetch(entity: EntityName, refs: FetchRefs, options: CallOptions = {}): Promise<CanonicalRecord[]> {
    const resource = this.resource(entity, 'read');
    const values = [...new Set('ids' in refs ? refs.ids : refs.values)];
    const out: CanonicalRecord[] = [];
    for (const part of chunk(values, 25)) {
      options.signal?.throwIfAborted();
      const partRefs: FetchRefs = 'ids' in refs ? { ids: part } : { key: refs.key, values: part };
      for (const raw of await resource.fetch(this.s.client, partRefs, options))
        out.push(resource.toCanonical(raw));
    }
    return out;
  }

  async write(
    entity: EntityName,
    ops: readonly WriteOp[],
    options: CallOptions = {},
  ): Promise<WriteResult[]> {
    const resource = this.resource(entity, 'write');
    const write = resource.write;
    if (!write)
      throw createError('LF-2006', `${this.s.label} ${entityLabels[entity].many} cannot be written`);
    const gate = new Semaphore(this.s.writeConcurrency);
    return Promise.all(
      ops.map((op) =>
        gate.run(async (): Promise<WriteResult> => {
          try {
            options.signal?.throwIfAborted();
            const written = await write(this.s.client, op, options);
            const record = resource.toCanonical(written.raw);
            return {
              key: op.key,
              ok: true,
              id: record.sourceId,
              record,
              ...(written.warnings?.length ? { warnings: written.warnings } : {}),
            };
          } catch (error) {
            return { key: op.key, ok: false, error: asLedgerflowError(error) };
          }
        }),
      ),
    );
  }

  private resource(entity: EntityName, direction: 'read' | 'write'): RestResource<C> {
    const resource = this.s.resources[entity];
    if (!resource) throw createError('LF-2006', `${this.s.label} has no ${entityLabels[entity].many}`);
    if (direction === 'read' && !resource.capabilities.read)
      throw createError('LF-2006', `${this.s.label} ${entityLabels[entity].many} cannot be read`);
    if (direction === 'write' && !resource.capabilities.write)
      throw createError(
        'LF-2006',
        `${this.s.label} ${entityLabels[entity].many} are read-only in Ledgerflow`,
      );
    return resource;
  }
}

/** A connector description from its resources: pure data, the same for every connection. */
export function describeResources<C>(
  system: SystemId,
  resources: Partial<Record<EntityName, RestResource<C>>>,
  rateLimits: RateLimits,
): ConnectorDescription {
  const entities: EntityDescription[] = Object.values(resources).map((resource) => {
    const readOnly = new Set(resource.readOnlyFields ?? []);
    const required = new Set(resource.requiredFields ?? []);
    return {
      entity: resource.entity,
      apiName: resource.apiName,
      capabilities: resource.capabilities,
      fields: canonicalFields[resource.entity].map((field) => ({
        ...field,
        ...(readOnly.has(field.path) || !resource.capabilities.write ? { readOnly: true } : {}),
        ...(required.has(field.path) ? { required: true } : {}),
      })),
    };
  });
  return { system, entities, rateLimits };
}

/** Drops undefined values so canonical data holds only what the system said. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  // A plain loop: this runs for every record and line of every page read (no arrays of entries in between).
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (value[key] !== undefined) out[key] = value[key];
  return out as T;
}
