import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/flow/flow.schema';
import { parseFlowText } from '../../shared/flow/flow-validation';
import type { CanonicalRecord } from '../../shared/records/canonical-record';
import type { EntityName } from '../../shared/records/entities';
import { loadFlowExamples } from '../../test-support/flow-examples';
import type { Connector } from '../connectors/kit/connector';
import { UndiciHttpClient } from '../connectors/kit/http-client';
import { createEngine, type Engine } from '../engine/engine';
import type { PlanItem, RunRow } from '../engine/state/state-store';
import { startSandbox, type RunningSandbox, type SandboxSnapshot } from '../sandbox/sandbox-server';
import { bindToSandbox } from './run-command';

/**
 * Every flow in flows-examples/ (a new file is covered by itself): it validates, and against a fresh sandbox a
 * shadow run plans something, the live run right after it does exactly what the shadow run showed, the
 * destination then holds every record the live run wrote, and a further run creates nothing twice. The flows are
 * bound to the sandbox companies by `bindToSandbox`, the binding `ledgerflow run --sandbox` uses.
 */

const examples = loadFlowExamples();
let sb: RunningSandbox;
let http: UndiciHttpClient;
let pristine: SandboxSnapshot;
let dir: string;
const fast = {
  retryPolicy: { maxRetries: 10, baseDelayMs: 5, maxDelayMs: 50 },
  rateLimits: { concurrent: 5, perMinute: 100_000 },
};

beforeAll(async () => {
  sb = await startSandbox({
    port: 0,
    limits: {
      xero: { enabled: false },
      'visma-eaccounting': { enabled: false },
      'visma-net': { enabled: false },
    },
  });
  pristine = sb.admin.snapshot();
  http = new UndiciHttpClient();
  dir = mkdtempSync(join(tmpdir(), 'lf-examples-'));
});
afterAll(async () => {
  await http?.close();
  await sb?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One example bound to the sandbox, with its engine and a connector per flow connection key. */
interface Bound {
  readonly flow: Flow;
  readonly engine: Engine;
  connector(key: string): Promise<Connector>;
  run(mode: 'shadow' | 'live', flow?: Flow): Promise<RunRow>;
  plan(run: RunRow): PlanItem[];
}

function bind(flow: Flow, name: string): Bound {
  const { connectors, bindings } = bindToSandbox(flow, sb, http);
  const engine = createEngine({ storagePath: join(dir, `${name}.sqlite`), connectors, settings: fast });
  return {
    flow,
    engine,
    connector: (key) => connectors.connector(bindings[key]!),
    async run(mode, f = flow) {
      const run = await (await engine.start({ flow: f, bindings, mode })).done;
      expect(run.error, `${mode} run of ${f.name}`).toBeUndefined();
      expect(run.status).toBe('succeeded');
      return run;
    },
    plan: (run) => engine.planItems(run.id, {}, 0, 100_000).items,
  };
}

const fetchIds = async (c: Connector, entity: EntityName, ids: readonly string[]) =>
  ids.length ? c.fetch(entity, { ids }) : [];

const planCounts = (run: RunRow) => {
  const { create, update, unchanged, skip, invalid } = run.counts;
  return { create, update, unchanged, skip, invalid };
};

/** A plan as comparable lines: record, destination, action, reason, diff. */
const shape = (items: readonly PlanItem[]) =>
  items
    .map((i) => [i.destNode, i.recordKey, i.action, i.reason ?? '', JSON.stringify(i.diff ?? [])].join('|'))
    .sort();

/** What some examples need around the generic checks. */
interface ExampleHooks {
  /** Puts something in the fresh sandbox for the example to move, when the seeded data alone holds nothing. */
  prepare?(b: Bound): Promise<Record<string, unknown>>;
  /** Checks the effect of the live run beyond "the destination holds the written records". */
  check?(b: Bound, live: RunRow, prepared: Record<string, unknown>): Promise<void>;
}

const today = () => new Date().toISOString().slice(0, 10);

const hooks: Record<string, ExampleHooks> = {
  // The seeded payments are in both systems already; the flow takes payments from its go-live date on.
  'example-xero-vea-payments': {
    async prepare(b) {
      const vea = await b.connector('dst');
      const xero = await b.connector('src');
      const open: CanonicalRecord[] = [];
      for await (const page of vea.read('invoice', { filter: { status: 'authorised' }, pageSize: 500 }))
        open.push(...page.records);
      const candidates = open.filter((r) => Number(r.data.amountDue) > 100 && r.data.currency === 'SEK');
      const numbers = candidates.map((r) => `INV-${String(r.data.number).padStart(4, '0')}`);
      const inXero = (await xero.fetch('invoice', { key: 'number', values: numbers })).filter(
        (r) => r.data.status === 'authorised' && Number(r.data.amountDue) > 100,
      );
      const xeroInvoice = inXero[0]!;
      const veaInvoice = candidates.find(
        (r) => `INV-${String(r.data.number).padStart(4, '0')}` === xeroInvoice.data.number,
      )!;
      const [paid] = await xero.write('payment', [
        {
          kind: 'create',
          key: 'new-payment',
          data: {
            invoice: { id: xeroInvoice.sourceId },
            date: today(),
            amount: '100.00',
            accountCode: '090',
            reference: 'Ledgerflow example',
          },
        },
      ]);
      expect(paid!.ok, JSON.stringify(paid)).toBe(true);
      return { veaInvoice };
    },
    async check(b, live, prepared) {
      expect(live.counts.create).toBe(1);
      const before = prepared.veaInvoice as CanonicalRecord;
      const [after] = await fetchIds(await b.connector('dst'), 'invoice', [before.sourceId]);
      expect(Number(after!.data.amountDue)).toBeCloseTo(Number(before.data.amountDue) - 100, 2);
    },
  },
  // Open sales orders book stock in Visma.net: what is available of an ordered stock item drops.
  'example-vea-vn-sales-orders': {
    // A draft for an article that is not for sale (inactive, so never copied): its order waits, saying why.
    async prepare(b) {
      const vea = await b.connector('vea');
      const [customer] = await vea.fetch('contact', { key: 'number', values: ['10001'] });
      const [article] = await vea.write('item', [
        {
          kind: 'create',
          key: 'a',
          data: { code: 'ART-9001', name: 'Prototyp', unitPrice: '100', isActive: false, isStockItem: false },
        },
      ]);
      const [draft] = await vea.write('invoice', [
        {
          kind: 'create',
          key: 'd',
          data: {
            type: 'sales',
            status: 'draft',
            contact: { id: customer!.sourceId },
            issueDate: today(),
            currency: 'SEK',
            lines: [{ itemCode: 'ART-9001', description: 'Prototyp', quantity: '1', unitPrice: '100' }],
          },
        },
      ]);
      expect(article!.ok && draft!.ok, JSON.stringify([article, draft])).toBe(true);
      return { draftId: draft!.ok ? draft!.id : '' };
    },
    async check(b, live, prepared) {
      const waiting = b.plan(live).find((i) => i.recordKey === prepared.draftId)!;
      expect(waiting).toMatchObject({ destNode: 'vn-sales-orders', action: 'invalid' });
      expect(waiting.reason).toMatch(/^Lookup 'Find the Visma.net articles': no item with code 'ART-9001'/);
      const orders = b
        .plan(live)
        .filter((i) => i.destNode === 'vn-sales-orders' && i.action === 'create' && i.status === 'done');
      expect(orders.length).toBeGreaterThan(20);
      const vn = await b.connector('vn');
      const written = await fetchIds(
        vn,
        'salesOrder',
        orders.map((o) => o.resultId!),
      );
      expect(written).toHaveLength(orders.length);
      const vea = await b.connector('vea');
      const drafts = await fetchIds(
        vea,
        'invoice',
        orders.map((o) => o.recordKey),
      );
      // Each order is for the draft's customer, with the draft's articles (looked up in Visma.net).
      for (const order of orders) {
        const draft = drafts.find((d) => d.sourceId === order.recordKey)!;
        const so = written.find((w) => w.sourceId === order.resultId)!;
        expect((so.data.contact as Record<string, unknown>).number).toBe(
          (draft.data.contact as Record<string, unknown>).number,
        );
        const codes = (l: unknown) =>
          (l as Array<{ itemCode?: string }>).map((x) => x.itemCode).filter(Boolean);
        expect(codes(so.data.lines)).toEqual(codes(draft.data.lines));
        expect(so.data.status).toBe('open');
      }
      const ordered = new Map<string, number>();
      for (const so of written)
        for (const line of so.data.lines as Array<{ itemCode: string; quantity: string }>)
          ordered.set(line.itemCode, (ordered.get(line.itemCode) ?? 0) + Number(line.quantity));
      const [code, quantity] = [...ordered].find(([c]) => c.startsWith('ART-'))!;
      const levels = await vn.fetch('stockLevel', { key: 'code', values: [code] });
      const booked = levels.reduce(
        (n, l) => n + Number(l.data.quantityOnHand) - Number(l.data.quantityAvailable),
        0,
      );
      expect(booked).toBeGreaterThanOrEqual(quantity);
    },
  },
};

describe('flows-examples: each example, shadow then live against a fresh sandbox', () => {
  it('has the five examples of the sync engine issue', () => {
    expect(examples.map((e) => e.file)).toEqual(
      expect.arrayContaining([
        'visma-eaccounting-to-xero-contacts.flow.json',
        'visma-eaccounting-to-xero-invoices.flow.json',
        'xero-payments-to-visma-eaccounting.flow.json',
        'visma-eaccounting-to-visma-net-sales-orders.flow.json',
        'xero-visma-eaccounting-contacts-two-way.flow.json',
      ]),
    );
  });

  it.each(examples.map((e) => [e.file, e.text] as const))(
    '%s: a live run right after a shadow run does what it showed',
    async (file, text) => {
      const parsed = parseFlowText(text);
      expect(parsed.ok && parsed.problems, JSON.stringify(parsed.problems)).toEqual([]);
      if (!parsed.ok) return;
      sb.admin.restore(pristine);
      const b = bind(parsed.flow, file);
      const hook = hooks[parsed.flow.id] ?? {};
      const prepared = (await hook.prepare?.(b)) ?? {};

      const shadow = await b.run('shadow');
      const planned = shadow.counts.create + shadow.counts.update;
      expect(planned, 'the example has something to write in a fresh sandbox').toBeGreaterThan(0);
      expect(shadow.counts.written).toBe(0);
      const shadowPlan = b.plan(shadow);

      const live = await b.run('live');
      expect(planCounts(live)).toEqual(planCounts(shadow));
      const livePlan = b.plan(live);
      expect(shape(livePlan)).toEqual(shape(shadowPlan));
      expect(live.counts.written + live.counts.deadLetters).toBe(planned);
      // Every refused record is kept with the API's reason.
      for (const letter of b.engine.deadLetters({ flowId: parsed.flow.id }))
        expect(letter.message.length).toBeGreaterThan(10);

      // The destination holds every record the live run wrote.
      for (const node of parsed.flow.nodes) {
        if (node.type !== 'destination') continue;
        const written = livePlan.filter(
          (i) =>
            i.destNode === node.id && i.status === 'done' && (i.action === 'create' || i.action === 'update'),
        );
        const connector = await b.connector(node.config.connection!);
        const entity = node.config.entity as EntityName;
        const readable = connector.describe().entities.find((e) => e.entity === entity)!.capabilities.read;
        if (!readable || written.length === 0) continue;
        const ids = written.map((i) => i.resultId ?? i.targetId!);
        const found = await fetchIds(connector, entity, ids);
        expect(new Set(found.map((r) => r.sourceId)), `${node.id} holds what was written`).toEqual(
          new Set(ids),
        );
      }
      await hook.check?.(b, live, prepared);

      // Nothing is created twice.
      const again = await b.run('live');
      expect(again.counts.create).toBe(0);
      await b.engine.close();
    },
    60_000,
  );
});

describe('the two-way contacts example: no echo, and its conflict policy', () => {
  const example = examples.find((e) => e.file === 'xero-visma-eaccounting-contacts-two-way.flow.json')!;
  const flow = JSON.parse(example.text) as Flow;
  let b: Bound;
  let vea: Connector;
  let xero: Connector;
  /** A synced pair: a customer created in Xero from Visma eAccounting by the first run. */
  let pair: { vea: string; xero: string };

  const withPolicies = (toXero: string, toVea: string): Flow => ({
    ...flow,
    nodes: flow.nodes.map((n) =>
      n.type === 'destination'
        ? ({
            ...n,
            config: { ...n.config, conflictPolicy: n.id === 'to-xero' ? toXero : toVea },
          } as typeof n)
        : n,
    ),
  });
  const phones = async () => ({
    vea: (await fetchIds(vea, 'contact', [pair.vea]))[0]!.data.phone,
    xero: (await fetchIds(xero, 'contact', [pair.xero]))[0]!.data.phone,
  });
  /** Changes the pair's phone in Visma eAccounting, then (later) in Xero. */
  const editBoth = async (veaPhone: string, xeroPhone: string) => {
    const [a] = await vea.write('contact', [
      { kind: 'update', key: 'v', id: pair.vea, data: { phone: veaPhone } },
    ]);
    expect(a!.ok, JSON.stringify(a)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    const [x] = await xero.write('contact', [
      { kind: 'update', key: 'x', id: pair.xero, data: { phone: xeroPhone } },
    ]);
    expect(x!.ok, JSON.stringify(x)).toBe(true);
  };
  const itemOf = (run: RunRow, node: string, key: string) =>
    b.plan(run).find((i) => i.destNode === node && i.recordKey === key)!;
  /** A run after which nothing is left to do: no create, update, skip or invalid record. */
  const settled = async (f: Flow) => {
    const run = await b.run('live', f);
    expect(planCounts(run)).toMatchObject({ create: 0, update: 0, skip: 0, invalid: 0 });
  };

  beforeAll(async () => {
    sb.admin.restore(pristine);
    b = bind(flow, 'two-way');
    vea = await b.connector('vea');
    xero = await b.connector('xero');
    // No e-mail and no org number: back in Visma eAccounting, only the id map can tell it is the same customer.
    const [customer] = await vea.write('contact', [
      {
        kind: 'create',
        key: 'c',
        data: {
          name: 'Ekholm Ekonomitjänst',
          phone: '+46 8 100 00 00',
          address: { line1: 'Storgatan 1', postalCode: '11122', city: 'Stockholm', country: 'SE' },
        },
      },
    ]);
    expect(customer!.ok, JSON.stringify(customer)).toBe(true);
    const first = await b.run('live');
    const created = b
      .plan(first)
      .find((i) => i.destNode === 'to-xero' && i.recordKey === (customer!.ok ? customer!.id : ''))!;
    expect(created).toMatchObject({ action: 'create', status: 'done' });
    pair = { vea: created.recordKey, xero: created.resultId! };
  }, 60_000);
  afterAll(async () => b?.engine.close());

  it('echoes nothing: records one direction created come back as themselves, not as new records', async () => {
    const second = await b.run('live');
    expect(planCounts(second)).toMatchObject({ create: 0, update: 0, invalid: 0 });
    // The customers created in Xero were read back from Xero and matched through the other direction's id map.
    const back = itemOf(second, 'to-vea', pair.xero);
    expect(back).toMatchObject({ action: 'unchanged', targetId: pair.vea });
    await settled(flow);
  });

  it('copies a change made on one side only, and does not copy it back', async () => {
    const [x] = await xero.write('contact', [
      { kind: 'update', key: 'x', id: pair.xero, data: { phone: '+46 8 100 00 01' } },
    ]);
    expect(x!.ok).toBe(true);
    const run = await b.run('live');
    expect(itemOf(run, 'to-vea', pair.xero)).toMatchObject({ action: 'update', targetId: pair.vea });
    expect(await phones()).toEqual({ vea: '+46 8 100 00 01', xero: '+46 8 100 00 01' });
    await settled(flow);
  });

  it("newest-wins: a customer changed on both sides takes the later change, and the reason says it's a conflict", async () => {
    await editBoth('+46 8 200 00 01', '+46 8 200 00 02');
    const run = await b.run('live');
    const toVea = itemOf(run, 'to-vea', pair.xero);
    expect(toVea.action).toBe('update');
    expect(toVea.reason).toMatch(
      /^conflict: changed in both Xero .* and Visma eAccounting .*; newest wins: Xero's change is newer$/,
    );
    const toXero = itemOf(run, 'to-xero', pair.vea);
    expect(toXero.action).toBe('skip');
    expect(toXero.reason).toMatch(/^conflict: .*newest wins: Xero's change is newer and is kept$/);
    expect(toXero.diff).toEqual([{ field: 'phone', before: '+46 8 200 00 02', after: '+46 8 200 00 01' }]);
    expect(await phones()).toEqual({ vea: '+46 8 200 00 02', xero: '+46 8 200 00 02' });
    await settled(flow);
  });

  it('prefer-source on one side and prefer-destination on the other: that side always wins', async () => {
    const vismaWins = withPolicies('prefer-source', 'prefer-destination');
    await editBoth('+46 8 300 00 01', '+46 8 300 00 02');
    const run = await b.run('live', vismaWins);
    expect(itemOf(run, 'to-xero', pair.vea)).toMatchObject({ action: 'update', targetId: pair.xero });
    expect(itemOf(run, 'to-xero', pair.vea).reason).toMatch(
      /conflict policy 'prefer-source': Visma eAccounting's version wins$/,
    );
    expect(itemOf(run, 'to-vea', pair.xero)).toMatchObject({ action: 'skip' });
    expect(itemOf(run, 'to-vea', pair.xero).reason).toMatch(
      /^conflict: .*conflict policy 'prefer-destination': Visma eAccounting's version is kept$/,
    );
    expect(await phones()).toEqual({ vea: '+46 8 300 00 01', xero: '+46 8 300 00 01' });
    await settled(vismaWins);
  });

  it('skip: a conflict is left alone on both sides, each plan item saying so, until the two agree', async () => {
    const skipBoth = withPolicies('skip', 'skip');
    await editBoth('+46 8 400 00 01', '+46 8 400 00 02');
    const run = await b.run('live', skipBoth);
    for (const item of [itemOf(run, 'to-xero', pair.vea), itemOf(run, 'to-vea', pair.xero)]) {
      expect(item.action).toBe('skip');
      expect(item.reason).toMatch(
        /^conflict: changed in both .*; conflict policy 'skip': left as it is on both sides/,
      );
    }
    expect(run.counts.written).toBe(0);
    expect(await phones()).toEqual({ vea: '+46 8 400 00 01', xero: '+46 8 400 00 02' });
    // Made the same by hand: settled, nothing written.
    const [x] = await xero.write('contact', [
      { kind: 'update', key: 'x', id: pair.xero, data: { phone: '+46 8 400 00 01' } },
    ]);
    expect(x!.ok).toBe(true);
    const after = await b.run('live', skipBoth);
    expect(planCounts(after)).toMatchObject({ create: 0, update: 0, skip: 0 });
  });
});
