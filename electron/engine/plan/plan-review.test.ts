import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invoiceBindings,
  invoiceFlow,
  startInvoiceSandbox,
  type InvoiceSandbox,
} from '../../../bench/invoice-sync';
import { Dec } from '../../../shared/money/decimal-money';
import type { Flow } from '../../../shared/flow/flow.schema';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import { createEngine, type Engine } from '../engine';
import { SqliteStateStore } from '../state/sqlite-state-store';
import type { NewPlanItem, PlanItem, PlanMoney } from '../state/state-store';
import { recordLabel, summarisePlan } from './plan-review';
import { newPlanItem, newRun } from '../state/state-store.test-helper';

const dir = mkdtempSync(join(tmpdir(), 'lf-plan-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The invoices flow matched on the id map only: every eAccounting invoice is new to Xero, though the sandbox's
 * Xero organisation already holds most of them as INV-000k (docs/sandbox.md, Overlaps). So each is a possible
 * duplicate, and Xero's own copy says what Xero computes for the same lines.
 */
function unmatchedInvoices(): Flow {
  const flow = invoiceFlow('review-invoices');
  return {
    ...flow,
    nodes: flow.nodes.map((n) =>
      n.type === 'destination' ? { ...n, config: { ...n.config, match: ['externalId'] } } : n,
    ),
  };
}

describe('plan review against the sandbox: money as Xero would book it, duplicates and rounding', () => {
  let kit: InvoiceSandbox;
  let engine: Engine;
  let items: PlanItem[];
  let runId: string;
  const xero = new Map<string, CanonicalRecord>();

  beforeAll(async () => {
    kit = await startInvoiceSandbox(100);
    engine = createEngine({ storagePath: join(dir, 'sandbox.sqlite'), connectors: kit.provider });
    const run = await (
      await engine.start({ flow: unmatchedInvoices(), bindings: invoiceBindings, mode: 'shadow' })
    ).done;
    expect(run.status).toBe('succeeded');
    runId = run.id;
    items = engine.planItems(runId, {}, 0, 10_000).items;
    for await (const page of (await kit.provider.connector('xero')).read('invoice', { pageSize: 1000 }))
      for (const r of page.records) xero.set(String(r.data.number), r);
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    await kit?.close();
  });

  it('works out each new invoice’s totals as Xero does: the same as Xero’s own copy of it', () => {
    const creates = items.filter((i) => i.action === 'create');
    expect(creates.length).toBeGreaterThan(50);
    let compared = 0;
    for (const item of creates) {
      const copy = xero.get(`INV-${item.label!.padStart(4, '0')}`);
      if (!copy) continue;
      compared++;
      expect({
        number: item.label,
        net: item.money?.net,
        tax: item.money?.tax,
        gross: item.money?.gross,
      }).toEqual({
        number: item.label,
        net: copy.data.subTotal,
        tax: copy.data.totalTax,
        gross: copy.data.total,
      });
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('flags the rounding difference of a document Xero totals per line (33.67 here, 33.66 there)', () => {
    const five = items.find((i) => i.label === '5')!;
    expect(five.flags).toContainEqual(
      expect.objectContaining({
        kind: 'rounding',
        sourceTotal: '33.67',
        destinationTotal: '33.66',
        difference: '-0.01',
        message: expect.stringContaining('Xero would compute 33.66'),
      }),
    );
    expect(five.money).toMatchObject({ currency: 'SEK', net: '30.06', tax: '3.60', gross: '33.66' });
    // The source's lines carry no tax code: the rate is the one eAccounting taxed them at.
    expect(five.money?.byTax).toEqual([{ rate: '12', net: '30.06', tax: '3.60', gross: '33.66' }]);
    // Every rounding flag is a real difference: the source's stated total is not what Xero computes.
    for (const item of items)
      for (const flag of item.flags ?? [])
        if (flag.kind === 'rounding')
          expect(new Dec(flag.destinationTotal!).minus(flag.sourceTotal!).toFixed(2)).toBe(flag.difference);
  });

  it('flags a possible duplicate: the invoice Xero already holds for the same contact, date and total', () => {
    // A voided copy is no duplicate.
    const live = (number: string) =>
      xero.has(number) && !['voided', 'deleted'].includes(String(xero.get(number)!.data.status));
    const flagged = items.filter((i) => i.flags?.some((f) => f.kind === 'possible-duplicate'));
    const withCopy = items.filter((i) => i.action === 'create' && live(`INV-${i.label!.padStart(4, '0')}`));
    expect(flagged.map((i) => i.label).sort()).toEqual(withCopy.map((i) => i.label).sort());
    for (const item of flagged) {
      const flag = item.flags!.find((f) => f.kind === 'possible-duplicate')!;
      const copy = xero.get(`INV-${item.label!.padStart(4, '0')}`)!;
      expect(flag).toMatchObject({ existingId: copy.sourceId, existingLabel: copy.data.number });
    }
  });

  it('sums the plan up per currency and tax code, exactly, from the stored records', () => {
    const [summary] = engine.planSummary(runId);
    expect(summary!.actions.create + summary!.actions.invalid + summary!.actions.skip).toBe(items.length);
    const byCurrency = new Map<string, { net: Dec; tax: Dec; gross: Dec; n: number }>();
    for (const i of items)
      if (i.action === 'create' && i.money) {
        const t = byCurrency.get(i.money.currency) ?? {
          net: new Dec(0),
          tax: new Dec(0),
          gross: new Dec(0),
          n: 0,
        };
        byCurrency.set(i.money.currency, {
          net: t.net.plus(i.money.net),
          tax: t.tax.plus(i.money.tax),
          gross: t.gross.plus(i.money.gross),
          n: t.n + 1,
        });
      }
    expect(summary!.totals).toEqual(
      [...byCurrency]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, t]) => ({
          action: 'create',
          currency,
          records: t.n,
          net: t.net.toFixed(2),
          tax: t.tax.toFixed(2),
          gross: t.gross.toFixed(2),
        })),
    );
    // The tax-code groups add up to the currency totals.
    for (const total of summary!.totals) {
      const groups = summary!.byTax.filter((g) => g.currency === total.currency);
      expect(groups.reduce((s, g) => s.plus(g.gross), new Dec(0)).toFixed(2)).toBe(total.gross);
    }
    expect(summary!.flagged.possibleDuplicate).toBe(
      items.filter((i) => i.flags?.some((f) => f.kind === 'possible-duplicate')).length,
    );
    expect(summary!.destination).toMatchObject({
      destNode: 'xero-invoices',
      system: 'xero',
      connectionId: 'xero',
    });
  });

  it('finds, filters and orders the plan on the host, and exports it as CSV', async () => {
    const flagged = engine.planItems(runId, { flags: ['rounding'] }, 0, 1000);
    expect(flagged.total).toBe(items.filter((i) => i.flags?.some((f) => f.kind === 'rounding')).length);
    expect(flagged.items.every((i) => i.flags?.some((f) => f.kind === 'rounding'))).toBe(true);

    const byAmount = engine.planItems(
      runId,
      { actions: ['create'], order: { by: 'amount', descending: true } },
      0,
      1000,
    );
    const sek = byAmount.items.map((i) => i.money!.gross);
    for (let k = 1; k < sek.length; k++)
      expect(new Dec(sek[k - 1]!).greaterThanOrEqualTo(sek[k]!)).toBe(true);

    const five = items.find((i) => i.label === '5')!;
    const found = engine.planItems(runId, { search: five.subtitle!.split(' · ')[0]!.toUpperCase() }, 0, 1000);
    expect(found.items.map((i) => i.seq)).toContain(five.seq);
    expect(found.items.every((i) => i.subtitle?.startsWith(five.subtitle!.split(' · ')[0]!))).toBe(true);

    const { fileName, text } = await engine.planCsv(runId);
    expect(fileName).toMatch(/^Visma-eAccounting-Xero-invoices-benchmark-plan-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = text.replace(/\r\n$/, '').split('\r\n');
    expect(rows).toHaveLength(items.length + 1);
    const row = rows.find((r) => r.split(',')[2] === '5')!;
    expect(row).toContain(',Create,');
    expect(row).toContain(',SEK,30.06,3.60,33.66,');
    expect(row).toContain('Xero would compute 33.66');
  });
});

describe('plan review in the state store (SQLite)', () => {
  const money = (gross: string, tax: string, currency = 'SEK', taxCode = 'OUTPUT'): PlanMoney => {
    const net = new Dec(gross).minus(tax).toFixed(2);
    return { currency, net, tax, gross, byTax: [{ taxCode, rate: '25', net, tax, gross }] };
  };
  const item = (key: string, extra: Partial<NewPlanItem>): NewPlanItem =>
    newPlanItem(key, { entity: 'invoice', payload: { number: key }, ...extra });

  it('keeps labels, flags, money and an update’s whole record, and sums money without a float', async () => {
    const store = new SqliteStateStore(join(dir, 'store.sqlite'));
    newRun(store, 'r', 1, 'shadow');
    const many = Array.from({ length: 1000 }, (_, i) =>
      item(`c${i}`, { label: `C-${i}`, money: money('0.01', '0.00') }),
    );
    await store.appendPlanItems('r', [
      item('a', {
        label: 'Åby Bygg 1',
        subtitle: 'Åby Bygg AB · 2026-01-01',
        money: money('0.10', '0.02'),
        flags: [
          { kind: 'possible-duplicate', message: 'Xero already has invoice INV-0001…', existingId: 'x1' },
        ],
      }),
      item('b', {
        action: 'update',
        targetId: 't',
        diff: [{ field: 'dueDate', before: '2026-01-01', after: '2026-02-01' }],
        payload: { dueDate: '2026-02-01' },
        record: { number: 'B', dueDate: '2026-02-01', lines: [{ quantity: '1', unitPrice: '0.20' }] },
        label: 'B',
        money: money('0.20', '0.04'),
        flags: [
          {
            kind: 'rounding',
            message: 'The total…',
            sourceTotal: '0.21',
            destinationTotal: '0.20',
            difference: '-0.01',
          },
        ],
      }),
      item('c', { label: 'C', money: money('0.30', '0.06', 'EUR') }),
      item('d', {
        action: 'invalid',
        reason: 'contact missing',
        diff: undefined,
        label: 'D',
        subtitle: 'Göteborg',
      }),
      ...many,
    ]);

    const update = store.planItems('r', { recordKey: 'b' }, 0, 10)[0]!;
    expect(update).toMatchObject({ label: 'B', record: { number: 'B', lines: [{ unitPrice: '0.20' }] } });
    expect(update.flags?.[0]).toMatchObject({ kind: 'rounding', difference: '-0.01' });
    expect(store.planItems('r', { search: 'åby' }, 0, 10).map((i) => i.recordKey)).toEqual(['a']);
    expect(store.planItems('r', { search: 'MISSING' }, 0, 10).map((i) => i.recordKey)).toEqual(['d']);
    // Words with upper-case letters beyond ASCII are stored lowercased; the others are lowercased by SQL.
    expect(store.planItems('r', { search: 'GÖTEBORG contact' }, 0, 10).map((i) => i.recordKey)).toEqual([
      'd',
    ]);
    expect(store.planItems('r', { search: 'ÅBY bygg 1' }, 0, 10).map((i) => i.recordKey)).toEqual(['a']);
    expect(store.countPlanItems('r', { search: 'göteborg åby' })).toBe(0);
    expect(
      store.planItems('r', { flags: ['possible-duplicate', 'rounding'] }, 0, 10).map((i) => i.recordKey),
    ).toEqual(['a', 'b']);
    expect(
      store.planItems('r', { order: { by: 'amount', descending: true } }, 0, 3).map((i) => i.recordKey),
    ).toEqual(['c', 'b', 'a']);
    expect(store.planItems('r', { order: { by: 'changes', descending: true } }, 0, 1)[0]!.recordKey).toBe(
      'b',
    );

    const [summary] = summarisePlan((visit) => store.visitPlanReview('r', visit));
    expect(summary!.actions).toEqual({ create: 1002, update: 1, unchanged: 0, skip: 0, invalid: 1 });
    expect(summary!.flagged).toEqual({ possibleDuplicate: 1, rounding: 1, any: 2 });
    expect(summary!.totals).toEqual([
      { action: 'create', currency: 'EUR', records: 1, net: '0.24', tax: '0.06', gross: '0.30' },
      // 1000 × 0.01 + 0.10: exactly 10.10 (as binary floats, 1000 × 0.01 drifts).
      { action: 'create', currency: 'SEK', records: 1001, net: '10.08', tax: '0.02', gross: '10.10' },
      { action: 'update', currency: 'SEK', records: 1, net: '0.16', tax: '0.04', gross: '0.20' },
    ]);
    store.close();
  });
});

describe('recordLabel', () => {
  it('names a record as a bookkeeper finds it, with the details that tell look-alikes apart', () => {
    const invoice = {
      number: ' 1042 ',
      reference: 'PO-7',
      issueDate: '2026-11-02',
      contact: { name: 'Åby Bygg AB', number: 'C-12' },
    };
    expect(recordLabel('invoice', invoice)).toEqual({
      label: '1042',
      subtitle: 'Åby Bygg AB · 2026-11-02 · PO-7',
    });
    // No number: the reference is the label and is not repeated; no contact name: its number.
    expect(
      recordLabel('creditNote', { reference: 'PO-7', issueDate: '2026-11-02', contact: { number: 12 } }),
    ).toEqual({ label: 'Ref. PO-7', subtitle: '12 · 2026-11-02' });
    expect(recordLabel('salesOrder', { number: 5, orderDate: '2026-11-03', issueDate: 'ignored' })).toEqual({
      label: '5',
      subtitle: '2026-11-03',
    });
    expect(
      recordLabel('contact', { name: 'Kund AB', number: '', orgNumber: '5560000001', email: 'a@b.se' }),
    ).toEqual({
      label: 'Kund AB',
      subtitle: '5560000001 · a@b.se',
    });
    expect(recordLabel('payment', { date: '2026-11-04', invoice: { number: '1042' } })).toEqual({
      label: 'Payment of 1042',
      subtitle: '2026-11-04 · invoice 1042',
    });
    expect(recordLabel('item', { code: 'A1', name: '  ' })).toEqual({ label: 'A1', subtitle: undefined });
    expect(recordLabel('stockLevel', { itemCode: 'A1', warehouse: 'Main' })).toEqual({
      label: 'A1',
      subtitle: 'Main',
    });
    expect(recordLabel('contact', {})).toEqual({ label: undefined, subtitle: undefined });
  });
});
