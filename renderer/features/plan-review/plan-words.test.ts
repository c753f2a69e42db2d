import { describe, expect, it } from 'vitest';
import { applyQuestion, destinationPlace, displayValue, fieldLabel, taxWords } from './plan-words';

describe('the plan in a bookkeeper’s words', () => {
  it('asks before applying with counts per destination, singular and plural', () => {
    expect(
      applyQuestion([
        { entity: 'invoice', create: 5, update: 2, place: destinationPlace('Demo Company', 'Xero') },
      ]),
    ).toBe('Write 5 new invoices and 2 updates to Xero Demo Company?');
    expect(applyQuestion([{ entity: 'contact', create: 0, update: 1, place: 'Xero Nordvik AB' }])).toBe(
      'Write 1 update of contacts to Xero Nordvik AB?',
    );
    expect(
      applyQuestion([
        { entity: 'invoice', create: 1, update: 0, place: 'Xero A' },
        { entity: 'contact', create: 3, update: 0, place: 'Visma eAccounting B' },
        { entity: 'item', create: 0, update: 0, place: 'C' },
      ]),
    ).toBe('Write 1 new invoice to Xero A, and 3 new contacts to Visma eAccounting B?');
    expect(applyQuestion([{ entity: 'item', create: 0, update: 0, place: 'C' }])).toBeUndefined();
    expect(destinationPlace('Xero Demo Company', 'Xero')).toBe('Xero Demo Company');
    expect(destinationPlace(undefined, 'Xero')).toBe('Xero');
  });

  it('names fields and line fields by the canonical model', () => {
    expect(fieldLabel('invoice', 'dueDate')).toBe('Due date');
    expect(fieldLabel('invoice', 'lines[2].quantity')).toBe('Line 3: quantity');
    expect(fieldLabel('invoice', 'lines[0]')).toBe('Line 1');
    expect(fieldLabel('contact', 'address.city')).toBe('City');
    expect(fieldLabel('contact', 'somethingCustom')).toBe('somethingCustom');
  });

  it('names tax groups and values', () => {
    expect(taxWords({ taxCode: 'OUTPUT2', rate: '25' })).toBe('OUTPUT2 · 25 %');
    expect(taxWords({ rate: '12' })).toBe('12 % · default tax code');
    expect(taxWords({ taxCode: 'X' })).toBe('X · rate unknown');
    expect(displayValue({ id: 'a', number: 'C10011', name: 'Fjellmark Handel GmbH' })).toBe(
      'Fjellmark Handel GmbH · C10011',
    );
    expect(displayValue({ $lfRef: { node: 'n', key: 'k' } })).toBe('the record this run creates first');
    expect(displayValue(false)).toBe('No');
    expect(displayValue({ line1: 'Parkvägen 20', line2: '', postalCode: '36603', city: 'Hamburg' })).toBe(
      'Parkvägen 20, 36603, Hamburg',
    );
    expect(displayValue('')).toBe('—');
  });
});
