import type { LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { HttpResponse } from '../kit/http-client';
import { errorFromHttpProblem } from '../kit/http-errors';
import { obj, text } from '../kit/raw-values';

/**
 * The API's own words from a Visma.net error body: `{ExceptionType, ExceptionMessage, ExceptionFaultCode,
 * ExceptionMessageID, ExceptionDetails}` (visma-notes.md §2.7 [S]) or the API gateway's `{statusCode, message}`
 * (429, 503).
 */
export function vismaNetApiMessage(body: unknown, textBody = ''): string | undefined {
  const b = obj(body);
  if (!b) return textBody.trim() && !/^\s*</.test(textBody) ? textBody.trim().slice(0, 500) : undefined;
  const parts = [text(b.ExceptionMessage) ?? text(b.message) ?? text(b.Message), text(b.ExceptionDetails)];
  const said = parts.filter((p): p is string => !!p);
  return said.length ? said.join(' — ') : undefined;
}

/** The X-RateLimit-* headers of an answer (§2.6), as plain data for the error's details. */
export function rateLimitHeaders(
  headers: Readonly<Record<string, string>>,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const k of ['limit', 'remaining', 'reset', 'policy']) {
    const v = headers[`x-ratelimit-${k}`];
    if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Maps a non-2xx Visma.net answer to the LF table: 429 → LF-2002 with Retry-After (or X-RateLimit-Reset) and the
 * policy as the problem; 5xx → LF-2003; 401 → LF-2004; 412 (ETag mismatch) and other 4xx → LF-2001 with the
 * API's message.
 */
export function errorFromVismaNet(res: HttpResponse, operation: string, now: Date): LedgerflowError {
  const body = obj(res.json);
  const limits = rateLimitHeaders(res.headers);
  const reset = Number(res.headers['x-ratelimit-reset']);
  return errorFromHttpProblem(
    {
      status: res.status,
      headers: res.headers,
      apiMessage: vismaNetApiMessage(res.json, res.text),
      system: 'Visma.net',
      operation,
      retryAfterMs: Number.isFinite(reset) && reset >= 0 ? reset * 1000 : undefined,
      problem: res.headers['x-ratelimit-policy'] ?? (res.status === 429 ? 'hour' : undefined),
      extra: {
        ...(text(body?.ExceptionFaultCode) ? { faultCode: text(body?.ExceptionFaultCode) } : {}),
        ...(limits ? { rateLimit: limits } : {}),
      },
    },
    now,
  );
}
