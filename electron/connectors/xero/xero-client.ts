import { AccountingApi } from 'xero-node';
import { createError, LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { AccessTokenSource, Clock, ConnectorLog } from '../kit/connector';
import { Semaphore } from '../kit/paging';
import { errorFromXero } from './errors';

/** Where a Xero connection points and which organisation it works on. */
export interface XeroClientSettings {
  /** Replaces https://api.xero.com/api.xro/2.0 (the sandbox: `…/xero/api/api.xro/2.0`). */
  readonly apiBaseUrl: string;
  readonly tenantId: string;
  /** Per-call timeout; xero-node sets none of its own (xero-notes.md §3.1). Default 60 s. */
  readonly timeoutMs?: number;
  /** Calls in flight per tenant (Xero allows 5). */
  readonly concurrency?: number;
}

/** What a call gives back: the raw JSON as the API sent it (PascalCase) and the response headers. */
export interface XeroAnswer {
  readonly data: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

type XeroCall = (
  api: AccountingApi,
  tenantId: string,
) => Promise<{ response: { data?: unknown; headers?: unknown } }>;

/**
 * The Xero transport: xero-node 20's AccountingApi with a configurable base path. Each call gets its own
 * AccountingApi so the bearer token and timeout belong to that call alone (no shared mutable token), at most
 * `concurrency` calls run per tenant, a 401 triggers one refresh and one retry, and every failure leaves here
 * as a LedgerflowError from the LF table.
 */
export class XeroClient {
  private readonly gate: Semaphore;

  constructor(
    private readonly settings: XeroClientSettings,
    private readonly auth: AccessTokenSource,
    private readonly clock: Clock,
    private readonly log?: ConnectorLog,
  ) {
    this.gate = new Semaphore(settings.concurrency ?? 5);
  }

  get tenantId(): string {
    return this.settings.tenantId;
  }

  /** Runs one AccountingApi call; `operation` names it in messages (e.g. `PUT /Invoices`). */
  async call(operation: string, run: XeroCall): Promise<XeroAnswer> {
    return this.gate.run(async () => {
      let token = await this.auth.accessToken();
      try {
        return await this.once(operation, run, token);
      } catch (error) {
        if (!(error instanceof LedgerflowError) || (error.details as { status?: number })?.status !== 401)
          throw error;
        // The token expired early or was rotated elsewhere: refresh once, then retry once.
        this.log?.debug(`Xero ${operation}: 401, refreshing the access token and retrying`);
        token = await this.auth.refreshAfterUnauthorized(token);
        return await this.once(operation, run, token);
      }
    });
  }

  private async once(operation: string, run: XeroCall, token: string): Promise<XeroAnswer> {
    const api = new AccountingApi(this.settings.apiBaseUrl);
    const timeout = this.settings.timeoutMs ?? 60_000;
    api.setDefaultAuthentication({
      applyToRequest(options: { headers?: Record<string, string>; timeout?: number }) {
        options.headers = { ...(options.headers ?? {}), Authorization: `Bearer ${token}` };
        options.timeout = timeout;
      },
    } as never);
    let result: { response: { data?: unknown; headers?: unknown } };
    try {
      result = await run(api, this.settings.tenantId);
    } catch (error) {
      throw errorFromXero(error, operation, this.clock.now());
    }
    const data = result.response?.data;
    if (data === null || data === undefined || data === '')
      return { data: {}, headers: headersOf(result.response?.headers) };
    if (typeof data !== 'object')
      throw createError('LF-2011', `Xero ${operation} answered with something other than JSON`);
    return { data: data as Record<string, unknown>, headers: headersOf(result.response?.headers) };
  }
}

function headersOf(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === 'object')
    for (const [k, v] of Object.entries(headers as Record<string, unknown>))
      if (v != null) out[k.toLowerCase()] = String(v);
  return out;
}
