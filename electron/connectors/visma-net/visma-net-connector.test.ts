import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OperationalError, UserError } from '../../../shared/errors/ledgerflow-error';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server';
import { systemClock, type AccessTokenSource } from '../kit/connector';
import { expectFields, ok, readAll } from '../kit/connector-tests.test-helper';
import { UndiciHttpClient, type HttpClient, type HttpRequest } from '../kit/http-client';
import { EaccountingConnector } from '../visma-eaccounting/eaccounting-connector';
import { eaccountingApiBaseUrl } from '../visma-eaccounting/eaccounting-oauth';
import { VismaNetConnector } from './visma-net-connector';
import { vismaNetToken } from './visma-net-connect';

/**
 * The Visma.net connector against the Visma.net simulator over real HTTP (undici → sandbox on port 0): every
 * entity read and written through the canonical model and compared field by field, paging, deltas, If-Match with
 * a 412 retry, the errors of the LF table, and the overlap facts of docs/sandbox.md.
 */
let sb: RunningSandbox;
let http: UndiciHttpClient;
let auth: ClientCredentialTokens;
let vn: VismaNetConnector;
let tenantId: string;

/** Client credentials: a 401 gets a brand-new token (there is no refresh token, §2.2). */
class ClientCredentialTokens implements AccessTokenSource {
  renewals = 0;
  private token = '';
  constructor(private readonly get: () => Promise<string>) {}
  async accessToken() {
    return (this.token ||= await this.get());
  }
  async refreshAfterUnauthorized(rejected: string) {
    if (rejected !== this.token) return this.token;
    this.renewals++;
    return (this.token = await this.get());
  }
}

const stamp = Date.now().toString(36).slice(-6);

beforeAll(async () => {
  sb = await startSandbox({
    port: 0,
    seed: 1,
    limits: {
      xero: { enabled: false },
      'visma-eaccounting': { enabled: false },
      'visma-net': { enabled: false },
    },
  });
  http = new UndiciHttpClient();
  const api = sb.apis.vismaNet;
  tenantId = api.tenants[0]!.tenantId;
  auth = new ClientCredentialTokens(
    async () =>
      (await vismaNetToken(http, api, { clientId: api.clientId, clientSecret: api.clientSecret }, tenantId))
        .accessToken,
  );
  vn = new VismaNetConnector({ apiBaseUrl: api.apiBaseUrl, tenantId }, { http, clock: systemClock, auth });
});
afterAll(async () => {
  await http?.close();
  await sb?.close();
});
beforeEach(() => sb.admin.clearFaults('visma-net'));

describe('Visma.net connector: describe and probe', () => {
  it('describes entities (sales orders behind the interface) and its limits as data', () => {
    const d = vn.describe();
    expect(d.system).toBe('visma-net');
    expect(d.entities.map((e) => e.entity).sort()).toEqual(
      [
        'account',
        'contact',
        'creditNote',
        'invoice',
        'item',
        'payment',
        'salesOrder',
        'stockLevel',
        'taxRate',
      ].sort(),
    );
    expect(d.entities.find((e) => e.entity === 'item')!.capabilities.maxPageSize).toBe(5000);
    expect(d.entities.find((e) => e.entity === 'creditNote')!.capabilities.write).toBe(false);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('counts the company’s customers', async () => {
    const probe = await vn.probe({ fallbackName: 'Ledgerflow Demo AB' });
    expect(probe).toMatchObject({ organisationName: 'Ledgerflow Demo AB' });
    expect(probe.contactCount).toBeGreaterThan(100);
  });
});

describe('Visma.net connector: reads', () => {
  it('pages customers by pageNumber/pageSize across boundaries, and reads deltas with lastModifiedDateTime', async () => {
    const { records, pages } = await readAll(vn.read('contact', { pageSize: 37 }));
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.slice(0, -1).every((p) => p.records.length === 37)).toBe(true);
    expect(new Set(records.map((r) => r.sourceId)).size).toBe(records.length);
    const whole = await readAll(vn.read('contact', { pageSize: 1000 }));
    expect(records.map((r) => r.sourceId).sort()).toEqual(whole.records.map((r) => r.sourceId).sort());
    const cursor = pages.at(-1)!.cursor!;
    const c = records[3]!;
    ok(
      (
        await vn.write('contact', [
          { kind: 'update', key: 'd', id: c.sourceId, data: { phone: `08-${stamp}` } },
        ])
      )[0],
    );
    const delta = await readAll(vn.read('contact', { since: new Date(new Date(cursor).getTime() + 1) }));
    expect(delta.records.map((r) => r.sourceId)).toContain(c.sourceId);
    expect(delta.records.length).toBeLessThan(5);
  });

  it('reads invoices with lines; the overlap facts hold (numbers, references, per-document VAT)', async () => {
    const [first] = await vn.fetch('invoice', { key: 'number', values: ['000001'] });
    expect(first!.data).toMatchObject({
      number: '000001',
      reference: 'PO-8509',
      contact: { number: '10024' },
      status: 'paid',
    });
    const line = (first!.data.lines as Record<string, string>[])[0]!;
    expect(line).toMatchObject({
      itemCode: 'ART-0006',
      quantity: '11',
      unitPrice: '1344.34',
      taxCode: 'MP3',
      accountCode: '3003',
      lineAmount: '14787.74',
    });
    const [fifth] = await vn.fetch('invoice', { key: 'number', values: ['000005'] });
    expect(fifth!.data).toMatchObject({ total: '33.67', totalTax: '3.61' });
    const byRef = await vn.fetch('invoice', { key: 'reference', values: ['PO-8509'] });
    expect(byRef.map((r) => r.sourceId)).toEqual(['000001']);
    const open = await readAll(vn.read('invoice', { pageSize: 100, filter: { status: 'authorised' } }));
    expect(open.records.length).toBeGreaterThan(0);
    expect(open.records.every((r) => r.data.status === 'authorised')).toBe(true);
  });

  it('sees the renamed customer under the same org number as in eAccounting', async () => {
    const [inVn] = await vn.fetch('contact', { ids: ['10024'] });
    const ea = new EaccountingConnector(
      { apiBaseUrl: eaccountingApiBaseUrl(sb.apis.vismaEaccounting) },
      { http, clock: systemClock, auth: staticToken(sb.admin.vismaEaccounting.issueToken().access_token) },
    );
    const [inEa] = await ea.fetch('contact', { key: 'number', values: ['10024'] });
    expect(inVn!.data.orgNumber).toBe(inEa!.data.orgNumber);
    expect(inVn!.data.name).toBe(inEa!.data.name);
    const byOrg = await vn.fetch('contact', { key: 'orgNumber', values: [String(inVn!.data.orgNumber)] });
    expect(byOrg.map((r) => r.sourceId)).toContain('10024');
  });

  it('reads credit notes, items, stock per warehouse and sales orders', async () => {
    const [credit] = await vn.fetch('creditNote', { ids: ['900001'] });
    expect(credit!.data).toMatchObject({ number: '900001', total: expect.stringMatching(/^\d+\.\d\d$/) });
    expect(await vn.fetch('invoice', { ids: ['900001'] })).toEqual([]);
    const items = await readAll(vn.read('item', { pageSize: 20 }));
    expect(items.pages[0]!.records).toHaveLength(20);
    expect(items.records.find((i) => i.data.code === 'ART-0001')?.data).toMatchObject({
      taxCode: 'MP1',
      unitPrice: '333.77',
      isActive: true,
    });
    const stock = await readAll(vn.read('stockLevel', { pageSize: 10 }));
    const warehouses = new Set(stock.records.map((s) => s.data.warehouse));
    expect([...warehouses].sort()).toEqual(['MAIN', 'WEST']);
    const art2 = stock.records.filter((s) => s.data.itemCode === 'ART-0002');
    expect(art2.map((s) => s.sourceId).sort()).toEqual(['ART-0002@MAIN', 'ART-0002@WEST']);
    const [summary] = await vn.fetch('stockLevel', { ids: ['ART-0002@MAIN'] });
    expect(summary!.data).toMatchObject({
      itemCode: 'ART-0002',
      warehouse: 'MAIN',
      quantityOnHand: art2.find((s) => s.data.warehouse === 'MAIN')!.data.quantityOnHand,
    });
    const orders = await readAll(vn.read('salesOrder', { pageSize: 10 }));
    expect(orders.records.length).toBeGreaterThan(10);
    expect(orders.records[0]!.data).toMatchObject({
      id: 'SO/000001',
      number: '000001',
      status: 'completed',
      lines: expect.any(Array),
    });
  });
});

describe('Visma.net connector: writes, compared field by field', () => {
  let customer = '';
  it('creates a customer (value-wrapped, Location followed) and updates it with If-Match, keeping the rest', async () => {
    const data = {
      name: `Canonical AB ${stamp}`,
      number: `LF${stamp}`,
      email: `ada-${stamp}@example.test`,
      phone: '08 123 456',
      orgNumber: '556677-8899',
      vatNumber: 'SE556677889901',
      currency: 'SEK',
      paymentTermsDays: 30,
      address: { line1: 'Storgatan 1', postalCode: '11122', city: 'Stockholm', country: 'SE' },
      isActive: true,
    };
    const created = ok((await vn.write('contact', [{ kind: 'create', key: 'c', data }]))[0]);
    customer = created.id;
    expect(customer).toBe(data.number);
    const [back] = await vn.fetch('contact', { ids: [customer] });
    expectFields(data, back!.data);
    ok(
      (
        await vn.write('contact', [
          {
            kind: 'update',
            key: 'c',
            id: customer,
            data: { email: `grace-${stamp}@example.test`, paymentTermsDays: 14 },
          },
        ])
      )[0],
    );
    const [again] = await vn.fetch('contact', { ids: [customer] });
    expectFields({ ...data, email: `grace-${stamp}@example.test`, paymentTermsDays: 14 }, again!.data);
  });

  it('a 412 (changed meanwhile) re-reads and retries once', async () => {
    let interfered = false;
    const meddling: HttpClient = {
      close: async () => undefined,
      send: async (req: HttpRequest) => {
        if (req.method === 'PUT' && !interfered) {
          interfered = true;
          // Someone else changes the customer between our read and our write: our ETag is stale.
          await http.send({
            ...req,
            headers: { authorization: req.headers!.authorization! },
            json: { note: { value: 'changed elsewhere' } },
          });
        }
        return http.send(req);
      },
    };
    const other = new VismaNetConnector(
      { apiBaseUrl: sb.apis.vismaNet.apiBaseUrl, tenantId },
      { http: meddling, clock: systemClock, auth },
    );
    sb.admin.resetCounters('visma-net');
    const updated = ok(
      (
        await other.write('contact', [
          { kind: 'update', key: 'e', id: customer, data: { name: `Retried ${stamp}` } },
        ])
      )[0],
    );
    expect(interfered).toBe(true);
    expect(updated.record.data.name).toBe(`Retried ${stamp}`);
    const puts = Object.entries(sb.admin.counters('visma-net').operations).find(([k]) =>
      k.startsWith('PUT /v1/customer'),
    )?.[1];
    expect(puts?.byStatus).toMatchObject({ '412': 1, '204': 2 });
  });

  it('creates and updates an inventory item', async () => {
    const data = {
      code: `LF-IT-${stamp}`,
      name: 'Precise item',
      description: 'Four decimals',
      unitPrice: '12.3456',
      unit: 'STK',
      taxCode: 'MP1',
      isStockItem: true,
      isActive: true,
    };
    const created = ok((await vn.write('item', [{ kind: 'create', key: 'i', data }]))[0]);
    const [back] = await vn.fetch('item', { key: 'code', values: [data.code] });
    expectFields(data, back!.data);
    const updated = ok(
      (
        await vn.write('item', [
          { kind: 'update', key: 'i', id: created.id, data: { name: 'Renamed item', unitPrice: '10.00' } },
        ])
      )[0],
    );
    expect(updated.record.data).toMatchObject({
      name: 'Renamed item',
      unitPrice: '10.00',
      code: data.code,
      taxCode: 'MP1',
    });
  });

  it('creates an invoice on hold with lines (operation Insert), updates its lines (Update/Delete) and releases it', async () => {
    const data = {
      status: 'draft',
      contact: { number: customer },
      issueDate: '2026-09-01',
      dueDate: '2026-10-01',
      currency: 'SEK',
      currencyRate: '1',
      reference: `PO-${stamp}`,
      lines: [
        {
          itemCode: 'ART-0001',
          description: 'Three at twelve per cent',
          quantity: '3',
          unitPrice: '10.02',
          taxCode: 'MP2',
          accountCode: '3002',
        },
        {
          itemCode: 'ART-0001',
          description: 'Discounted',
          quantity: '2',
          unitPrice: '100.00',
          discountPercent: '10',
          taxCode: 'MP1',
          accountCode: '3001',
        },
        { description: 'Third line', quantity: '1', unitPrice: '5.00', taxCode: 'MP1', accountCode: '3001' },
      ],
    };
    const created = ok((await vn.write('invoice', [{ kind: 'create', key: 'inv', data }]))[0]);
    const { lines, contact, ...head } = data;
    expectFields({ ...head, contact: { number: contact.number } }, created.record.data);
    const back = created.record.data.lines as Record<string, unknown>[];
    lines.forEach((l, i) => expectFields(l, back[i]!));
    expect(back.map((l) => l.lineAmount)).toEqual(['30.06', '180.00', '5.00']);
    // 30.06 at 12 % = 3.6072 → 3.61; 185.00 at 25 % = 46.25: VAT per document and code.
    expect(created.record.data).toMatchObject({ subTotal: '215.06', totalTax: '49.86', total: '264.92' });
    const updated = ok(
      (
        await vn.write('invoice', [
          {
            kind: 'update',
            key: 'inv',
            id: created.id,
            data: { status: 'authorised', lines: [{ ...lines[0]!, quantity: '4' }] },
          },
        ])
      )[0],
    );
    expect(updated.record.data).toMatchObject({ status: 'authorised', reference: `PO-${stamp}` });
    expect((updated.record.data.lines as unknown[]).length).toBe(1);
    expectFields(
      { ...lines[0]!, quantity: '4' },
      (updated.record.data.lines as Record<string, unknown>[])[0]!,
    );
    const [refused] = await vn.write('invoice', [
      { kind: 'update', key: 'inv', id: created.id, data: { reference: 'x' } },
    ]);
    expect(!refused!.ok && refused!.error).toBeInstanceOf(UserError);
    expect(!refused!.ok && refused!.error.message).toMatch(/released/);
  });

  it('creates and updates a sales order (v1)', async () => {
    const data = {
      contact: { number: customer },
      orderDate: '2026-09-10',
      deliveryDate: '2026-09-20',
      currency: 'SEK',
      status: 'open',
      lines: [
        {
          itemCode: 'ART-0002',
          description: 'Screws',
          quantity: '4',
          unitPrice: '125.00',
          discountPercent: '5',
          taxCode: 'MP1',
        },
        { itemCode: 'ART-0003', quantity: '1', unitPrice: '10.50' },
      ],
    };
    const created = ok((await vn.write('salesOrder', [{ kind: 'create', key: 'so', data }]))[0]);
    expect(created.id).toMatch(/^SO\//);
    const [back] = await vn.fetch('salesOrder', { ids: [created.id] });
    const { lines, contact, ...head } = data;
    expectFields({ ...head, contact: { number: contact.number } }, back!.data);
    lines.forEach((l, i) => expectFields(l, (back!.data.lines as Record<string, unknown>[])[i]!));
    const updated = ok(
      (
        await vn.write('salesOrder', [
          {
            kind: 'update',
            key: 'so',
            id: created.id,
            data: { status: 'onHold', lines: [{ ...lines[0]!, quantity: '6' }] },
          },
        ])
      )[0],
    );
    expect(updated.record.data).toMatchObject({ status: 'onHold' });
    expect((updated.record.data.lines as Record<string, unknown>[]).map((l) => l.quantity)).toEqual(['6']);
  });

  it('a 400 is a UserError with the API’s own message for that record only', async () => {
    const results = await vn.write('contact', [
      { kind: 'create', key: 'good', data: { name: `Good ${stamp}` } },
      { kind: 'create', key: 'bad', data: { email: 'nameless@example.test' } },
    ]);
    expect(results[0]!.ok).toBe(true);
    const bad = results[1]!;
    if (bad.ok) throw new Error('expected a refusal');
    expect(bad.error).toBeInstanceOf(UserError);
    expect(bad.error.code).toBe('LF-2001');
    const details = bad.error.details as { apiMessage: string; faultCode: string };
    expect(details.apiMessage).toMatch(/name/i);
    expect(details.faultCode).toBe('10000');
    expect(bad.error.message).toContain(details.apiMessage);
    await expect(vn.write('creditNote', [{ kind: 'create', key: 'x', data: {} }])).rejects.toThrow(
      /read-only/,
    );
  });
});

describe('Visma.net connector: failures', () => {
  it('surfaces a 429 as an OperationalError carrying Retry-After and the X-RateLimit values', async () => {
    sb.admin.setFaults('visma-net', { burst429: { count: 1, problem: 'hour', retryAfterSec: 9 } });
    const error = await readAll(vn.read('contact', { pageSize: 5 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationalError);
    expect(error).toMatchObject({
      code: 'LF-2002',
      details: {
        retryAfterMs: 9000,
        status: 429,
        rateLimit: expect.objectContaining({ policy: expect.any(String) }),
      },
    });
  });

  it('surfaces 5xx as LF-2003, per record on writes', async () => {
    sb.admin.setFaults('visma-net', { failNext: { status: 500, count: 1 } });
    const error = await vn.fetch('contact', { ids: ['10001'] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LF-2003', kind: 'operational' });
  });

  it('gets a new client-credentials token after a 401 and retries once', async () => {
    sb.admin.vismaNet.expireTokens();
    const before = auth.renewals;
    const { records } = await readAll(vn.read('item', { pageSize: 5 }));
    expect(records.length).toBeGreaterThan(5);
    expect(auth.renewals).toBe(before + 1);
  });
});

function staticToken(token: string): AccessTokenSource {
  return { accessToken: async () => token, refreshAfterUnauthorized: async () => token };
}
