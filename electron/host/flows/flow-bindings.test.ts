import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { Flow } from '../../../shared/flow/flow.schema';
import { loadFlowExamples } from '../../../test-support/flow-examples';
import { openConfFile } from './conf-file';
import { FlowBindings, type BindableConnection } from './flow-bindings';

const flow = JSON.parse(loadFlowExamples().find((e) => e.file.includes('xero-invoices'))!.text) as Flow;
const vea = (id: string, label: string): BindableConnection => ({
  id,
  system: 'visma-eaccounting',
  label,
  status: 'connected',
});
const xero = (id: string, label: string): BindableConnection => ({
  id,
  system: 'xero',
  label,
  status: 'connected',
});

const setup = (connections: BindableConnection[]) => {
  const dir = mkdtempSync(join(tmpdir(), 'lf-bindings-'));
  const list = [...connections];
  return { dir, list, bindings: new FlowBindings(dir, openConfFile, () => list) };
};
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as LedgerflowError;
  }
  throw new Error('expected an error');
};

describe('FlowBindings', () => {
  it('binds automatically to the only connection of a system, or the one with the same label', () => {
    const { bindings } = setup([
      vea('v1', 'Demo AB'),
      xero('x1', 'Other Ltd'),
      xero('x2', 'Demo Company (sandbox)'),
    ]);
    expect(bindings.view(flow)).toEqual([
      expect.objectContaining({ ref: 'src', connectionId: 'v1', isAutomatic: true }),
      expect.objectContaining({ ref: 'dst', connectionId: 'x2', isAutomatic: true }),
    ]);
    expect(bindings.resolve(flow)).toEqual({ src: 'v1', dst: 'x2' });
  });

  it('asks when several connections could serve, and remembers the choice on this machine only', () => {
    const { bindings, dir } = setup([vea('v1', 'Demo AB'), xero('x1', 'A Ltd'), xero('x2', 'B Ltd')]);
    const error = thrown(() => bindings.resolve(flow));
    expect(error).toMatchObject({ code: 'LF-1108', details: { ref: 'dst', system: 'xero' } });
    expect(error.message).toBe("Choose which Xero company the flow's 'dst' connection uses");
    const view = bindings.bind(flow, 'dst', 'x2');
    expect(view[1]).toMatchObject({
      connectionId: 'x2',
      isAutomatic: false,
      candidates: [{ id: 'x1' }, { id: 'x2' }],
    });
    const reopened = new FlowBindings(dir, openConfFile, () => [
      vea('v1', 'Demo AB'),
      xero('x1', 'A Ltd'),
      xero('x2', 'B Ltd'),
    ]);
    expect(reopened.resolve(flow)).toEqual({ src: 'v1', dst: 'x2' });
    expect(JSON.parse(readFileSync(join(dir, 'flow-bindings.json'), 'utf8'))).toEqual({
      bindings: { [flow.id]: { dst: 'x2' } },
    });
  });

  it('refuses a connection of the wrong system or one that does not exist, and unbinds with null', () => {
    const { bindings, list } = setup([vea('v1', 'Demo AB'), xero('x1', 'A Ltd'), xero('x2', 'B Ltd')]);
    expect(thrown(() => bindings.bind(flow, 'dst', 'v1')).message).toBe(
      "'Demo AB' is a Visma eAccounting connection; 'dst' needs Xero",
    );
    expect(thrown(() => bindings.bind(flow, 'dst', 'gone')).code).toBe('LF-2005');
    expect(thrown(() => bindings.bind(flow, 'nope', 'x1')).code).toBe('LF-1001');
    bindings.bind(flow, 'dst', 'x1');
    list.splice(1, 1); // the chosen connection is removed: the binding no longer counts, x2 is now the only one
    expect(bindings.resolve(flow)).toEqual({ src: 'v1', dst: 'x2' });
    bindings.bind(flow, 'dst', null);
    expect(bindings.view(flow)[1]).toMatchObject({ connectionId: 'x2', isAutomatic: true });
  });

  it('says when no company of a system is connected at all, and forgets a deleted flow', () => {
    const { bindings, dir } = setup([xero('x1', 'A Ltd')]);
    expect(thrown(() => bindings.resolve(flow)).message).toBe(
      "The flow's 'src' connection needs a Visma eAccounting company, and none is connected",
    );
    bindings.bind(flow, 'dst', 'x1');
    bindings.forget(flow.id);
    expect(JSON.parse(readFileSync(join(dir, 'flow-bindings.json'), 'utf8'))).toEqual({ bindings: {} });
  });
});
