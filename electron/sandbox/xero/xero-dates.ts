/**
 * Xero's date formats (xero-notes.md §1.5): out as `/Date(ms+0000)/` with ISO `…String` siblings; in as
 * `YYYY-MM-DD`, ISO timestamps (with or without Z or an offset) or `/Date(ms)/`.
 */

const DAY_MS = 86_400_000;

/** `/Date(1539993600000+0000)/` for a date or timestamp on a model. */
export function msDate(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

/** The envelope's `DateTimeUTC`, which has no offset: `/Date(1552327126164)/`. */
export function envelopeDate(ms: number): string {
  return `/Date(${ms})/`;
}

/** Milliseconds of an ISO calendar date at UTC midnight. */
export function dateToMs(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`);
}

/** `/Date(…)/` for a calendar date stored as `YYYY-MM-DD`. */
export function msDateOf(isoDate: string): string {
  return msDate(dateToMs(isoDate));
}

/** `DateString`-style sibling: `2018-10-20T00:00:00`. */
export function dateString(isoDate: string): string {
  return `${isoDate}T00:00:00`;
}

/** `UpdatedDateUTCString`-style sibling: `2019-11-14T18:10:38Z`. */
export function utcString(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Today's calendar date of a timestamp (UTC). */
export function isoDateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Thrown when an incoming date will not bind (Xero answers 400 PostDataInvalidException). */
export class DateBindError extends Error {}

/**
 * Parses an incoming date into `YYYY-MM-DD`. A timestamp with an offset is converted to UTC before the date is
 * taken, so it can shift by a day, as xero-notes.md §1.5 reports of the real API.
 */
export function parseDateIn(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new DateBindError(`Invalid date '${String(value)}'`);
  const v = value.trim();
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(v);
  if (ms) return isoDateOf(Number(ms[1]));
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (d) {
    const t = Date.parse(`${v}T00:00:00Z`);
    if (Number.isNaN(t) || isoDateOf(t) !== v) throw new DateBindError(`Invalid date '${v}'`);
    return v;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v)) {
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(v);
    const t = Date.parse(hasZone ? v : `${v}Z`);
    if (Number.isNaN(t)) throw new DateBindError(`Invalid date '${v}'`);
    return isoDateOf(t);
  }
  throw new DateBindError(`Invalid date '${v}'`);
}

/** Parses an `If-Modified-Since` header: ISO-8601 (what xero-node sends) or RFC-1123. */
export function parseIfModifiedSince(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** Whole days between two ISO dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((dateToMs(b) - dateToMs(a)) / DAY_MS);
}
