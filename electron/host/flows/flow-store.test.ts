import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import { loadFlowExamples } from '../../../test-support/flow-examples';
import { HostEvents } from '../host-events';
import { HostLog } from '../host-log';
import { openConfFile } from './conf-file';
import { FlowStore } from './flow-store';
import type { KeyValueFileFactory } from './key-value-file';

const example = loadFlowExamples().find((e) => e.file.includes('xero-invoices'))!;
let dir: string;
let logged: string[];
const newStore = (open: KeyValueFileFactory = openConfFile) => {
  const events = new HostEvents();
  events.subscribeAll((_e, payload) => logged.push((payload as { message: string }).message));
  return new FlowStore(dir, open, new HostLog(events, () => undefined));
};
const caught = (fn: () => unknown): LedgerflowError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof LedgerflowError) return error;
    throw error;
  }
  throw new Error('expected an error');
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lf-flows-'));
  logged = [];
});

describe('FlowStore on conf', () => {
  it('keeps flows across restarts in one JSON file', () => {
    const store = newStore();
    const created = store.create('Contacts');
    store.rename(created.flow.id, 'Contacts to Xero');
    const reopened = newStore();
    expect(reopened.list().map((f) => f.name)).toEqual(['Contacts to Xero']);
    const onDisk = JSON.parse(readFileSync(join(dir, 'flows.json'), 'utf8'));
    expect(onDisk.flows[created.flow.id].flow).toMatchObject({
      format: 'ledgerflow.flow',
      version: 1,
      name: 'Contacts to Xero',
    });
  });

  it('lists most recently changed first, with systems and incomplete counts', async () => {
    const store = newStore();
    const a = store.create('A');
    await new Promise((r) => setTimeout(r, 5));
    store.import(example.text, 'ask');
    await new Promise((r) => setTimeout(r, 5));
    store.rename(a.flow.id, 'A2');
    const list = store.list();
    expect(list.map((f) => f.name)).toEqual(['A2', 'Visma eAccounting → Xero: invoices']);
    expect(list[1]).toMatchObject({
      systems: ['visma-eaccounting', 'xero'],
      nodeCount: 6,
      problemCount: 0,
      mode: 'shadow',
    });
  });

  it('refuses to save a structurally broken flow and keeps the stored one', () => {
    const store = newStore();
    const stored = store.save(JSON.parse(example.text));
    const broken = structuredClone(stored.flow) as any;
    broken.edges.push({ id: 'x', source: 'ghost', target: 'xero-invoices' });
    const error = caught(() => store.save(broken));
    expect(error.code).toBe('LF-1101');
    expect(error.details).toEqual([
      expect.objectContaining({ path: 'edges[5].source', message: "no node has the id 'ghost'" }),
    ]);
    expect(newStore().get(stored.flow.id).flow.edges).toHaveLength(5);
  });

  it('saves an incomplete draft and reports what it lacks', () => {
    const store = newStore();
    const created = store.create('Draft');
    const saved = store.save({
      ...created.flow,
      nodes: [{ id: 'd', type: 'destination', position: { x: 0, y: 0 }, config: {} }],
    });
    expect(saved.problems.map((p) => p.message)).toEqual([
      "'d' has no connection chosen",
      "'d' has no entity chosen",
      "'d' is not fed by any source; connect a source to it",
    ]);
    expect(store.list()[0]!.problemCount).toBe(3);
  });

  it('imports: asks on a taken id, then replaces or copies; a copy gets a new id and name', () => {
    const store = newStore();
    const first = store.import(example.text, 'ask');
    expect(first).toMatchObject({ replaced: false, problems: [] });
    const conflict = caught(() => store.import(example.text, 'ask'));
    expect(conflict.code).toBe('LF-1103');
    expect(conflict.details).toMatchObject({
      id: 'example-vea-xero-invoices',
      existingName: 'Visma eAccounting → Xero: invoices',
    });
    const copy = store.import(example.text, 'copy');
    expect(copy.summary.id).not.toBe('example-vea-xero-invoices');
    expect(copy.summary.name).toBe('Visma eAccounting → Xero: invoices (copy)');
    expect(store.import(example.text, 'copy').summary.name).toBe(
      'Visma eAccounting → Xero: invoices (copy 2)',
    );
    const replaced = store.import(
      example.text.replace('"name": "Visma eAccounting → Xero: invoices"', '"name": "Renamed"'),
      'replace',
    );
    expect(replaced).toMatchObject({
      replaced: true,
      summary: { id: 'example-vea-xero-invoices', name: 'Renamed' },
    });
    expect(store.list()).toHaveLength(3);
  });

  it('never imports a partly valid file, and imported flows start in shadow mode', () => {
    const store = newStore();
    const bad = JSON.parse(example.text);
    bad.nodes[0].config.entity = 'invoce';
    const error = caught(() => store.import(JSON.stringify(bad), 'replace'));
    expect(error.code).toBe('LF-1101');
    expect(store.list()).toEqual([]);
    const live = JSON.parse(example.text);
    live.mode = 'live';
    store.import(JSON.stringify(live), 'ask');
    expect(store.list()[0]!.mode).toBe('shadow');
  });

  it('exports the document only: same flow back, no timestamps, a file name from the flow name', () => {
    const store = newStore();
    store.import(example.text, 'ask');
    const exported = store.export('example-vea-xero-invoices');
    expect(exported.fileName).toBe('visma-eaccounting-xero-invoices.flow.json');
    expect(JSON.parse(exported.text)).toEqual(JSON.parse(example.text));
    expect(exported.text).not.toMatch(/createdAt|updatedAt/);
  });

  it('duplicates and deletes; unknown ids are LF-1102', () => {
    const store = newStore();
    const a = store.create('A');
    const copy = store.duplicate(a.flow.id);
    expect(copy.name).toBe('A (copy)');
    store.delete(a.flow.id);
    expect(store.list().map((f) => f.id)).toEqual([copy.id]);
    expect(caught(() => store.get(a.flow.id)).code).toBe('LF-1102');
    expect(caught(() => store.delete('nope')).code).toBe('LF-1102');
  });

  it('moves an unreadable store file aside instead of losing it, and starts empty', () => {
    writeFileSync(join(dir, 'flows.json'), '{ this is not json');
    const store = newStore();
    expect(store.list()).toEqual([]);
    const aside = readdirSync(dir).find((f) => f.startsWith('flows.json.unreadable-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside!), 'utf8')).toBe('{ this is not json');
    expect(logged.join('\n')).toMatch(/could not be read .* moved to/);
  });

  it('skips (and reports) a stored flow that no longer validates, keeping the others', () => {
    const store = newStore();
    const good = store.create('Good');
    const file = join(dir, 'flows.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.flows.broken = { flow: { format: 'ledgerflow.flow', version: 1 }, createdAt: 'x', updatedAt: 'y' };
    writeFileSync(file, JSON.stringify(data));
    expect(
      newStore()
        .list()
        .map((f) => f.id),
    ).toEqual([good.flow.id]);
    expect(logged.join('\n')).toMatch(/Flow 'broken' .* could not be read/);
  });

  it('leaves memory and disk unchanged when a write fails', () => {
    let failWrites = false;
    const flaky: KeyValueFileFactory = (options) => {
      const real = openConfFile(options);
      return {
        path: real.path,
        get: (key) => real.get(key),
        delete: (key) => real.delete(key),
        set: (key, value) => {
          if (failWrites) throw new Error('ENOSPC: no space left on device');
          real.set(key, value);
        },
      };
    };
    const store = newStore(flaky);
    const a = store.create('A');
    failWrites = true;
    const error = caught(() => store.rename(a.flow.id, 'B'));
    expect(error).toMatchObject({ code: 'LF-1201', kind: 'operational' });
    expect(error.message).toMatch(/ENOSPC/);
    expect(caught(() => store.create('C')).code).toBe('LF-1201');
    expect(store.list().map((f) => f.name)).toEqual(['A']);
    expect(
      newStore()
        .list()
        .map((f) => f.name),
    ).toEqual(['A']);
  });
});
