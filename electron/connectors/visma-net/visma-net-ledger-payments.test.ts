import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors/ledgerflow-error';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server';
import { systemClock, type AccessTokenSource } from '../kit/connector';
import { expectFields, ok, readAll } from '../kit/connector-tests.test-helper';
import { UndiciHttpClient, type HttpClient, type HttpRequest } from '../kit/http-client';
import { VismaNetConnector } from './visma-net-connector';

/**
 * The Visma.net connector's VAT categories (tax rates), chart of accounts and customer payments against the
 * Visma.net simulator over real HTTP: reads across page boundaries, write round trips compared field by field,
 * the invoice balance a released payment changes, and the API's refusals as UserErrors on their record.
 */
let sb: RunningSandbox;
let http: UndiciHttpClient;
let vn: VismaNetConnector;
let token: string;
let tenantId: string;

const auth: AccessTokenSource = {
  accessToken: async () => token,
  refreshAfterUnauthorized: async () => (token = sb.admin.vismaNet.issueToken({ tenantId }).access_token),
};
const stamp = Date.now().toString(36).slice(-5);

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
  tenantId = sb.apis.vismaNet.tenants[0]!.tenantId;
  token = sb.admin.vismaNet.issueToken({ tenantId }).access_token;
  vn = new VismaNetConnector(
    { apiBaseUrl: sb.apis.vismaNet.apiBaseUrl, tenantId },
    { http, clock: systemClock, auth },
  );
});
afterAll(async () => {
  await http?.close();
  await sb?.close();
});

/** The API as it is, for checks the connector does not make. */
async function api(method: HttpRequest['method'], path: string, json?: unknown) {
  return http.send({
    method,
    url: `${sb.apis.vismaNet.apiBaseUrl}${path}`,
    headers: { authorization: `Bearer ${token}` },
    ...(json !== undefined ? { json } : {}),
  });
}

/** Open invoices (first page of them): the ones a payment can pay. */
async function openInvoices(): Promise<CanonicalRecord[]> {
  const first = await vn
    .read('invoice', { pageSize: 200, filter: { status: 'authorised' } })
    [Symbol.asyncIterator]()
    .next();
  return (first.value?.records ?? []) as CanonicalRecord[];
}

describe('Visma.net tax rates and accounts', () => {
  it('describes VAT categories as read-only unpaged tax rates, accounts and payments as writable', () => {
    const d = vn.describe();
    const cap = (e: string) => d.entities.find((x) => x.entity === e)!.capabilities;
    expect(cap('taxRate')).toMatchObject({
      read: true,
      write: false,
      paging: 'none',
      delta: 'modified-since',
    });
    expect(cap('account')).toMatchObject({ read: true, write: true, paging: 'none', matchKeys: ['code'] });
    expect(cap('payment')).toMatchObject({
      read: true,
      write: true,
      paging: 'page',
      matchKeys: ['externalId'],
    });
    const fields = d.entities.find((x) => x.entity === 'payment')!.fields;
    expect(fields.filter((f) => f.readOnly).map((f) => f.path)).toEqual(['id', 'currencyRate', 'updatedAt']);
    expect(d.entities.find((x) => x.entity === 'taxRate')!.fields.every((f) => f.readOnly)).toBe(true);
  });

  it('reads the VAT categories invoices use, with the rate in force', async () => {
    const { records, pages } = await readAll(vn.read('taxRate'));
    expect(pages).toHaveLength(1);
    const byCode = new Map(records.map((r) => [r.data.code, r.data]));
    expect(byCode.get('MP1')).toEqual({
      code: 'MP1',
      name: 'Momspliktig försäljning 25 %',
      rate: '25',
      isActive: true,
    });
    expect(byCode.get('MP2')?.rate).toBe('12');
    expect(byCode.get('EXP')?.rate).toBe('0');
    expect(byCode.get('IMP25')?.rate).toBe('25');
    const [first] = await vn.fetch('invoice', { key: 'number', values: ['000001'] });
    for (const line of first!.data.lines as Record<string, string>[])
      expect(byCode.has(line.taxCode)).toBe(true);
    expect(
      (await vn.fetch('taxRate', { key: 'code', values: ['MP3', 'NOPE'] })).map((r) => r.sourceId),
    ).toEqual(['MP3']);
    const filtered = await readAll(vn.read('taxRate', { filter: { code: 'EUTJ' } }));
    expect(filtered.records.map((r) => r.sourceId)).toEqual(['EUTJ']);
    const later = await readAll(vn.read('taxRate', { since: new Date(Date.now() + 86_400_000) }));
    expect(later.records).toEqual([]);
  });

  it('reads the chart of accounts with VAT categories and the inactive account', async () => {
    const { records } = await readAll(vn.read('account'));
    const sales = records.find((r) => r.sourceId === '3001');
    expect(sales?.data).toMatchObject({
      code: '3001',
      name: 'Försäljning 25 % moms',
      type: 'Income',
      taxCode: 'MP1',
      isActive: true,
    });
    expect(records.find((r) => r.sourceId === '1930')?.data).toMatchObject({ type: 'Asset', isActive: true });
    const inactive = await readAll(vn.read('account', { filter: { isActive: false } }));
    expect(inactive.records.map((r) => r.sourceId)).toEqual(['3990']);
    const income = await readAll(vn.read('account', { filter: { type: 'Income' } }));
    expect(income.records.every((r) => r.data.type === 'Income')).toBe(true);
    expect(income.records.length).toBeGreaterThan(5);
    expect((await vn.fetch('account', { ids: ['1510', '0000'] })).map((r) => r.sourceId)).toEqual(['1510']);
  });

  it('creates and updates an account, compared field by field', async () => {
    const data = { code: '6071', name: `Konto ${stamp}`, type: 'Expense', taxCode: 'MP1', isActive: true };
    const created = ok((await vn.write('account', [{ kind: 'create', key: 'a', data }]))[0]);
    expect(created.id).toBe(data.code);
    const [back] = await vn.fetch('account', { ids: [data.code] });
    expectFields(data, back!.data);
    const changed = { ...data, name: `Omdöpt ${stamp}`, isActive: false };
    const updated = ok(
      (
        await vn.write('account', [
          { kind: 'update', key: 'a', id: data.code, data: { name: changed.name, isActive: false } },
        ])
      )[0],
    );
    expectFields(changed, updated.record.data);
    const since = new Date(new Date(back!.updatedAt!).getTime() + 1);
    expect((await readAll(vn.read('account', { since }))).records.map((r) => r.sourceId)).toContain(
      data.code,
    );
  });

  it('an account the API refuses is a UserError with its message, for that record only', async () => {
    const results = await vn.write('account', [
      { kind: 'create', key: 'bad-type', data: { code: '2089', name: 'Eget kapital', type: 'Equity' } },
      {
        kind: 'create',
        key: 'too-long',
        data: { code: '6072', name: 'A name much longer than thirty characters', type: 'Expense' },
      },
      { kind: 'update', key: 'renumber', id: '3001', data: { code: '3009' } },
    ]);
    for (const [r, said] of [
      [results[0], /type: 'Equity' is not one of Asset, Liability, Income, Expense/],
      [results[1], /description: at most 30 characters/],
      [results[2], /cannot be changed/],
    ] as const) {
      if (r!.ok) throw new Error(`expected a refusal of ${r!.key}`);
      expect(r!.error).toBeInstanceOf(UserError);
      expect(r!.error.code).toBe('LF-2001');
      expect((r!.error.details as { apiMessage: string }).apiMessage).toMatch(said);
    }
    await expect(
      vn.write('taxRate', [{ kind: 'create', key: 't', data: { code: 'X', name: 'X', rate: '1' } }]),
    ).rejects.toThrow(/read-only/);
  });
});

describe('Visma.net customer payments', () => {
  it('reads payments page by page across boundaries; each is one allocation to an invoice', async () => {
    const { records, pages } = await readAll(vn.read('payment', { pageSize: 37 }));
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.slice(0, -1).every((p) => p.records.length === 37)).toBe(true);
    expect(new Set(records.map((r) => r.sourceId)).size).toBe(records.length);
    const whole = await readAll(vn.read('payment', { pageSize: 1000 }));
    expect(whole.pages).toHaveLength(1);
    expect(records.map((r) => r.sourceId)).toEqual(whole.records.map((r) => r.sourceId));
    for (const r of records) {
      expect(r.sourceId).toBe(`${String(r.raw.refNbr)}@${(r.data.invoice as { number: string }).number}`);
      expect(r.data.amount).toMatch(/^\d+\.\d\d$/);
    }
    // The seeded payments of invoice 000001 carry the Xero payment's reference and add up to what it has paid.
    const [invoice] = await vn.fetch('invoice', { key: 'number', values: ['000001'] });
    const paid = await readAll(vn.read('payment', { filter: { 'invoice.number': '000001' } }));
    expect(paid.records.map((r) => r.data.reference)).toEqual(['Payment INV-0001']);
    expect(paid.records[0]!.data).toMatchObject({
      currency: 'SEK',
      currencyRate: '1',
      accountCode: '1930',
      amount: invoice!.data.amountPaid,
    });
    const fetched = await vn.fetch('payment', { ids: [paid.records[0]!.sourceId, '999999@000001'] });
    expect(fetched.map((r) => [r.sourceId, r.data])).toEqual(paid.records.map((r) => [r.sourceId, r.data]));
  });

  it('creates and releases a payment, compared field by field; the invoice’s balance falls; deltas see it', async () => {
    const before = await readAll(vn.read('payment', { pageSize: 1000 }));
    const cursor = before.pages.at(-1)!.cursor!;
    const invoice = (await openInvoices()).find(
      (i) => i.data.currency === 'SEK' && Number(i.data.amountDue) > 100,
    )!;
    const data = {
      invoice: { number: invoice.sourceId },
      date: '2026-09-20',
      amount: '40.25',
      currency: 'SEK',
      accountCode: '1930',
      reference: `Bank ${stamp}`,
    };
    const created = ok((await vn.write('payment', [{ kind: 'create', key: 'p', data }]))[0]);
    expect(created.id).toMatch(new RegExp(`^\\d+@${invoice.sourceId}$`));
    expectFields(data, created.record.data);
    expect(created.record.data).toMatchObject({ currencyRate: '1', invoice: { id: invoice.sourceId } });
    const [back] = await vn.fetch('payment', { ids: [created.id] });
    expectFields(data, back!.data);
    expect(back!.raw).toMatchObject({
      type: 'Payment',
      status: 'Closed',
      paymentAmount: 40.25,
      availableBalance: 0,
    });
    const [after] = await vn.fetch('invoice', { ids: [invoice.sourceId] });
    const cents = (v: unknown) => Math.round(Number(v) * 100);
    expect(cents(after!.data.amountDue)).toBe(cents(invoice.data.amountDue) - 4025);
    expect(cents(after!.data.amountPaid)).toBe(cents(invoice.data.amountPaid) + 4025);
    const delta = await readAll(vn.read('payment', { since: new Date(new Date(cursor).getTime() + 1) }));
    expect(delta.records.map((r) => r.sourceId)).toEqual([created.id]);
  });

  it('pays a foreign invoice in full in its currency: the invoice is paid, the rate is the invoice’s', async () => {
    const invoice = (await openInvoices()).find((i) => i.data.currency === 'EUR')!;
    const data = {
      invoice: { id: invoice.sourceId },
      date: '2026-09-21',
      amount: String(invoice.data.amountDue),
      currency: 'EUR',
      accountCode: '1931',
    };
    const created = ok((await vn.write('payment', [{ kind: 'create', key: 'eur', data }]))[0]);
    expectFields(
      { ...data, invoice: { id: invoice.sourceId, number: invoice.sourceId } },
      created.record.data,
    );
    expect(Number(created.record.data.currencyRate)).toBeCloseTo(Number(invoice.data.currencyRate), 5);
    const [paid] = await vn.fetch('invoice', { ids: [invoice.sourceId] });
    expect(paid!.data).toMatchObject({ status: 'paid', amountDue: '0.00' });
  });

  it('refusals are UserErrors with the API’s message per record, and nothing is left half-written', async () => {
    const [open, other] = (await openInvoices()).filter((i) => i.data.currency === 'SEK');
    const count = async () => (await readAll(vn.read('payment', { pageSize: 1000 }))).records.length;
    const before = await count();
    const results = await vn.write('payment', [
      {
        kind: 'create',
        key: 'good',
        data: { invoice: { number: open!.sourceId }, date: '2026-09-22', amount: '1.00' },
      },
      {
        kind: 'create',
        key: 'too-much',
        data: {
          invoice: { number: other!.sourceId },
          date: '2026-09-22',
          amount: String(Number(other!.data.amountDue) + 100),
        },
      },
      {
        kind: 'create',
        key: 'not-cash',
        data: {
          invoice: { number: other!.sourceId },
          date: '2026-09-22',
          amount: '1.00',
          accountCode: '3001',
        },
      },
      { kind: 'create', key: 'no-invoice', data: { date: '2026-09-22', amount: '1.00' } },
      {
        kind: 'create',
        key: 'unknown',
        data: { invoice: { number: '777777' }, date: '2026-09-22', amount: '1.00' },
      },
    ]);
    const good = ok(results[0]);
    for (const [r, said] of [
      [results[1], /exceeds the balance of Invoice/],
      [results[2], /'3001' is not a cash account/],
    ] as const) {
      if (r!.ok) throw new Error(`expected a refusal of ${r!.key}`);
      expect(r!.error).toBeInstanceOf(UserError);
      expect(r!.error.code).toBe('LF-2001');
      expect((r!.error.details as { apiMessage: string }).apiMessage).toMatch(said);
      expect(r!.error.message).toContain((r!.error.details as { apiMessage: string }).apiMessage);
    }
    expect(!results[3]!.ok && results[3]!.error).toBeInstanceOf(UserError);
    expect(!results[3]!.ok && results[3]!.error.message).toMatch(/needs the invoice it pays/);
    expect(!results[4]!.ok && results[4]!.error.code).toBe('LF-2007');
    expect(await count()).toBe(before + 1);
    // A released payment cannot be changed: the API says so.
    const [refused] = await vn.write('payment', [
      { kind: 'update', key: 'good', id: good.id, data: { amount: '2.00' } },
    ]);
    expect(!refused!.ok && refused!.error).toBeInstanceOf(UserError);
    expect(!refused!.ok && refused!.error.message).toMatch(
      /only payments on hold or balanced can be changed/,
    );
  });

  it('changes a payment that is not released yet (PUT with If-Match), keeping the other fields', async () => {
    const open = await openInvoices();
    const invoice = open.find((i) => i.data.currency === 'SEK' && Number(i.data.amountDue) > 50)!;
    const elsewhere = open.find((i) => i.sourceId !== invoice.sourceId)!;
    const customer = (invoice.data.contact as { number: string }).number;
    const post = await api('POST', '/v1/customerPayment', {
      customer: { value: customer },
      hold: { value: true },
      paymentLines: [{ operation: 'Insert', refNbr: { value: invoice.sourceId }, amountPaid: { value: 5 } }],
    });
    expect(post.status).toBe(201);
    const number = String(post.headers.location).split('/').pop()!;
    const id = `${number}@${invoice.sourceId}`;
    // On hold it is no payment yet: reads leave it out.
    expect(await vn.fetch('payment', { ids: [id] })).toEqual([]);
    const updated = ok(
      (
        await vn.write('payment', [
          { kind: 'update', key: 'held', id, data: { amount: '7.50', reference: `Held ${stamp}` } },
        ])
      )[0],
    );
    expect(updated.id).toBe(id);
    expect(updated.record.data).toMatchObject({
      amount: '7.50',
      reference: `Held ${stamp}`,
      invoice: { number: invoice.sourceId },
    });
    expect(updated.record.raw).toMatchObject({ status: 'Hold', paymentAmount: 7.5 });
    const [moved] = await vn.write('payment', [
      { kind: 'update', key: 'held', id, data: { invoice: { number: elsewhere.sourceId } } },
    ]);
    expect(!moved!.ok && moved!.error.message).toMatch(/cannot be moved/);
  });

  it('voids the payment again when Visma.net will not release it, and refuses the record with the reason', async () => {
    const invoice = (await openInvoices()).find(
      (i) => i.data.currency === 'SEK' && Number(i.data.amountDue) > 20,
    )!;
    const customer = (invoice.data.contact as { number: string }).number;
    let interfered = false;
    // Someone pays the invoice in full between Ledgerflow's create and its release.
    const meddling: HttpClient = {
      close: async () => undefined,
      send: async (req: HttpRequest) => {
        if (!interfered && req.method === 'POST' && req.url.endsWith('/action/release')) {
          interfered = true;
          const due = Number(
            (
              (await api('GET', `/v1/customerinvoice/${invoice.sourceId}`)).json as {
                balanceInCurrency: number;
              }
            ).balanceInCurrency,
          );
          const other = await api('POST', '/v1/customerPayment', {
            customer: { value: customer },
            paymentLines: [
              { operation: 'Insert', refNbr: { value: invoice.sourceId }, amountPaid: { value: due } },
            ],
          });
          const ref = String(other.headers.location).split('/').pop()!;
          await api('POST', `/v1/customerPayment/${ref}/action/release`, {});
        }
        return http.send(req);
      },
    };
    const other = new VismaNetConnector(
      { apiBaseUrl: sb.apis.vismaNet.apiBaseUrl, tenantId },
      { http: meddling, clock: systemClock, auth },
    );
    const [r] = await other.write('payment', [
      {
        kind: 'create',
        key: 'late',
        data: { invoice: { number: invoice.sourceId }, date: '2026-09-23', amount: '10.00' },
      },
    ]);
    expect(interfered).toBe(true);
    if (r!.ok) throw new Error('expected a refusal');
    expect(r!.error).toBeInstanceOf(UserError);
    expect(r!.error.message).toMatch(
      /refused to release the payment \(Invoice \d+ is no longer open\.\); it was voided again/,
    );
    const mine = (r!.error.details as { payment: string }).payment;
    const payment = (await api('GET', `/v1/customerPayment/${mine}`)).json as Record<string, unknown>;
    expect(payment).toMatchObject({
      status: 'Voided',
      paymentLines: [{ refNbr: invoice.sourceId, amountPaid: 10 }],
    });
    const [paid] = await vn.fetch('invoice', { ids: [invoice.sourceId] });
    expect(paid!.data).toMatchObject({ status: 'paid', amountDue: '0.00', amountPaid: paid!.data.total });
  });
});
