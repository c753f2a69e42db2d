import { z } from 'zod';
import { errorCodes, isErrorCode, type ErrorCode, type ErrorKind } from './error-codes';

/**
 * The error envelope that crosses every process boundary: plain data, never a class instance (STYLE.md §3).
 */
export const errorEnvelopeSchema = z.object({
  code: z.string(),
  kind: z.enum(['user', 'operational', 'unexpected']),
  message: z.string(),
  hint: z.string().optional(),
  details: z.unknown().optional(),
});

/** The error envelope as data. */
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** A problem located in a document, e.g. a flow file: `path` is a JSON path such as `nodes[3].config.entity`. */
export interface PathProblem {
  readonly path: string;
  readonly message: string;
}

/** Base of the three error kinds. Carries a stable code from the table and optional plain-data details. */
export class LedgerflowError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown, options?: { cause?: unknown }) {
    super(message ?? errorCodes[code].title, options);
    this.name = new.target.name;
    this.code = code;
    this.kind = errorCodes[code].kind;
    this.details = details;
  }

  /** The one-line hint of this error's code. */
  get hint(): string {
    return errorCodes[this.code].hint;
  }

  /** The envelope form, safe to send to the renderer. */
  toEnvelope(): ErrorEnvelope {
    const envelope: ErrorEnvelope = {
      code: this.code,
      kind: this.kind,
      message: this.message,
      hint: this.hint,
    };
    if (this.details !== undefined) envelope.details = this.details;
    return envelope;
  }
}

/** Bad input from the user or the API's refusal of it: shown with a fix, never retried. */
export class UserError extends LedgerflowError {}
/** Network, rate limits, 5xx, expired tokens: retried and counted by the breaker. */
export class OperationalError extends LedgerflowError {}
/** A bug: logged with context. */
export class UnexpectedError extends LedgerflowError {}

const classByKind = { user: UserError, operational: OperationalError, unexpected: UnexpectedError } as const;

/** Builds the right error class for a code (the kind comes from the table). */
export function createError(code: ErrorCode, message?: string, details?: unknown): LedgerflowError {
  return new classByKind[errorCodes[code].kind](code, message, details);
}

/** Turns anything thrown into an envelope; unknown throwables become LF-9001 without leaking stack traces. */
export function toErrorEnvelope(error: unknown): ErrorEnvelope {
  if (error instanceof LedgerflowError) return error.toEnvelope();
  return createError('LF-9001').toEnvelope();
}

/** Rebuilds an error from its envelope on the receiving side of a boundary. */
export function fromErrorEnvelope(envelope: ErrorEnvelope): LedgerflowError {
  const code: ErrorCode = isErrorCode(envelope.code) ? envelope.code : 'LF-9001';
  return createError(code, envelope.message, envelope.details);
}

/** Whether a value is a list of path problems (the details of LF-1001 and LF-1101). */
export function isPathProblemList(value: unknown): value is PathProblem[] {
  return (
    Array.isArray(value) &&
    value.every(
      (p) =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as PathProblem).path === 'string' &&
        typeof (p as PathProblem).message === 'string',
    )
  );
}
