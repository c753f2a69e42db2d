import { describe, expect, it } from 'vitest';
import { compareValues, compileConditions } from './conditions';

const invoice = {
  number: '1042',
  status: 'paid',
  total: '262.58',
  issueDate: '2026-03-01',
  contact: { name: 'Havby Mat AB' },
  lines: [{ taxCode: 'MP1' }, { taxCode: 'MP2' }],
  reference: '',
};

describe('filter conditions', () => {
  it('compares decimal strings as numbers and ISO dates as text', () => {
    expect(compileConditions({ all: [{ field: 'total', op: '>', value: '99.9' }] })(invoice)).toBe(true);
    expect(compileConditions({ all: [{ field: 'total', op: '>', value: '1000' }] })(invoice)).toBe(false);
    expect(compileConditions({ all: [{ field: 'issueDate', op: '>=', value: '2026-01-01' }] })(invoice)).toBe(
      true,
    );
    expect(compareValues('10', '9')).toBe(1);
    expect(compareValues('10', 'x')).toBe(-1);
  });

  it('nests all and any, reads dotted paths and lists, ignores case in contains and startsWith', () => {
    const predicate = compileConditions({
      all: [
        {
          any: [
            { field: 'status', op: '=', value: 'sent' },
            { field: 'status', op: 'in', value: ['paid', 'sent'] },
          ],
        },
        { field: 'contact.name', op: 'startsWith', value: 'havby' },
        { field: 'lines.taxCode', op: 'contains', value: 'MP2' },
      ],
    });
    expect(predicate(invoice)).toBe(true);
    expect(predicate({ ...invoice, status: 'draft' })).toBe(false);
  });

  it('treats missing and empty values as absent', () => {
    expect(compileConditions({ all: [{ field: 'reference', op: 'exists' }] })(invoice)).toBe(false);
    expect(compileConditions({ all: [{ field: 'dueDate', op: 'notExists' }] })(invoice)).toBe(true);
    expect(compileConditions({ all: [{ field: 'dueDate', op: '=', value: '2026-01-01' }] })(invoice)).toBe(
      false,
    );
    expect(compileConditions({ all: [{ field: 'dueDate', op: '!=', value: '2026-01-01' }] })(invoice)).toBe(
      true,
    );
  });
});
