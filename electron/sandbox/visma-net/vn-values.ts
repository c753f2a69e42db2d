import { badRequest } from './vn-context';

/**
 * Reader of Visma.net's value-wrapped write DTOs (visma-notes.md §2.3): every scalar is `{"value": …}`, nested
 * objects are `{"value": {"field": {"value": …}}}`, line arrays are bare arrays whose elements carry
 * `"operation": "Insert" | "Update" | "Delete"` and wrapped fields. A property left out means "leave unchanged";
 * `{"value": null}` clears it. Unknown properties are ignored (ASP.NET model binding); a value of the wrong
 * shape or type is a 400.
 */

/** The type of one wrapped property. */
export type WrappedType =
  'string' | 'decimal' | 'int' | 'bool' | 'date' | { enum: readonly string[] } | { object: WrappedSpec };

/** A write DTO: property → type. */
export type WrappedSpec = Readonly<Record<string, WrappedType>>;

/** What a body said: only the properties it contained; `null` where it cleared one. */
export type Unwrapped = Record<string, unknown>;

const DATE_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/i;

function readValue(path: string, t: WrappedType, v: unknown): unknown {
  if (v === null) return null;
  if (typeof t === 'object' && 'enum' in t) {
    if (typeof v !== 'string') throw badRequest(`${path}: expected one of ${t.enum.join(', ')}.`);
    const hit = t.enum.find((e) => e.toLowerCase() === v.toLowerCase());
    if (!hit) throw badRequest(`${path}: '${v}' is not one of ${t.enum.join(', ')}.`);
    return hit;
  }
  if (typeof t === 'object') return unwrap(v, t.object, `${path}.`);
  switch (t) {
    case 'string':
      if (typeof v !== 'string') throw badRequest(`${path}: expected a string.`);
      return v;
    case 'decimal':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest(`${path}: expected a number.`);
      return v;
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest(`${path}: expected an integer.`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw badRequest(`${path}: expected true or false.`);
      return v;
    default:
      if (typeof v !== 'string' || !DATE_RE.test(v) || Number.isNaN(Date.parse(v.slice(0, 10))))
        throw badRequest(`${path}: expected a date (yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss).`);
      return v;
  }
}

/** Unwraps a write DTO; throws a 400 VnError naming the first bad property. */
export function unwrap(body: unknown, spec: WrappedSpec, prefix = ''): Unwrapped {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest(`${prefix || 'The request body'} must be a JSON object.`);
  const out: Unwrapped = {};
  for (const [name, t] of Object.entries(spec)) {
    if (!Object.prototype.hasOwnProperty.call(body, name)) continue;
    const w = (body as Record<string, unknown>)[name];
    const path = `${prefix}${name}`;
    if (w === null) {
      out[name] = null;
      continue;
    }
    if (typeof w !== 'object' || Array.isArray(w) || !('value' in w)) {
      throw badRequest(`${path} must be wrapped as {"value": …}.`);
    }
    out[name] = readValue(path, t, (w as { value: unknown }).value);
  }
  return out;
}

/** One line of a line array: its operation and unwrapped fields. */
export interface LineOp {
  operation: 'Insert' | 'Update' | 'Delete';
  fields: Unwrapped;
}

/** Reads a bare line array (`lines`, `invoiceLines`); `operation` defaults to Insert. */
export function unwrapLines(body: unknown, name: string, spec: WrappedSpec): LineOp[] | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const raw = (body as Record<string, unknown>)[name];
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw badRequest(`${name} must be an array of lines.`);
  return raw.map((line: unknown, i) => {
    const fields = unwrap(line, spec, `${name}[${i}].`);
    const op = (line as Record<string, unknown>).operation ?? 'Insert';
    if (op !== 'Insert' && op !== 'Update' && op !== 'Delete')
      throw badRequest(`${name}[${i}].operation must be Insert, Update or Delete.`);
    return { operation: op, fields };
  });
}

/** The address write DTO (AddressUpdateDto). */
export const ADDRESS_SPEC: WrappedSpec = {
  addressLine1: 'string',
  addressLine2: 'string',
  addressLine3: 'string',
  postalCode: 'string',
  city: 'string',
  countryId: 'string',
  county: 'string',
};

/** The contact write DTO (ContactInfoUpdateDto). */
export const CONTACT_SPEC: WrappedSpec = {
  name: 'string',
  attention: 'string',
  email: 'string',
  web: 'string',
  phone1: 'string',
  phone2: 'string',
  fax: 'string',
};
