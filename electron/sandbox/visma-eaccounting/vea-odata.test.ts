import { describe, expect, it } from 'vitest';
import { compileFilter, ODataError, orderComparator, parseOrderBy } from './vea-odata';

type Rec = Record<string, unknown>;
const schema = {
  fields: new Set(['Name', 'Amount', 'Total', 'Active', 'ChangedUtc', 'Id', 'Rows', 'Note']),
  collections: { Rows: new Set(['Text', 'Quantity']) },
};
const read = (r: Rec, n: string) => r[n];
const recs: Rec[] = [
  {
    Name: "O'Brien AB",
    Amount: 10,
    Total: 10,
    Active: true,
    ChangedUtc: '2026-01-01T10:00:00.000Z',
    Id: 'A1B2C3D4-0000-4000-8000-000000000001',
    Rows: [{ Text: 'Kabel', Quantity: 1 }],
    Note: null,
  },
  {
    Name: 'Berg Bygg AB',
    Amount: -5,
    Total: 5,
    Active: false,
    ChangedUtc: '2026-02-01T10:00:00.000Z',
    Id: 'a1b2c3d4-0000-4000-8000-000000000002',
    Rows: [],
    Note: 'x',
  },
  {
    Name: 'Dal Data Oy',
    Amount: 3,
    Total: 4,
    Active: true,
    ChangedUtc: '2026-03-01T10:00:00.000Z',
    Id: 'a1b2c3d4-0000-4000-8000-000000000003',
    Rows: [{ Text: 'Licens', Quantity: 2 }],
    Note: null,
  },
];
const names = (f: string) => recs.filter(compileFilter(f, schema, read)).map((r) => r.Name);

describe('OData $filter', () => {
  it('compares with eq/ne/gt/ge/lt/le on strings, numbers, bools, null, GUIDs and datetimes', () => {
    expect(names("Name eq 'O''Brien AB'")).toEqual(["O'Brien AB"]);
    expect(names('Amount gt 3')).toEqual(["O'Brien AB"]);
    expect(names('Amount ge 3 and Active eq true')).toEqual(["O'Brien AB", 'Dal Data Oy']);
    expect(names('Amount lt 0 or Amount le 3')).toEqual(['Berg Bygg AB', 'Dal Data Oy']);
    expect(names('Note eq null')).toEqual(["O'Brien AB", 'Dal Data Oy']);
    expect(names('Note ne null')).toEqual(['Berg Bygg AB']);
    expect(names('ChangedUtc gt 2026-01-15T00:00:00Z')).toEqual(['Berg Bygg AB', 'Dal Data Oy']);
    expect(names("ChangedUtc lt datetime'2026-02-01T10:00:00'")).toEqual(["O'Brien AB"]);
    expect(names('ChangedUtc ge 2026-02-01')).toEqual(['Berg Bygg AB', 'Dal Data Oy']);
    expect(names('Id eq a1b2c3d4-0000-4000-8000-000000000001')).toEqual(["O'Brien AB"]);
    expect(names("Id eq guid'A1B2C3D4-0000-4000-8000-000000000002'")).toEqual(['Berg Bygg AB']);
  });

  it('handles not, parentheses, unary minus, functions and lambdas', () => {
    expect(names('not (Active eq true)')).toEqual(['Berg Bygg AB']);
    expect(names('(Amount eq -Total or Amount eq Total) and Active eq false')).toEqual(['Berg Bygg AB']);
    expect(names('Amount eq -5')).toEqual(['Berg Bygg AB']);
    expect(names("contains(Name,'Bygg')")).toEqual(['Berg Bygg AB']);
    expect(names("startswith(Name,'Dal') or endswith(Name,'AB') and Active eq true")).toEqual([
      "O'Brien AB",
      'Dal Data Oy',
    ]);
    expect(names("tolower(Name) eq 'dal data oy'")).toEqual(['Dal Data Oy']);
    expect(names("Rows/any(r: contains(r/Text,'Lic'))")).toEqual(['Dal Data Oy']);
    expect(names('Rows/all(r: r/Quantity ge 1)')).toEqual(["O'Brien AB", 'Berg Bygg AB', 'Dal Data Oy']);
  });

  it('refuses syntax errors and unknown properties (6000) and bad dates (6001)', () => {
    const code = (f: string) => {
      try {
        compileFilter(f, schema, read);
        return 0;
      } catch (e) {
        return (e as ODataError).errorCode;
      }
    };
    expect(code('Name eq')).toBe(6000);
    expect(code("Name eq 'x")).toBe(6000);
    expect(code("Nmae eq 'x'")).toBe(6000);
    expect(code("(Name eq 'x'")).toBe(6000);
    expect(code("Name eq 'x' Amount")).toBe(6000);
    expect(code("frobnicate(Name,'x')")).toBe(6000);
    expect(code("Rows/any(r: contains(r/Nope,'x'))")).toBe(6000);
    expect(code('ChangedUtc gt 2026-02-30T00:00:00Z')).toBe(6001);
    expect(code('')).toBe(6000);
  });
});

describe('OData $orderby', () => {
  it('sorts by several keys, nulls first', () => {
    const keys = parseOrderBy('Active desc, Amount', schema);
    expect([...recs].sort(orderComparator(keys, read)).map((r) => r.Name)).toEqual([
      'Dal Data Oy',
      "O'Brien AB",
      'Berg Bygg AB',
    ]);
    expect(() => parseOrderBy('Nope asc', schema)).toThrow(ODataError);
    expect(() => parseOrderBy('Name up', schema)).toThrow(ODataError);
  });
});
