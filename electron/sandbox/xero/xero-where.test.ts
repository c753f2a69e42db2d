import { describe, expect, it } from 'vitest';
import { compileWhere, QueryParseError, UNKNOWN_FIELD, type FieldValue } from './xero-where';

type Rec = Record<string, FieldValue | Record<string, FieldValue>>;
const get = (r: Rec, path: readonly string[]): FieldValue | typeof UNKNOWN_FIELD => {
  let cur: unknown = r;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || !(p in (cur as object))) return UNKNOWN_FIELD;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur as FieldValue;
};
const rec: Rec = {
  Status: 'AUTHORISED',
  Type: 'ACCREC',
  AmountDue: 120.5,
  Date: new Date(Date.UTC(2024, 2, 15)),
  Name: 'Nordvik Handel AB',
  IsSold: true,
  Reference: null,
  Contact: { ContactID: '2b6b2a2e-84b5-4a44-9c6a-8f37b9a0c0de', Name: 'Acme' },
};
const w = (expr: string, caseInsensitive = true) =>
  compileWhere(expr, get, { caseInsensitive, typeName: 'Invoice' })(rec);

describe('where grammar', () => {
  it('compares strings, numbers, booleans and null', () => {
    expect(w('Status=="AUTHORISED"')).toBe(true);
    expect(w('Status!="AUTHORISED"')).toBe(false);
    expect(w('AmountDue > 100 AND AmountDue <= 120.5')).toBe(true);
    expect(w('AmountDue < 100 || AmountDue >= 121')).toBe(false);
    expect(w('IsSold==true')).toBe(true);
    expect(w('IsSold')).toBe(true);
    expect(w('Reference==null')).toBe(true);
    expect(w('Reference!=null')).toBe(false);
  });
  it('handles AND/OR precedence, NOT and parentheses', () => {
    expect(w('Type=="ACCPAY" OR Status=="AUTHORISED" AND AmountDue>100')).toBe(true);
    expect(w('(Type=="ACCPAY" OR Status=="AUTHORISED") AND AmountDue>1000')).toBe(false);
    expect(w('NOT (Type=="ACCPAY")')).toBe(true);
    expect(w('!(Type=="ACCREC")')).toBe(false);
  });
  it('supports Guid(), DateTime() and nested paths', () => {
    expect(w('Contact.ContactID==Guid("2B6B2A2E-84B5-4A44-9C6A-8F37B9A0C0DE")')).toBe(true);
    expect(w('Date>=DateTime(2024,03,15) AND Date<DateTime(2024, 3, 16)')).toBe(true);
    expect(w('Date>DateTime(2024,03,15)')).toBe(false);
    expect(w('Contact.Name=="acme"')).toBe(true);
  });
  it('supports Contains, StartsWith, EndsWith and ToLower, case-insensitive by setting', () => {
    expect(w('Name.Contains("handel")')).toBe(true);
    expect(w('Name.Contains("handel")', false)).toBe(false);
    expect(w('Name.StartsWith("Nord") AND Name.EndsWith("AB")')).toBe(true);
    expect(w('Name.ToLower()=="nordvik handel ab"', false)).toBe(true);
  });
  it('rejects bad syntax and unknown fields with QueryParseError', () => {
    expect(() => w('Status=="DRAFT')).toThrow(QueryParseError);
    expect(() => w('Status==')).toThrow(QueryParseError);
    expect(() => w('Status=="A" AND')).toThrow(QueryParseError);
    expect(() => w('Nope=="x"')).toThrow(/No property or field 'Nope'/);
    expect(() => w('Name.Frobnicate("x")')).toThrow(QueryParseError);
    expect(() => w('Contact.ContactID==Guid("not-a-guid")')).toThrow(QueryParseError);
  });
});
