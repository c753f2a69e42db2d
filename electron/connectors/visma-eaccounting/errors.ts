import type { LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { HttpResponse } from '../kit/http-client';
import { errorFromHttpProblem } from '../kit/http-errors';
import { list, obj, text } from '../kit/raw-values';

/**
 * The API's own words from an eAccounting error body `{ErrorCode, DeveloperErrorMessage, ErrorId, Errors[]}`
 * (visma-notes.md §1.7): the developer message, then each field error as `Field: Message`.
 */
export function eaccountingApiMessage(body: unknown, textBody = ''): string | undefined {
  const b = obj(body);
  if (!b) return textBody.trim() ? textBody.trim().slice(0, 500) : undefined;
  const parts: string[] = [];
  const developer = text(b.DeveloperErrorMessage) ?? text(b.Message) ?? text(b.message);
  if (developer) parts.push(developer);
  for (const e of list(b.Errors)) {
    const message = text(e.Message) ?? text(e.ErrorCode);
    if (message) parts.push(e.Field ? `${String(e.Field)}: ${message}` : message);
  }
  return parts.length ? [...new Set(parts)].join('; ') : undefined;
}

/**
 * eAccounting's 429 carries no Retry-After header (§1.6): the wait is in the message, "Try again in 55 seconds."
 */
export function retryAfterFromMessage(message: string | undefined): number | undefined {
  const m = message ? /try again in (\d+) seconds?/i.exec(message) : null;
  return m ? Number(m[1]) * 1000 : undefined;
}

/** Maps a non-2xx eAccounting answer to the LF table (ErrorCode 4010 → LF-2002 with the stated wait). */
export function errorFromEaccounting(res: HttpResponse, operation: string, now: Date): LedgerflowError {
  const body = obj(res.json);
  const apiMessage = eaccountingApiMessage(res.json, res.text);
  const errorCode = typeof body?.ErrorCode === 'number' ? body.ErrorCode : undefined;
  return errorFromHttpProblem(
    {
      status: res.status === 400 && errorCode === 4010 ? 429 : res.status,
      headers: res.headers,
      apiMessage,
      system: 'Visma eAccounting',
      operation,
      retryAfterMs: retryAfterFromMessage(apiMessage),
      problem: errorCode === 4010 ? 'minute' : undefined,
      extra: {
        ...(errorCode !== undefined ? { errorCode } : {}),
        ...(text(body?.ErrorId) ? { errorId: text(body?.ErrorId) } : {}),
        ...(list(body?.Errors).length
          ? {
              errors: list(body?.Errors).map((e) => ({
                field: text(e.Field),
                code: text(e.ErrorCode),
                message: text(e.Message),
              })),
            }
          : {}),
      },
    },
    now,
  );
}
