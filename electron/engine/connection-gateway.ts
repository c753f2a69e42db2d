import type { SystemId } from '../../shared/connectors/connector-descriptor';
import { createError, LedgerflowError } from '../../shared/errors/ledgerflow-error';
import type { CanonicalRecord } from '../../shared/records/canonical-record';
import type { EntityName } from '../../shared/records/entities';
import type {
  Connector,
  ConnectorDescription,
  FetchRefs,
  ReadOptions,
  RecordPage,
  WriteOp,
  WriteResult,
} from '../connectors/kit/connector';
import { CircuitBreaker, type BreakerSettings } from './runtime/circuit-breaker';
import type { EngineClock } from './runtime/engine-clock';
import { RateBudget, type RateBudgetLimits } from './runtime/rate-budget';
import {
  defaultRetryPolicy,
  isRetryable,
  retryAfterOf,
  retryDelayMs,
  withRetry,
  type RetryNotice,
  type RetryPolicy,
} from './runtime/retry-policy';

/** What the gateway reports for the live log. */
export interface GatewayEvents {
  onRetry(what: string, notice: RetryNotice): void;
  onBreaker(state: string, reopensInMs?: number): void;
  onCall(system: SystemId, calls: number): void;
}

/** Settings of a gateway; defaults from the connector's published limits. */
export interface GatewaySettings {
  readonly clock: EngineClock;
  readonly retryPolicy?: RetryPolicy;
  readonly breaker?: BreakerSettings;
  readonly rateLimits?: RateBudgetLimits;
  readonly random?: () => number;
}

/**
 * One connection as the engine uses it (ARCHITECTURE §5): every call waits for the (connection, tenant) rate
 * budget, passes the connection's circuit breaker, and is retried with backoff honouring Retry-After. The budget
 * starts from describe().rateLimits; the Xero connector does not pass its remaining-limit headers up, so the
 * budget learns from 429s (pauseFor(Retry-After)) instead.
 */
export class ConnectionGateway {
  readonly budget: RateBudget;
  readonly breaker: CircuitBreaker;
  private description: ConnectorDescription | undefined;

  /**
   * `shared` carries the budget and breaker of the connection when several runs use it at once (they share
   * the tenant's limits and its health); without it the gateway makes its own.
   */
  constructor(
    readonly connectionId: string,
    readonly connector: Connector,
    private readonly settings: GatewaySettings,
    private readonly events: GatewayEvents,
    shared?: { readonly budget: RateBudget; readonly breaker: CircuitBreaker },
  ) {
    const limits = connector.describe().rateLimits;
    this.budget =
      shared?.budget ??
      new RateBudget(
        settings.rateLimits ?? {
          concurrent: limits.concurrentPerTenant,
          perMinute: limits.perMinutePerTenant,
          perDay: limits.perDayPerTenant,
        },
        settings.clock,
      );
    this.breaker =
      shared?.breaker ??
      new CircuitBreaker(settings.clock, settings.breaker, (state, ms) => events.onBreaker(state, ms));
  }

  describe(): ConnectorDescription {
    return (this.description ??= this.connector.describe());
  }

  /** Runs one API call through breaker, budget and retries. */
  async call<T>(what: string, calls: number, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withRetry(
      async () => {
        this.breaker.beforeCall();
        const release = await this.budget.acquire(signal);
        this.events.onCall(this.connector.system, calls);
        try {
          const result = await task();
          this.breaker.onSuccess();
          return result;
        } catch (error) {
          const e = normaliseError(error);
          this.noteFailure(e);
          throw e;
        } finally {
          release();
        }
      },
      {
        clock: this.settings.clock,
        ...(this.settings.retryPolicy ? { policy: this.settings.retryPolicy } : {}),
        ...(this.settings.random ? { random: this.settings.random } : {}),
        ...(signal ? { signal } : {}),
        onRetry: (notice) => this.events.onRetry(what, notice),
      },
    );
  }

  /** Tells breaker and budget about a failure seen outside `call` (a whole write batch failing). */
  noteFailure(error: unknown): void {
    const kind = error instanceof LedgerflowError ? error.kind : 'unexpected';
    this.breaker.onFailure(kind);
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== undefined) this.budget.pauseFor(retryAfter);
  }

  fetch(entity: EntityName, refs: FetchRefs, signal?: AbortSignal): Promise<CanonicalRecord[]> {
    const n = 'ids' in refs ? refs.ids.length : refs.values.length;
    if (n === 0) return Promise.resolve([]);
    return this.call(`fetch ${entity}`, Math.ceil(n / 25), () => this.connector.fetch(entity, refs), signal);
  }

  /**
   * Reads page by page. A page that still fails after its retries ends the read; a failed page restarts the
   * read (a generator that threw is finished) and skips the pages already handed on: page numbers are stable
   * within a read, and the id map absorbs a record seen twice.
   */
  async *read(entity: EntityName, options: ReadOptions, signal?: AbortSignal): AsyncGenerator<RecordPage> {
    const policy = this.settings.retryPolicy ?? defaultRetryPolicy;
    let delivered = 0;
    let attempt = 0;
    for (;;) {
      const iterator = this.connector.read(entity, options)[Symbol.asyncIterator]();
      try {
        for (;;) {
          this.breaker.beforeCall();
          const release = await this.budget.acquire(signal);
          this.events.onCall(this.connector.system, 1);
          let next: IteratorResult<RecordPage>;
          try {
            next = await iterator.next();
            this.breaker.onSuccess();
          } catch (error) {
            const e = normaliseError(error);
            this.noteFailure(e);
            throw e;
          } finally {
            release();
          }
          if (next.done) return;
          if (next.value.page <= delivered) continue;
          delivered = next.value.page;
          attempt = 0;
          yield next.value;
        }
      } catch (error) {
        await iterator.return?.(undefined)?.catch(() => undefined);
        if (!isRetryable(error) || ++attempt > policy.maxRetries) throw error;
        const delayMs = retryDelayMs(attempt, error, policy, this.settings.random);
        this.events.onRetry(`read ${entity} page ${delivered + 1}`, { retry: attempt, delayMs, error });
        await this.settings.clock.sleep(delayMs, signal);
      }
    }
  }

  /**
   * Sends one journalled batch, retrying the whole request with the same Idempotency-Key while it fails as a
   * whole with an operational error (429, 5xx, network): a resend the API already saw replays its answer.
   * Per-record results (a refused record) are returned as they are. Throws the last error when retries run out.
   */
  writeBatch(
    entity: EntityName,
    ops: readonly WriteOp[],
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<WriteResult[]> {
    const creates = ops.filter((o) => o.kind === 'create').length;
    const calls = Math.ceil(creates / 50) + Math.ceil((ops.length - creates) / 50);
    return this.call(
      `write ${ops.length} ${entity}`,
      calls,
      async () => {
        const results = (
          await this.connector.write(entity, ops, {
            idempotencyKey: (index) => `${idempotencyKey}-${index}`,
          })
        ).map((r) => (r.ok ? r : { ...r, error: normaliseError(r.error) as LedgerflowError }));
        const first = results[0];
        const wholeBatch = first && results.every((r) => !r.ok && isRetryable(r.error));
        if (wholeBatch && !first.ok) throw first.error;
        return results;
      },
      signal,
    );
  }
}

/**
 * A 2xx answer whose body was cut off (a connection dropped mid-body) is an outage, not a refusal: the request
 * may well have been acted on, and a resend with the same Idempotency-Key is what makes that safe. The Xero
 * connector reports it as LF-2001 with the 2xx status; treat it as LF-2003 so it is retried, not dead-lettered.
 */
export function normaliseError(error: unknown): unknown {
  if (!(error instanceof LedgerflowError) || error.kind !== 'user') return error;
  const details = (typeof error.details === 'object' && error.details ? error.details : {}) as Record<
    string,
    unknown
  >;
  const status = details.status;
  if (typeof status !== 'number' || status < 200 || status >= 300) return error;
  return createError('LF-2003', `The answer was cut off: ${error.message}`, { ...details, cutOff: true });
}
