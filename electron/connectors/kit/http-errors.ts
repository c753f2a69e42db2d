import { createError, type LedgerflowError } from '../../../shared/errors/ledgerflow-error';

/** What an API said when it refused a call, as the error mapping needs it. */
export interface HttpProblem {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The API's own message, already extracted from its error body. */
  readonly apiMessage: string | undefined;
  /** e.g. "Xero" — prefixed to messages. */
  readonly system: string;
  /** e.g. "PUT /Invoices". */
  readonly operation: string;
  /** A wait the API stated somewhere other than Retry-After (eAccounting says it in the 429 message), in ms. */
  readonly retryAfterMs?: number | undefined;
  /** Which limit was hit, when the API says it other than by X-Rate-Limit-Problem (Visma.net's policy name). */
  readonly problem?: string | undefined;
  /** Extra plain-data details (the API's own error code, its rate-limit headers). */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
}

/** Details carried by LF-2002 (rate limited). */
export interface RateLimitDetails {
  readonly status: 429;
  /** How long the API asked us to wait, in ms (from Retry-After), if it said. */
  readonly retryAfterMs: number | undefined;
  /** e.g. Xero's X-Rate-Limit-Problem: minute, day, concurrent, appminute. */
  readonly problem: string | undefined;
}

/**
 * Parses Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date. Returns milliseconds, or undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * Maps an HTTP status to the LF table, for every connector: 429 → LF-2002 (operational, retryAfterMs);
 * 5xx, 408 and network (0) → LF-2003 (operational); 401 → LF-2004 (reconnect; callers refresh first);
 * 403 → LF-2006; 404 → LF-2007; other 4xx → LF-2001 carrying the API's own message.
 */
export function errorFromHttpProblem(p: HttpProblem, now: Date = new Date()): LedgerflowError {
  const said = p.apiMessage ? `: ${p.apiMessage}` : '';
  const base = { ...p.extra, status: p.status, operation: p.operation, apiMessage: p.apiMessage };
  if (p.status === 429) {
    const details: RateLimitDetails = {
      status: 429,
      retryAfterMs: parseRetryAfter(p.headers['retry-after'], now) ?? p.retryAfterMs,
      problem: p.headers['x-rate-limit-problem'] ?? p.problem,
    };
    const wait = details.retryAfterMs !== undefined ? `; retry after ${details.retryAfterMs / 1000} s` : '';
    return createError(
      'LF-2002',
      `${p.system} rate limit reached (${details.problem ?? 'limit'}) on ${p.operation}${wait}`,
      { ...base, ...details },
    );
  }
  if (p.status === 0 || p.status === 408 || p.status >= 500) {
    return createError(
      'LF-2003',
      `${p.system} is unavailable (${p.status || 'network'}) on ${p.operation}${said}`,
      base,
    );
  }
  if (p.status === 401)
    return createError(
      'LF-2004',
      `${p.system} no longer accepts this connection's authorisation${said}`,
      base,
    );
  if (p.status === 403) return createError('LF-2006', `${p.system} refused ${p.operation}${said}`, base);
  if (p.status === 404)
    return createError('LF-2007', `${p.system} has no such record (${p.operation})${said}`, base);
  return createError('LF-2001', `${p.system} refused ${p.operation}${said}`, base);
}
