import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import type { LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { CanonicalField } from '../../../shared/records/canonical-fields';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import type { EntityName } from '../../../shared/records/entities';
import type { HttpClient } from './http-client';

/**
 * The engine-facing connector interface (ARCHITECTURE.md §4–5, STYLE.md §5). Node only. A connector speaks one
 * system's real API and maps it to and from the canonical model; it receives HTTP, the clock and its
 * authorisation through a context, so tests need no globals and no network beyond the simulator.
 */
export interface Connector {
  readonly system: SystemId;
  /** Entities, fields (types, required, read-only) and capabilities: pure data. */
  describe(): ConnectorDescription;
  /**
   * Reads an entity page by page (bounded memory: one page at a time). `since` reads only what changed since
   * then (Xero If-Modified-Since); without it, everything.
   */
  read(entity: EntityName, options?: ReadOptions): AsyncIterable<RecordPage>;
  /** Fetches specific records by id or by a match key's values (for matching); unknown ones are left out. */
  fetch(entity: EntityName, refs: FetchRefs, options?: CallOptions): Promise<CanonicalRecord[]>;
  /**
   * Writes creates and updates in batches at the system's size with one Idempotency-Key per batch. Resolves with
   * one result per op, in the order given: a refused record is a result carrying a UserError with the API's own
   * message; when a whole batch could not be sent (rate limit, outage, lost authorisation) each of its ops
   * carries that batch's error (OperationalError for the engine to retry, or LF-2004). Earlier batches' results
   * are never lost to a later batch's failure.
   */
  write(entity: EntityName, ops: readonly WriteOp[], options?: WriteOptions): Promise<WriteResult[]>;
}

/** The ports a connector works through. */
export interface ConnectorContext {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly auth: AccessTokenSource;
  readonly log?: ConnectorLog;
}

/** Time, injectable. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * Where a connector gets its bearer token. The host implements it over the vault: it refreshes ahead of
 * expiry, saves rotated refresh tokens, and marks the connection "needs reconnect" when the grant is gone.
 */
export interface AccessTokenSource {
  /** A valid access token (refreshed first if it is about to expire). */
  accessToken(): Promise<string>;
  /** Called after a 401: refresh now (once per expired token, however many calls saw it) and return the new token. */
  refreshAfterUnauthorized(rejected: string): Promise<string>;
}

/** Logging port; messages must not contain secrets (the host redacts again at its log). */
export interface ConnectorLog {
  debug(message: string): void;
  warn(message: string): void;
}

/** Options of `read`. */
export interface ReadOptions extends CallOptions {
  /** Only records changed at or after this instant (delta read from the stored cursor). */
  readonly since?: Date;
  /** Filter on canonical fields with equality, e.g. `{ status: 'authorised', type: 'sales' }`. */
  readonly filter?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Lighter records where the API has a summary form (Xero's `summaryOnly`: no line items or other heavy
   * fields), for reading a whole list to learn what exists. Ignored by entities without `summaryRead`.
   */
  readonly summary?: boolean;
  /**
   * Records per page; the connector caps it at what the API allows. Without it a connector reads in the largest
   * pages it asks for (a sync reads whole lists, and every request counts against the API's limits).
   */
  readonly pageSize?: number;
}

/** Options every call takes. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** One page of canonical records. */
export interface RecordPage {
  readonly records: CanonicalRecord[];
  /** 1-based page number within this read. */
  readonly page: number;
  /** The newest `updatedAt` seen so far in this read: the next delta read's `since`. */
  readonly cursor: string | undefined;
  /** How many pages this read has, when the API says (the engine weighs reading a whole list with it). */
  readonly pageCount?: number;
}

/** What `fetch` looks up: source ids, or values of one match key (`number`, `email`, `code`, …). */
export type FetchRefs =
  { readonly ids: readonly string[] } | { readonly key: string; readonly values: readonly string[] };

/** One record to write. `key` is the caller's record key, echoed in its result. */
export type WriteOp =
  | { readonly kind: 'create'; readonly key: string; readonly data: Readonly<Record<string, unknown>> }
  | {
      readonly kind: 'update';
      readonly key: string;
      /** The record's id in this system. */
      readonly id: string;
      readonly data: Readonly<Record<string, unknown>>;
    };

/** Options of `write`. */
export interface WriteOptions extends CallOptions {
  /**
   * A stable key for batch `index` (the engine passes one derived from its journal so a resend after a crash
   * replays). Default: a hash of the entity and the batch's content.
   */
  readonly idempotencyKey?: (index: number, batch: readonly WriteOp[]) => string;
}

/** The outcome for one op. */
export type WriteResult =
  | {
      readonly key: string;
      readonly ok: true;
      /** The record's id in this system. */
      readonly id: string;
      readonly record: CanonicalRecord;
      readonly warnings?: readonly string[];
    }
  | { readonly key: string; readonly ok: false; readonly error: LedgerflowError };

/** How a system deals with one entity. */
export interface EntityCapabilities {
  readonly read: boolean;
  readonly write: boolean;
  /** Records per write request. */
  readonly batchSize: number;
  /** Whether writes carry an Idempotency-Key. */
  readonly idempotency: boolean;
  /** How delta reads work: `modified-since` (If-Modified-Since) or `none` (always a full read). */
  readonly delta: 'modified-since' | 'none';
  /** How lists page: numbered pages or one answer. */
  readonly paging: 'page' | 'none';
  readonly maxPageSize: number;
  readonly matchKeys: readonly string[];
  /**
   * Whether the whole list (`read` without a filter or `since`) holds every record `fetch` can find by a match
   * key, so the engine may match against the list read once instead of fetching value by value. Absent: it may
   * not.
   */
  readonly listHoldsAll?: boolean;
  /** Whether a `summary` read is lighter and still carries every record's id, match keys and isActive. */
  readonly summaryRead?: boolean;
}

/** One entity of `describe()`. */
export interface EntityDescription {
  readonly entity: EntityName;
  readonly apiName: string;
  readonly capabilities: EntityCapabilities;
  readonly fields: readonly CanonicalField[];
}

/** The API's published rate limits (the engine's token buckets start from these). */
export interface RateLimits {
  readonly concurrentPerTenant: number;
  readonly perMinutePerTenant: number;
  readonly perDayPerTenant: number;
  readonly perMinutePerApp?: number;
}

/** What `describe()` returns. */
export interface ConnectorDescription {
  readonly system: SystemId;
  readonly entities: readonly EntityDescription[];
  readonly rateLimits: RateLimits;
}
