import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LedgerflowError, OperationalError, UserError } from '../../../shared/errors/ledgerflow-error';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server';
import { systemClock } from '../kit/connector';
import { RefreshingTokens, readAll } from '../kit/connector-tests.test-helper';
import { UndiciHttpClient } from '../kit/http-client';
import { XeroConnector } from './xero-connector';
import { accountingBaseUrl, XeroOAuth } from './xero-oauth';
import { stockLevelResource } from './resources/stock-level';

/**
 * The Xero connector against the Xero simulator over real HTTP (xero-node 20 → undici-free axios → sandbox),
 * every entity read and written through the canonical model and compared field by field.
 */
let sb: RunningSandbox;
let http: UndiciHttpClient;
let tenant: string;
let auth: RefreshingTokens;
let xero: XeroConnector;

const stamp = Date.now().toString(36);

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 7, limits: { xero: { enabled: false } } });
  http = new UndiciHttpClient();
  const issued = sb.admin.xero.issueToken();
  tenant = issued.tenants[0]!.tenantId;
  const x = sb.apis.xero;
  const oauth = new XeroOAuth(http, x, { clientId: x.clientId, clientSecret: x.clientSecret });
  auth = new RefreshingTokens(issued.access_token, issued.refresh_token!, oauth);
  xero = new XeroConnector(
    { apiBaseUrl: accountingBaseUrl(x), tenantId: tenant },
    { http, clock: systemClock, auth },
  );
});
afterAll(async () => {
  await http?.close();
  await sb?.close();
});
beforeEach(() => sb.admin.clearFaults('xero'));

describe('Xero connector: describe', () => {
  it('describes entities, fields and capabilities as data', () => {
    const d = xero.describe();
    expect(d.rateLimits).toMatchObject({
      concurrentPerTenant: 5,
      perMinutePerTenant: 60,
      perDayPerTenant: 5000,
    });
    const invoice = d.entities.find((e) => e.entity === 'invoice')!;
    expect(invoice.capabilities).toMatchObject({
      read: true,
      write: true,
      batchSize: 50,
      idempotency: true,
      delta: 'modified-since',
    });
    expect(invoice.fields.find((f) => f.path === 'total')?.readOnly).toBe(true);
    expect(invoice.fields.find((f) => f.path === 'issueDate')?.required).toBe(true);
    const tax = d.entities.find((e) => e.entity === 'taxRate')!;
    expect(tax.capabilities.write).toBe(false);
    expect(tax.fields.every((f) => f.readOnly)).toBe(true);
    expect(d.entities.map((e) => e.entity).sort()).toEqual(
      ['account', 'contact', 'creditNote', 'invoice', 'item', 'payment', 'stockLevel', 'taxRate'].sort(),
    );
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe('Xero connector: reads', () => {
  it('pages contacts across page boundaries without gaps or repeats, and reads deltas', async () => {
    const { records, pages } = await readAll(xero.read('contact', { pageSize: 37 }));
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.slice(0, -1).every((p) => p.records.length === 37)).toBe(true);
    expect(new Set(records.map((r) => r.sourceId)).size).toBe(records.length);
    const whole = await readAll(xero.read('contact', { pageSize: 1000 }));
    expect(records.map((r) => r.sourceId).sort()).toEqual(whole.records.map((r) => r.sourceId).sort());
    expect(pages.at(-1)!.cursor).toBe(
      records
        .map((r) => r.updatedAt!)
        .sort()
        .at(-1),
    );
    const c = records[0]!;
    expect(c).toMatchObject({
      entity: 'contact',
      sourceId: c.raw.ContactID,
      data: { id: c.raw.ContactID, name: c.raw.Name },
    });
    // Delta: nothing changed after the cursor but the 1 s overlap; a change shows up.
    const latest = new Date(pages.at(-1)!.cursor!);
    await xero.write('contact', [
      { kind: 'update', key: 'k', id: c.sourceId, data: { firstName: `Delta${stamp}` } },
    ]);
    const delta = await readAll(xero.read('contact', { since: new Date(latest.getTime() + 1000) }));
    expect(delta.records.map((r) => r.sourceId)).toContain(c.sourceId);
    expect(delta.records.length).toBeLessThan(5);
  });

  it('reads invoices with lines, money as decimal strings and dates as YYYY-MM-DD; filters by status', async () => {
    const { records } = await readAll(
      xero.read('invoice', { pageSize: 200, filter: { status: 'paid', type: 'sales' } }),
    );
    expect(records.length).toBeGreaterThan(10);
    for (const r of records.slice(0, 20)) {
      expect(r.data.status).toBe('paid');
      expect(r.data.type).toBe('sales');
      expect(r.data.total).toMatch(/^-?\d+\.\d\d$/);
      expect(r.data.issueDate).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(Array.isArray(r.data.lines)).toBe(true);
      expect(r.raw.InvoiceID).toBe(r.sourceId);
    }
    await expect(readAll(xero.read('invoice', { filter: { colour: 'red' } }))).rejects.toThrow(
      /cannot be filtered on 'colour'/,
    );
  });

  it('reads tax rates, accounts, items, credit notes with allocations, payments and stock levels', async () => {
    const tax = (await readAll(xero.read('taxRate'))).records;
    expect(tax.find((t) => t.data.code === 'OUTPUT')?.data).toMatchObject({ rate: '25', isActive: true });
    const accounts = (await readAll(xero.read('account'))).records;
    expect(accounts.find((a) => a.data.code === '090')?.data).toMatchObject({ type: 'BANK' });
    const items = await readAll(xero.read('item', { pageSize: 20 }));
    expect(items.pages[0]!.records).toHaveLength(20);
    expect(items.records.some((i) => /^\d+\.\d{3,4}$/.test(String(i.data.unitPrice)))).toBe(true);
    const notes = (await readAll(xero.read('creditNote', { pageSize: 500 }))).records;
    const allocated = notes.find(
      (n) => Array.isArray(n.data.allocations) && (n.data.allocations as unknown[]).length > 0,
    );
    expect(allocated?.data.allocations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          invoiceNumber: expect.any(String),
          amount: expect.stringMatching(/^\d+\.\d\d$/),
        }),
      ]),
    );
    const payments = (await readAll(xero.read('payment', { pageSize: 500 }))).records;
    expect(payments[0]?.data).toMatchObject({
      invoice: { id: expect.any(String) },
      accountCode: expect.any(String),
    });
    // The simulator has no tracked items; the mapping of one is checked on a raw record.
    expect(
      (await readAll(xero.read('stockLevel'))).records.every((s) => typeof s.data.itemCode === 'string'),
    ).toBe(true);
    expect(
      stockLevelResource.toCanonical({
        Code: 'W-1',
        IsTrackedAsInventory: true,
        QuantityOnHand: 12.5,
        UpdatedDateUTC: '/Date(1700000000000+0000)/',
      }).data,
    ).toEqual({ itemCode: 'W-1', quantityOnHand: '12.5', updatedAt: '2023-11-14T22:13:20.000Z' });
  });

  it('fetches by ids and by match keys', async () => {
    const { records } = await readAll(xero.read('contact', { pageSize: 5 }));
    const some = records.slice(0, 3);
    const byId = await xero.fetch('contact', { ids: some.map((r) => r.sourceId) });
    expect(byId.map((r) => r.sourceId).sort()).toEqual(some.map((r) => r.sourceId).sort());
    const numbered = records.filter((r) => r.data.number);
    if (numbered.length) {
      const byNumber = await xero.fetch('contact', {
        key: 'number',
        values: numbered.map((r) => String(r.data.number)),
      });
      expect(byNumber.map((r) => r.sourceId).sort()).toEqual(numbered.map((r) => r.sourceId).sort());
    }
    const inv = (await readAll(xero.read('invoice', { pageSize: 3 }))).records[0]!;
    expect(
      (await xero.fetch('invoice', { key: 'number', values: [String(inv.data.number)] }))[0]?.sourceId,
    ).toBe(inv.sourceId);
    expect(await xero.fetch('invoice', { ids: [] })).toEqual([]);
  });
});

describe('Xero connector: writes, compared field by field', () => {
  const expectFields = (written: Record<string, unknown>, read: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(written)) {
      // Nested references come back richer (a contact id gains its name and number): compare what was sent.
      if (v && typeof v === 'object' && !Array.isArray(v))
        expect({ field: k, value: read[k] }).toMatchObject({ field: k, value: v });
      else expect({ field: k, value: read[k] }).toEqual({ field: k, value: v });
    }
  };

  it('creates and updates a contact', async () => {
    const data = {
      name: `Canonical AB ${stamp}`,
      number: `LF-${stamp}`,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: `ada-${stamp}@example.test`,
      phone: '08 123 456',
      orgNumber: '556677-8899',
      vatNumber: 'SE556677889901',
      currency: 'SEK',
      paymentTermsDays: 30,
      accountNumber: `ACC-${stamp}`,
      address: { line1: 'Storgatan 1', postalCode: '111 22', city: 'Stockholm', country: 'SE' },
      isActive: true,
    };
    const [created] = await xero.write('contact', [{ kind: 'create', key: 'c1', data }]);
    expect(created).toMatchObject({ ok: true, key: 'c1' });
    if (!created!.ok) throw created!.error;
    const [back] = await xero.fetch('contact', { ids: [created!.id] });
    expectFields(data, back!.data);
    const [updated] = await xero.write('contact', [
      {
        kind: 'update',
        key: 'c1',
        id: created!.id,
        data: { email: `grace-${stamp}@example.test`, isActive: false },
      },
    ]);
    expect(updated!.ok).toBe(true);
    const [again] = await xero.fetch('contact', { ids: [created!.id] });
    expect(again!.data).toMatchObject({
      email: `grace-${stamp}@example.test`,
      isActive: false,
      name: data.name,
    });
  });

  it('creates and updates an item with a 4-decimal price (unitdp=4)', async () => {
    const data = {
      code: `IT-${stamp}`,
      name: 'Precise item',
      description: 'Four decimals',
      unitPrice: '12.3456',
      purchasePrice: '7.50',
      taxCode: 'OUTPUT',
      salesAccountCode: '200',
    };
    const [created] = await xero.write('item', [{ kind: 'create', key: 'i1', data }]);
    if (!created!.ok) throw created!.error;
    const [back] = await xero.fetch('item', { key: 'code', values: [data.code] });
    expectFields(data, back!.data);
    const [updated] = await xero.write('item', [
      { kind: 'update', key: 'i1', id: created!.id, data: { name: 'Renamed item', unitPrice: '10.00' } },
    ]);
    expect(updated!.ok && updated!.record.data).toMatchObject({
      name: 'Renamed item',
      unitPrice: '10.00',
      code: data.code,
    });
  });

  let invoiceId = '';
  let invoiceNumber = '';
  it('creates an invoice with lines, discounts, tax, currency and references; updates it; Xero computes the totals', async () => {
    const [contact] = (await readAll(xero.read('contact', { pageSize: 1, filter: { isActive: true } })))
      .records;
    const data = {
      type: 'sales',
      status: 'draft',
      contact: { id: contact!.sourceId },
      number: `LF-INV-${stamp}`,
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      currency: 'EUR',
      currencyRate: '0.087',
      reference: `Order ${stamp}`,
      amountsIncludeTax: false,
      lines: [
        {
          description: 'Consulting',
          quantity: '3',
          unitPrice: '10.02',
          taxCode: 'OUTPUT',
          accountCode: '200',
        },
        {
          description: 'Discounted',
          quantity: '2',
          unitPrice: '100.00',
          discountPercent: '10',
          taxCode: 'OUTPUT',
          accountCode: '200',
        },
      ],
    };
    const [created] = await xero.write('invoice', [{ kind: 'create', key: 'inv', data }]);
    if (!created!.ok) throw created!.error;
    invoiceId = created!.id;
    const [back] = await xero.fetch('invoice', { ids: [invoiceId] });
    const { lines, ...head } = data;
    expectFields(head, back!.data);
    const backLines = back!.data.lines as Record<string, unknown>[];
    lines.forEach((l, i) => expectFields(l, backLines[i]!));
    expect(backLines.map((l) => l.lineAmount)).toEqual(['30.06', '180.00']);
    expect(back!.data).toMatchObject({ subTotal: '210.06', totalTax: '52.52', total: '262.58' });
    const [updated] = await xero.write('invoice', [
      {
        kind: 'update',
        key: 'inv',
        id: invoiceId,
        data: { reference: `Changed ${stamp}`, status: 'authorised' },
      },
    ]);
    if (!updated!.ok) throw updated!.error;
    expect(updated!.record.data).toMatchObject({
      reference: `Changed ${stamp}`,
      status: 'authorised',
      total: '262.58',
    });
    invoiceNumber = String(updated!.record.data.number);
  });

  it('creates a credit note allocated to the invoice, and the invoice reflects it', async () => {
    const data = {
      type: 'sales',
      status: 'authorised',
      contact: {
        id: ((await xero.fetch('invoice', { ids: [invoiceId] }))[0]!.data.contact as { id: string }).id,
      },
      issueDate: '2026-10-02',
      currency: 'EUR',
      currencyRate: '0.087',
      reference: `Credit ${stamp}`,
      lines: [
        { description: 'Goodwill', quantity: '1', unitPrice: '20.00', taxCode: 'OUTPUT', accountCode: '200' },
      ],
      allocations: [{ invoiceNumber, amount: '25.00', date: '2026-10-03' }],
    };
    const [created] = await xero.write('creditNote', [{ kind: 'create', key: 'cn', data }]);
    if (!created!.ok) throw created!.error;
    const [back] = await xero.fetch('creditNote', { ids: [created!.id] });
    const { lines, allocations, status: _sent, ...head } = data;
    expectFields(head, back!.data);
    // 20.00 + 25 % = 25.00, all of it allocated: Xero marks the credit note PAID (xero-notes.md §1.7).
    expect(back!.data).toMatchObject({ status: 'paid', total: '25.00', amountDue: '0.00' });
    expectFields(lines[0]!, (back!.data.lines as Record<string, unknown>[])[0]!);
    expect(back!.data.allocations).toEqual([
      { invoiceId, invoiceNumber, amount: '25.00', date: '2026-10-03' },
    ]);
    expect(allocations[0]!.amount).toBe('25.00');
    const [inv] = await xero.fetch('invoice', { ids: [invoiceId] });
    expect(inv!.data.amountDue).toBe('237.58');
  });

  it('creates a payment allocated to the invoice; payments cannot be updated', async () => {
    const data = {
      invoice: { id: invoiceId },
      date: '2026-10-05',
      amount: '37.58',
      currencyRate: '0.087',
      accountCode: '090',
      reference: `Pay ${stamp}`,
    };
    const [created] = await xero.write('payment', [{ kind: 'create', key: 'p', data }]);
    if (!created!.ok) throw created!.error;
    const [back] = await xero.fetch('payment', { ids: [created!.id] });
    expectFields({ ...data, invoice: { id: invoiceId, number: invoiceNumber } }, back!.data);
    expect((await xero.fetch('invoice', { ids: [invoiceId] }))[0]!.data.amountDue).toBe('200.00');
    const [refused] = await xero.write('payment', [{ kind: 'update', key: 'p', id: created!.id, data }]);
    expect(!refused!.ok && refused!.error).toBeInstanceOf(UserError);
  });

  it('refuses read-only entities', async () => {
    await expect(xero.write('taxRate', [{ kind: 'create', key: 't', data: { code: 'X' } }])).rejects.toThrow(
      /read-only/,
    );
  });

  it('batches 50 per request with an Idempotency-Key each, and a 400 per record carries Xero’s own message', async () => {
    sb.admin.resetCounters('xero');
    const ops = Array.from({ length: 53 }, (_, i) => ({
      kind: 'create' as const,
      key: `b${i}`,
      data: i === 7 ? { number: `LF-NONAME-${stamp}` } : { name: `Batch ${stamp} ${i}` },
    }));
    const keys: string[] = [];
    const results = await xero.write('contact', ops, {
      idempotencyKey: (i) => (keys.push(`k-${stamp}-${i}`), `k-${stamp}-${i}`),
    });
    expect(keys).toHaveLength(2);
    expect(results.map((r) => r.key)).toEqual(ops.map((o) => o.key));
    expect(results.filter((r) => r.ok)).toHaveLength(52);
    const bad = results[7]!;
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toBeInstanceOf(UserError);
    expect(bad.error.code).toBe('LF-2001');
    const apiMessage = (bad.error.details as { apiMessage: string }).apiMessage;
    expect(apiMessage).toBe('The contact name must be specified.');
    expect(bad.error.message).toBe(`Xero refused the contact: ${apiMessage}`);
    const { operations } = sb.admin.counters('xero');
    expect(Object.entries(operations).find(([k]) => /^PUT \/Contacts$/i.test(k))?.[1].calls).toBe(2);
    // The same batch again with the same key replays Xero's stored answer: nothing is created twice.
    const replay = await xero.write('contact', ops.slice(50), { idempotencyKey: () => keys[1]! });
    expect(replay.map((r) => r.ok && r.id)).toEqual(results.slice(50).map((r) => r.ok && r.id));
  });

  it('a request Xero cannot bind fails every record of the batch with its message', async () => {
    const results = await xero.write('invoice', [
      {
        kind: 'create',
        key: 'x1',
        data: { type: 'sales', contact: { name: 'X' }, issueDate: 'not-a-date', lines: [] },
      },
    ]);
    expect(results[0]!.ok).toBe(false);
    if (!results[0]!.ok) expect(results[0]!.error).toBeInstanceOf(UserError);
  });
});

describe('Xero connector: failures', () => {
  it('surfaces a 429 as an OperationalError carrying Retry-After', async () => {
    sb.admin.setFaults('xero', { burst429: { count: 1, problem: 'minute', retryAfterSec: 7 } });
    const error = await readAll(xero.read('contact', { pageSize: 5 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationalError);
    expect(error).toMatchObject({
      code: 'LF-2002',
      details: { retryAfterMs: 7000, problem: 'minute', status: 429 },
    });
  });

  it('surfaces 5xx as LF-2003 and a write batch gets it per record', async () => {
    sb.admin.setFaults('xero', { failNext: { status: 503, count: 1 } });
    const error = await xero
      .fetch('contact', { ids: ['00000000-0000-0000-0000-000000000001'] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LF-2003', kind: 'operational' });
    sb.admin.setFaults('xero', { failNext: { status: 502, count: 1 } });
    const [r] = await xero.write('contact', [
      { kind: 'create', key: 'z', data: { name: `Outage ${stamp}` } },
    ]);
    expect(!r!.ok && r!.error.code).toBe('LF-2003');
  });

  it('refreshes after a 401 and retries once', async () => {
    sb.admin.xero.expireTokens();
    const before = auth.refreshes;
    const { records } = await readAll(xero.read('account'));
    expect(records.length).toBeGreaterThan(5);
    expect(auth.refreshes).toBe(before + 1);
  });

  it('maps a network failure to LF-2003', async () => {
    const dead = new XeroConnector(
      { apiBaseUrl: 'http://127.0.0.1:9/api.xro/2.0', tenantId: tenant },
      { http, clock: systemClock, auth },
    );
    const error = await readAll(dead.read('account')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerflowError);
    expect(error).toMatchObject({ code: 'LF-2003', kind: 'operational' });
  });
});
