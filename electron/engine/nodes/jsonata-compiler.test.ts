import { describe, expect, it } from 'vitest';
import { compileExpression } from './jsonata-compiler';

const records: unknown[] = [
  {
    number: 'INV-1',
    total: 262.58,
    qty: 3,
    price: 10.02,
    name: '  Acme   AB ',
    status: 'paid',
    flag: true,
    empty: '',
  },
  { number: 1001, total: '262.58', qty: '3', name: 'Åsa Öberg', status: 'draft', flag: false, nothing: null },
  {
    lines: [
      { taxCode: 'MP1', amount: 10 },
      { taxCode: 'MP2', amount: 20 },
    ],
    one: [{ x: 1 }],
    arr: [1],
  },
  { contact: { id: 'c1', name: 'Nordvik' }, total: 0, qty: -2.5, price: 1.005 },
  {
    name: 'a😀bc 𝄞d',
    note: ' x\ty\n z ',
    number: 'C001234',
    contact: { id: null, name: ['x', 'y'] },
    lines: { taxCode: 'MP1' },
  },
  {
    number: '5',
    lines: [
      {
        description: 'Konsulttimme',
        quantity: '2',
        unitPrice: '10.00',
        lineAmount: '20.00',
        taxAmount: '5.00',
      },
      {
        description: 'Rounding',
        lineAmount: '30.06',
        taxAmount: '3.61',
        taxCode: '12',
        discountPercent: '0',
      },
      { description: 'Text only' },
      'not an object',
    ],
  },
  {},
];

/** The lines mapper of flows-examples/visma-eaccounting-to-xero-invoices.flow.json. */
const exampleLines =
  "[lines.($rate := $number(lineAmount) ? $round($number(taxAmount) / $number(lineAmount) * 100) : 0; { 'description': description, 'quantity': quantity, 'unitPrice': unitPrice, 'discountPercent': discountPercent, 'taxCode': taxCode ? taxCode : ($rate = 25 ? 'OUTPUT' : $rate = 12 ? 'TAX001' : $rate = 6 ? 'TAX003' : 'ZERORATEDOUTPUT'), 'accountCode': $rate = 25 ? '200' : $rate = 0 ? '220' : '210' })]";

/** Expressions outside the compiled subset: the interpreter answers them (and must agree with itself). */
const interpretedOnly = [
  '$sum(lines.amount)',
  'lines[0].taxCode',
  '$join(lines.taxCode, ",")',
  "{ 'n': number, 'n': total }",
  '$x',
  '($x := $x)',
  '$a := 1',
];

const corpus = [
  "'VEA-' & number",
  'number & "-" & status',
  'name',
  'contact.name',
  'contact.missing.deeper',
  'lines.taxCode',
  'one.x',
  'arr',
  'total * 2',
  'qty * price',
  'total + 1',
  '-qty',
  'qty % 2',
  'total / 4',
  'total > 0',
  'total >= 262.58 and status = "paid"',
  'status != "paid" or flag',
  'total > 0 ? "positive" : "zero"',
  'flag ? 1',
  'empty ? "yes" : "no"',
  'status = "paid" ? total : 0',
  '$uppercase(status)',
  '$lowercase(name)',
  '$trim(name)',
  '$trim(note)',
  '$length(name)',
  '$substring(number, 1, 3)',
  '$substring(name, -3)',
  '$substringBefore(number, "-")',
  '$substringAfter(number, "-")',
  '$contains(name, "AB")',
  "$pad(number, -10, '0')",
  '$pad(number, 10)',
  "$pad(status, 9, '-=')",
  "$pad(name, -14, '*')",
  '$pad(number, 2)',
  "$pad(status, 7.5, '0')",
  "$pad(status, 6, '')",
  "'INV-' & $pad(number, -4, '0')",
  '$string(total)',
  '$string(qty * price)',
  '$number(total)',
  '$number(qty)',
  '$round(price, 2)',
  '$round(total)',
  '$floor(qty)',
  '$ceil(qty)',
  '$abs(qty)',
  '$exists(nothing)',
  '$exists(missing)',
  '$boolean(empty)',
  '$not(flag)',
  'contact',
  'lines.amount > 5',
  '$substring(name, 1, 2)',
  '$substring(name, 1.5, 2)',
  '$substring(name, -2)',
  '$substring(name, -9, 3)',
  '$substring(number, 1)',
  'contact.id',
  'contact.name',
  'contact.name.first',
  'lines.taxCode',
  'one.x',
  // Compiled, but objects compared are the interpreter's at run time.
  'contact = contact',
  exampleLines,
  "[lines.({ 'code': taxCode, 'double': amount * 2 })]",
  "[lines.($a := amount * 2; { 'code': taxCode, 'a': $a, 'big': $a > 25 ? 'yes' : 'no' })]",
  'lines.($x := amount; $x + 1)',
  '[lines.(missing)]',
  '($a := 1; $b := $a + 1; $b * 2)',
  '($a := qty; [$a, [$a], one.x])',
  "{ 'n': number, 't': total, 'gone': missing }",
  "[lines.taxCode, 'x']",
  '[]',
  "lines.({ 'q': quantity })",
  ...interpretedOnly,
];

async function outcome(run: () => unknown | Promise<unknown>): Promise<unknown> {
  try {
    return { value: JSON.stringify(await run()) };
  } catch (error) {
    return { error: (error as { code?: string }).code ?? 'thrown' };
  }
}

describe('JSONata: compiled closures agree with the interpreter', () => {
  it('on every expression of the corpus over every record', async () => {
    let compiled = 0;
    for (const source of corpus) {
      const expr = compileExpression(source);
      if (expr.isCompiled) compiled++;
      for (const record of records) {
        const fast = await outcome(() => expr.evaluate(record));
        const slow = await outcome(() => expr.interpret(record));
        expect({ source, record, result: fast }).toEqual({ source, record, result: slow });
      }
    }
    // The common subset really is compiled; the rest ($sum, predicates, $join, unbound variables) falls back.
    expect(corpus.filter((source) => !compileExpression(source).isCompiled)).toEqual(interpretedOnly);
    expect(compiled).toBe(corpus.length - interpretedOnly.length);
    expect(compileExpression(exampleLines).isCompiled).toBe(true);
    expect(compileExpression("'VEA-' & number").isCompiled).toBe(true);
    expect(compileExpression("'INV-' & $pad(number, -4, '0')").isCompiled).toBe(true);
  });

  it('reports a parse error with its code and position', () => {
    expect(() => compileExpression('total >')).toThrow(expect.objectContaining({ code: expect.any(String) }));
  });
});
