import { createError, LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { AccessTokenSource, Clock, ConnectorLog } from './connector';
import type { HttpClient, HttpRequest, HttpResponse } from './http-client';
import { Semaphore } from './paging';

/** One call of a JSON REST API, relative to the client's base URL. */
export interface RestCall {
  readonly method: HttpRequest['method'];
  /** Path below the base URL, e.g. `/customers/{id}` already filled in (segments encoded by the caller). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly json?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Names the call in messages and errors, e.g. `PUT /customers/{customerId}` (never with ids or secrets). */
  readonly operation: string;
  readonly signal?: AbortSignal | undefined;
}

/** Settings of a REST client: where, how many at once, and how the API's refusals read. */
export interface RestClientSettings {
  readonly baseUrl: string;
  /** Calls in flight at once (per connection). */
  readonly concurrency: number;
  readonly timeoutMs?: number;
  /** Headers sent on every call (besides the bearer token). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Maps a non-2xx answer to the LF table with the API's own message (each system's `errors.ts`). */
  readonly errorOf: (res: HttpResponse, operation: string, now: Date) => LedgerflowError;
}

/**
 * The HTTP kit's JSON REST client for connectors that talk to an API directly (the Visma connectors): bearer
 * token from the context, at most `concurrency` calls in flight, one refresh and one retry after a 401, and every
 * refusal leaving as a LedgerflowError from the LF table. Transport (keep-alive pools, timeouts, network errors
 * as LF-2003) is the context's `HttpClient`.
 */
export class RestClient {
  private readonly gate: Semaphore;

  constructor(
    private readonly settings: RestClientSettings,
    private readonly http: HttpClient,
    private readonly auth: AccessTokenSource,
    private readonly clock: Clock,
    private readonly log?: ConnectorLog,
  ) {
    this.gate = new Semaphore(settings.concurrency);
  }

  /** Sends one call; resolves with any 2xx answer, rejects with a LedgerflowError otherwise. */
  async send(call: RestCall): Promise<HttpResponse> {
    return this.gate.run(async () => {
      let token = await this.auth.accessToken();
      let res = await this.once(call, token);
      if (res.status === 401) {
        // The token expired early or was replaced elsewhere: refresh once, then retry once.
        this.log?.debug(`${call.operation}: 401, getting a new access token and retrying`);
        token = await this.auth.refreshAfterUnauthorized(token);
        res = await this.once(call, token);
      }
      if (res.status >= 200 && res.status < 300) return res;
      throw this.settings.errorOf(res, call.operation, this.clock.now());
    });
  }

  /** Sends one call and returns its JSON body (an object or array), or LF-2011 when the answer is not JSON. */
  async json<T = unknown>(call: RestCall): Promise<T> {
    const res = await this.send(call);
    if (res.json === undefined)
      throw createError('LF-2011', `${call.operation} answered ${res.status} without a JSON body`, {
        operation: call.operation,
        status: res.status,
      });
    return res.json as T;
  }

  /** The absolute URL of a path (for following `Location` headers that are relative). */
  url(path: string, query?: RestCall['query']): string {
    const base = this.settings.baseUrl.replace(/\/+$/, '');
    const url = new URL(
      /^https?:\/\//.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`,
    );
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  private once(call: RestCall, token: string): Promise<HttpResponse> {
    return this.http.send({
      method: call.method,
      url: this.url(call.path, call.query),
      headers: { ...this.settings.headers, ...call.headers, authorization: `Bearer ${token}` },
      ...(call.json !== undefined ? { json: call.json } : {}),
      ...(this.settings.timeoutMs ? { timeoutMs: this.settings.timeoutMs } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
    });
  }
}

/** Wraps anything thrown into a LedgerflowError (LF-9001 for non-LF throwables). */
export function asLedgerflowError(error: unknown): LedgerflowError {
  return error instanceof LedgerflowError ? error : createError('LF-9001', String(error));
}
