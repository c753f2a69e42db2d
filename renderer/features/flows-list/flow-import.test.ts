import { describe, expect, it } from 'vitest';
import { createError } from '../../../shared/errors/ledgerflow-error';
import { describeImportFailure, refuseOversizedFile } from './flow-import';

describe('describeImportFailure', () => {
  it('lists every problem of an invalid file', () => {
    const error = createError('LF-1101', 'The flow file was not imported: it has problems', [
      { path: 'mode', message: "'sideways' is not one of shadow, live", severity: 'error' },
      { path: 'nodes[0].type', message: 'is required', severity: 'error' },
    ]);
    const outcome = describeImportFailure(error, 'broken.flow.json', '{}');
    expect(outcome).toMatchObject({ kind: 'refused', code: 'LF-1101', title: 'The flow file is not valid' });
    expect(outcome?.kind === 'refused' && outcome.problems.map((p) => p.path)).toEqual([
      'mode',
      'nodes[0].type',
    ]);
  });

  it('turns a taken id into a conflict that keeps the text for the second call', () => {
    const error = createError('LF-1103', 'taken', {
      id: 'a',
      existingName: 'Invoices',
      importedName: 'Invoices 2',
    });
    expect(describeImportFailure(error, 'x.json', 'TEXT')).toEqual({
      kind: 'conflict',
      fileName: 'x.json',
      text: 'TEXT',
      existingName: 'Invoices',
      importedName: 'Invoices 2',
    });
  });

  it('leaves other errors to the caller', () => {
    expect(describeImportFailure(createError('LF-1301'), 'x.json', '')).toBeUndefined();
    expect(describeImportFailure(new Error('boom'), 'x.json', '')).toBeUndefined();
  });
});

describe('refuseOversizedFile', () => {
  it('refuses files over 5 MB before sending them', () => {
    expect(refuseOversizedFile({ name: 'a.json', size: 1000 })).toBeUndefined();
    expect(refuseOversizedFile({ name: 'a.json', size: 6_000_000 })).toMatchObject({ code: 'LF-1106' });
  });
});
