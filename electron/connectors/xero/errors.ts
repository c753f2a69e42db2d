import { createError, LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import { errorFromHttpProblem } from '../kit/http-errors';

/** What xero-node 20 rejects with, once parsed (xero-notes.md §3.4). */
export interface XeroRejection {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/**
 * xero-node 20 rejects a failed call with a JSON *string* `{response:{statusCode, headers, …}, body}`
 * (xero-node #741, still open); PR #812 would make it an object, and a missing argument rejects with a real
 * Error before any request. This reads all three shapes; anything else is not an HTTP rejection.
 */
export function parseXeroRejection(error: unknown): XeroRejection | undefined {
  let value: unknown = error;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null || value instanceof Error) return undefined;
  const response = (value as { response?: { statusCode?: unknown; status?: unknown; headers?: unknown } })
    .response;
  if (!response || typeof response !== 'object') return undefined;
  const status = Number(response.statusCode ?? response.status);
  if (!Number.isInteger(status)) return undefined;
  const headers: Record<string, string> = {};
  if (response.headers && typeof response.headers === 'object') {
    for (const [k, v] of Object.entries(response.headers as Record<string, unknown>))
      if (v !== undefined && v !== null) headers[k.toLowerCase()] = String(v);
  }
  return { status, headers, body: (value as { body?: unknown }).body };
}

/**
 * The API's own words from a Xero error body: ValidationException element messages, a 401/403 `Detail`,
 * a `Message`, an OAuth `error`, or the plain-text body (404). Never includes request headers.
 */
export function xeroApiMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 500) : undefined;
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const elementMessages = Array.isArray(b.Elements) ? b.Elements.flatMap((e) => validationMessages(e)) : [];
  if (elementMessages.length > 0) return [...new Set(elementMessages)].join('; ');
  for (const key of ['Detail', 'Message', 'message', 'error_description', 'error', 'Title']) {
    if (typeof b[key] === 'string' && b[key]) return b[key] as string;
  }
  return undefined;
}

/** The `ValidationErrors[].Message` of one element (PascalCase as on the wire, or camelCase from xero-node). */
export function validationMessages(element: unknown): string[] {
  if (!element || typeof element !== 'object') return [];
  const e = element as Record<string, unknown>;
  const list = (e.ValidationErrors ?? e.validationErrors) as unknown;
  if (!Array.isArray(list)) return [];
  return list
    .map((v) =>
      v && typeof v === 'object'
        ? ((v as { Message?: unknown; message?: unknown }).Message ?? (v as { message?: unknown }).message)
        : undefined,
    )
    .filter((m): m is string => typeof m === 'string' && m.length > 0);
}

/** Whether one element of a `summarizeErrors=false` answer failed (each entity flags it its own way, §3.3). */
export function elementFailed(element: Record<string, unknown>): boolean {
  return (
    element.StatusAttributeString === 'ERROR' ||
    element.HasErrors === true ||
    element.HasValidationErrors === true ||
    validationMessages(element).length > 0
  );
}

/** Maps anything a xero-node call threw to a LedgerflowError (LF-2001…LF-2007; LF-2011 for the unreadable). */
export function errorFromXero(error: unknown, operation: string, now = new Date()): LedgerflowError {
  if (error instanceof LedgerflowError) return error;
  const rejection = parseXeroRejection(error);
  if (!rejection) {
    const message = error instanceof Error ? error.message : String(error);
    return createError('LF-2011', `Xero ${operation}: ${message}`, { operation });
  }
  return errorFromHttpProblem(
    {
      status: rejection.status,
      headers: rejection.headers,
      apiMessage: xeroApiMessage(rejection.body),
      system: 'Xero',
      operation,
    },
    now,
  );
}
