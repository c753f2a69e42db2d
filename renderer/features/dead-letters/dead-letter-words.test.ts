import { describe, expect, it } from 'vitest';
import { codeHint, newestFirst, ownMessage, recordLabel, type DeadLetter } from './dead-letter-words';

const apiMessage =
  'The contact name Dalmark Data AB. is already assigned to another contact. The contact name must be unique across all active contacts.';

function letter(patch: Partial<DeadLetter> = {}): DeadLetter {
  return {
    id: 'd1',
    runId: 'r1',
    flowId: 'f1',
    destNode: 'xero-contacts',
    sourceNode: 'customers',
    entity: 'contact',
    recordKey: '11979c8b-8ae8-46f0-8ef2-4ab4de53fabb',
    action: 'update',
    payload: { number: '10198', name: 'Dalmark Data AB.', address: { city: 'Malmö' } },
    code: 'LF-2001',
    message: `Xero refused the contact: ${apiMessage}`,
    apiMessage,
    attempts: 1,
    status: 'open',
    createdAt: '2026-05-12T10:00:00.000Z',
    ...patch,
  };
}

describe('recordLabel', () => {
  it('names a contact by its name and number', () => {
    expect(recordLabel(letter())).toBe('Dalmark Data AB. · 10198');
  });
  it('names an invoice by number, customer, date and total with its currency', () => {
    const invoice = letter({
      entity: 'invoice',
      payload: {
        number: '790',
        contact: { name: 'Havby Mat', number: '90001' },
        issueDate: '2026-09-28',
        currency: 'SEK',
        total: '1250.00',
        lines: [],
      },
    });
    expect(recordLabel(invoice)).toBe('790 · Havby Mat · 2026-09-28 · 1250.00 SEK');
  });
  it('names a payment by the invoice it pays, its date and amount', () => {
    const payment = letter({
      entity: 'payment',
      payload: { invoice: { number: 'INV-0005' }, date: '2026-09-30', amount: '33.66' },
    });
    expect(recordLabel(payment)).toBe('INV-0005 · 2026-09-30 · 33.66');
  });
  it("falls back to the record's key when the data names nothing", () => {
    expect(recordLabel(letter({ payload: { phone: '+46 8 251 91 96' } }))).toBe(
      '11979c8b-8ae8-46f0-8ef2-4ab4de53fabb',
    );
  });
});

describe('ownMessage', () => {
  it("drops the API's message repeated at the end of ours", () => {
    expect(ownMessage(letter())).toBe('Xero refused the contact');
  });
  it('keeps our message whole when it does not repeat the API, and gives nothing when they are the same', () => {
    expect(ownMessage(letter({ message: 'Gave up after 10 attempts', apiMessage: undefined }))).toBe(
      'Gave up after 10 attempts',
    );
    expect(ownMessage(letter({ message: 'Something else', apiMessage }))).toBe('Something else');
    expect(ownMessage(letter({ message: apiMessage }))).toBe('');
  });
});

describe('codeHint and newestFirst', () => {
  it("gives the code table's hint, and nothing for an unknown code", () => {
    expect(codeHint('LF-2001')).toMatch(/retry it from the dead letters/);
    expect(codeHint('LF-0000')).toBeUndefined();
  });
  it('orders newest first, ties by id', () => {
    const sorted = newestFirst([
      letter({ id: 'b', createdAt: '2026-05-12T10:00:00.000Z' }),
      letter({ id: 'c', createdAt: '2026-05-13T10:00:00.000Z' }),
      letter({ id: 'a', createdAt: '2026-05-12T10:00:00.000Z' }),
    ]);
    expect(sorted.map((l) => l.id)).toEqual(['c', 'a', 'b']);
  });
});
