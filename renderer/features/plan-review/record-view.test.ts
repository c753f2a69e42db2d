import { describe, expect, it } from 'vitest';
import type { PlanItem } from './plan-words';
import { fieldRows, lineRows } from './record-view';

const base = {
  seq: 1,
  destNode: 'xero-invoices',
  entity: 'invoice',
  sourceNode: 'invoices',
  recordKey: 'k1',
  status: 'planned',
  changeCount: 0,
} as const;

describe('a record side by side', () => {
  it('shows an update’s whole record, the changed fields with their value now, in the model’s order', () => {
    const item: PlanItem = {
      ...base,
      action: 'update',
      targetId: 't1',
      record: {
        reference: 'VEA-5',
        dueDate: '2025-05-20',
        number: '5',
        lines: [{ description: 'A', quantity: '2', unitPrice: '10.00' }],
      },
      diff: [
        { field: 'dueDate', before: '2025-05-10', after: '2025-05-20' },
        { field: 'lines[0].quantity', before: '1', after: '2' },
        { field: 'lines[1]', before: { description: 'Old line', quantity: '1', unitPrice: '5.00' } },
      ],
      money: {
        currency: 'SEK',
        net: '20.00',
        tax: '5.00',
        gross: '25.00',
        byTax: [],
        lines: [{ net: '20.00', tax: '5.00', rate: '25' }],
      },
    };
    expect(fieldRows('invoice', item)).toEqual([
      { field: 'number', label: 'Invoice number', before: '5', after: '5', isChanged: false },
      { field: 'dueDate', label: 'Due date', before: '2025-05-10', after: '2025-05-20', isChanged: true },
      { field: 'reference', label: 'Reference', before: 'VEA-5', after: 'VEA-5', isChanged: false },
    ]);
    const lines = lineRows(item);
    expect(lines.map((l) => [l.index, l.change])).toEqual([
      [0, 'changed'],
      [1, 'removed'],
    ]);
    expect(lines[0]!.cells.quantity).toEqual({ before: '1', after: '2', isChanged: true });
    expect(lines[0]!.cells.unitPrice).toEqual({ before: '10.00', after: '10.00', isChanged: false });
    expect(lines[0]!.amount).toEqual({ net: '20.00', tax: '5.00', rate: '25' });
    expect(lines[1]!.cells.description).toEqual({ before: 'Old line', after: undefined, isChanged: true });
  });

  it('shows what a create would write, every field new', () => {
    const item: PlanItem = {
      ...base,
      action: 'create',
      record: { number: '7', contact: { id: 'c', name: 'Vikfors Data Oy' }, lines: [{ description: 'X' }] },
    };
    expect(fieldRows('invoice', item).map((r) => [r.field, r.isChanged, r.before])).toEqual([
      ['number', true, undefined],
      ['contact', true, undefined],
    ]);
    expect(lineRows(item).map((l) => l.change)).toEqual(['same']);
  });
});
