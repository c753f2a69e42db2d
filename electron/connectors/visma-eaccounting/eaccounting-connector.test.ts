import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LedgerflowError, OperationalError, UserError } from '../../../shared/errors/ledgerflow-error';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server';
import { systemClock } from '../kit/connector';
import { RefreshingTokens, expectFields, ok, readAll } from '../kit/connector-tests.test-helper';
import { UndiciHttpClient } from '../kit/http-client';
import { XeroConnector } from '../xero/xero-connector';
import { accountingBaseUrl } from '../xero/xero-oauth';
import { EaccountingConnector } from './eaccounting-connector';
import { eaccountingApiBaseUrl, eaccountingCompanyId, EaccountingOAuth } from './eaccounting-oauth';
import { stockLevelResource } from './resources/stock-level';

/**
 * The eAccounting connector against the eAccounting simulator over real HTTP (undici → sandbox on port 0): every
 * entity read and written through the canonical model and compared field by field, paging, deltas, the errors
 * of the LF table, and the overlap facts of docs/sandbox.md seen through the connector.
 */
let sb: RunningSandbox;
let http: UndiciHttpClient;
let auth: RefreshingTokens;
let ea: EaccountingConnector;
let companyId: string | undefined;

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
  const api = sb.apis.vismaEaccounting;
  const issued = sb.admin.vismaEaccounting.issueToken();
  companyId = eaccountingCompanyId(issued.access_token);
  const oauth = new EaccountingOAuth(http, api, { clientId: api.clientId, clientSecret: api.clientSecret });
  auth = new RefreshingTokens(issued.access_token, issued.refresh_token!, oauth);
  ea = new EaccountingConnector(
    { apiBaseUrl: eaccountingApiBaseUrl(api), companyId },
    { http, clock: systemClock, auth },
  );
});
afterAll(async () => {
  await http?.close();
  await sb?.close();
});
beforeEach(() => sb.admin.clearFaults('visma-eaccounting'));

describe('eAccounting connector: describe and probe', () => {
  it('describes entities, capabilities and the published rate limit as data', () => {
    const d = ea.describe();
    expect(d.system).toBe('visma-eaccounting');
    expect(d.rateLimits.perMinutePerTenant).toBe(600);
    expect(d.entities.map((e) => e.entity).sort()).toEqual(
      ['account', 'contact', 'creditNote', 'invoice', 'item', 'payment', 'stockLevel', 'taxRate'].sort(),
    );
    const invoice = d.entities.find((e) => e.entity === 'invoice')!;
    expect(invoice.capabilities).toMatchObject({
      read: true,
      write: true,
      delta: 'modified-since',
      paging: 'page',
    });
    expect(invoice.fields.find((f) => f.path === 'total')?.readOnly).toBe(true);
    expect(d.entities.find((e) => e.entity === 'taxRate')!.fields.every((f) => f.readOnly)).toBe(true);
    expect(d.entities.find((e) => e.entity === 'payment')!.capabilities.read).toBe(false);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('reads the company from the token and counts its customers', async () => {
    expect(companyId).toBe(sb.apis.vismaEaccounting.company.id);
    const probe = await ea.probe({ fallbackName: sb.apis.vismaEaccounting.company.name });
    expect(probe.organisationName).toBe('Ledgerflow Demo AB sandbox');
    expect(probe.contactCount).toBeGreaterThan(100);
  });
});

describe('eAccounting connector: reads', () => {
  it('pages customers across page boundaries without gaps or repeats, and reads deltas', async () => {
    const { records, pages } = await readAll(ea.read('contact', { pageSize: 37 }));
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.slice(0, -1).every((p) => p.records.length === 37)).toBe(true);
    expect(new Set(records.map((r) => r.sourceId)).size).toBe(records.length);
    const whole = await readAll(ea.read('contact', { pageSize: 1000 }));
    expect(records.map((r) => r.sourceId).sort()).toEqual(whole.records.map((r) => r.sourceId).sort());
    const cursor = pages.at(-1)!.cursor!;
    expect(cursor).toBe(
      records
        .map((r) => r.updatedAt!)
        .sort()
        .at(-1),
    );
    const c = records[0]!;
    expect(c).toMatchObject({
      entity: 'contact',
      sourceId: c.raw.Id,
      data: { id: c.raw.Id, name: c.raw.Name },
    });
    // Delta: a change after the cursor shows up, and little else does.
    await new Promise((r) => setTimeout(r, 5));
    ok(
      (
        await ea.write('contact', [
          { kind: 'update', key: 'd', id: c.sourceId, data: { phone: `08-${stamp}` } },
        ])
      )[0],
    );
    const delta = await readAll(ea.read('contact', { since: new Date(new Date(cursor).getTime() + 1) }));
    expect(delta.records.map((r) => r.sourceId)).toContain(c.sourceId);
    expect(delta.records.length).toBeLessThan(5);
  });

  it('reads invoices with lines as decimal strings; the overlap facts hold (numbers, references, per-document VAT)', async () => {
    const [first] = await ea.fetch('invoice', { key: 'number', values: ['1'] });
    // INV-0001 ↔ eAccounting 1 ↔ Visma.net 000001, all PO-8509, customer 10024 (docs/sandbox.md, Overlaps).
    expect(first!.data).toMatchObject({
      number: '1',
      type: 'sales',
      reference: 'PO-8509',
      contact: { number: '10024' },
      issueDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      total: expect.stringMatching(/^\d+\.\d\d$/),
    });
    const lines = first!.data.lines as Record<string, string>[];
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatchObject({
      itemCode: expect.any(String),
      quantity: expect.any(String),
      unitPrice: expect.stringMatching(/^\d+\.\d{2,4}$/),
    });
    // INV-0005 is 33.66 (VAT 3.60) in Xero and 33.67 (VAT 3.61) here: VAT per document and rate.
    const [fifth] = await ea.fetch('invoice', { key: 'number', values: ['5'] });
    expect(fifth!.data).toMatchObject({ total: '33.67', totalTax: '3.61' });
    const byRef = await ea.fetch('invoice', { key: 'reference', values: ['PO-8509'] });
    expect(byRef.map((r) => r.sourceId)).toContain(first!.sourceId);
    const paid = await readAll(ea.read('invoice', { pageSize: 200, filter: { status: 'paid' } }));
    expect(paid.records.length).toBeGreaterThan(10);
    expect(paid.records.every((r) => r.data.amountDue === '0.00')).toBe(true);
    await expect(readAll(ea.read('invoice', { filter: { colour: 'red' } }))).rejects.toThrow(
      /cannot be filtered on 'colour'/,
    );
  });

  it('sees the renamed customer under the same org number as in Xero', async () => {
    const [visma] = await ea.fetch('contact', { key: 'number', values: ['10024'] });
    const issued = sb.admin.xero.issueToken();
    const xero = new XeroConnector(
      { apiBaseUrl: accountingBaseUrl(sb.apis.xero), tenantId: issued.tenants[0]!.tenantId },
      {
        http,
        clock: systemClock,
        auth: {
          accessToken: async () => issued.access_token,
          refreshAfterUnauthorized: async () => issued.access_token,
        },
      },
    );
    const [inXero] = await xero.fetch('contact', { key: 'number', values: ['C10024'] });
    expect(visma!.data.name).not.toBe(inXero!.data.name);
    expect(visma!.data.orgNumber).toBe(inXero!.data.orgNumber);
    const byOrg = await ea.fetch('contact', { key: 'orgNumber', values: [String(inXero!.data.orgNumber)] });
    expect(byOrg.map((r) => r.sourceId)).toContain(visma!.sourceId);
    expect(await ea.fetch('contact', { key: 'name', values: [String(inXero!.data.name)] })).toEqual([]);
  });

  it('reads drafts, credit notes with their invoice, VAT codes, accounts and stock levels', async () => {
    const drafts = await readAll(ea.read('invoice', { filter: { status: 'draft' } }));
    expect(drafts.records.length).toBeGreaterThan(5);
    expect(drafts.records.find((r) => r.data.reference === 'PO-8263')?.data).toMatchObject({
      status: 'draft',
    });
    const [credit] = await ea.fetch('creditNote', { key: 'number', values: ['742'] });
    expect(credit!.data).toMatchObject({ number: '742', total: expect.stringMatching(/^\d+\.\d\d$/) });
    expect(Number((credit!.data.lines as Record<string, string>[])[0]!.quantity)).toBeGreaterThan(0);
    expect(credit!.data.allocations).toEqual([
      expect.objectContaining({ invoiceId: credit!.raw.ReferringInvoiceId }),
    ]);
    const tax = (await readAll(ea.read('taxRate'))).records;
    expect(tax.find((t) => t.data.code === '10')?.data).toMatchObject({ rate: '25', isActive: true });
    expect(tax.map((t) => t.data.code)).toEqual(expect.arrayContaining(['41', '50', '35']));
    const accounts = (await readAll(ea.read('account'))).records;
    expect(accounts.find((a) => a.data.code === '1510')?.data).toMatchObject({
      name: 'Kundfordringar',
      isActive: true,
    });
    expect(
      (await readAll(ea.read('stockLevel'))).records.every((s) => typeof s.data.itemCode === 'string'),
    ).toBe(true);
    expect(
      stockLevelResource.toCanonical({
        Number: 'W-1',
        IsStock: true,
        StockBalance: 12.5,
        StockBalanceAvailable: 10,
        ChangedUtc: '2026-01-02T03:04:05.000Z',
      }).data,
    ).toEqual({
      itemCode: 'W-1',
      quantityOnHand: '12.5',
      quantityAvailable: '10',
      updatedAt: '2026-01-02T03:04:05.000Z',
    });
  });
});

describe('eAccounting connector: writes, compared field by field', () => {
  let customerId = '';
  it('creates a company customer and updates it by full replace without losing a field', async () => {
    const data = {
      name: `Canonical AB ${stamp}`,
      number: `LF${stamp}`,
      kind: 'company',
      email: `ada-${stamp}@example.test`,
      phone: '08 123 456',
      orgNumber: '556677-8899',
      vatNumber: 'SE556677889901',
      currency: 'SEK',
      paymentTermsDays: 30,
      address: { line1: 'Storgatan 1', postalCode: '11122', city: 'Stockholm', country: 'SE' },
      isActive: true,
    };
    const created = ok((await ea.write('contact', [{ kind: 'create', key: 'c1', data }]))[0]);
    customerId = created.id;
    const [back] = await ea.fetch('contact', { ids: [customerId] });
    expectFields(data, back!.data);
    ok(
      (
        await ea.write('contact', [
          {
            kind: 'update',
            key: 'c1',
            id: customerId,
            data: { email: `grace-${stamp}@example.test`, paymentTermsDays: 14 },
          },
        ])
      )[0],
    );
    const [again] = await ea.fetch('contact', { ids: [customerId] });
    expectFields({ ...data, email: `grace-${stamp}@example.test`, paymentTermsDays: 14 }, again!.data);
  });

  it('creates a person customer', async () => {
    const data = {
      name: `Ada Lovelace ${stamp}`,
      kind: 'person',
      address: { postalCode: '41101', city: 'Göteborg' },
    };
    const created = ok((await ea.write('contact', [{ kind: 'create', key: 'p', data }]))[0]);
    expectFields(data, created.record.data);
  });

  const articleCode = `LF-ART-${stamp}`;
  it('creates and updates an article with 4-decimal prices', async () => {
    const data = {
      code: articleCode,
      name: 'Precise article',
      unitPrice: '10.0200',
      purchasePrice: '7.5000',
      unit: 'st',
      isStockItem: false,
      isActive: true,
    };
    const created = ok(
      (await ea.write('item', [{ kind: 'create', key: 'i', data: { ...data, taxCode: '12' } }]))[0],
    );
    const [back] = await ea.fetch('item', { key: 'code', values: [articleCode] });
    expectFields({ ...data, unitPrice: '10.02', purchasePrice: '7.50' }, back!.data);
    expect(back!.raw.CodingName).toMatch(/12/);
    const updated = ok(
      (
        await ea.write('item', [{ kind: 'update', key: 'i', id: created.id, data: { unitPrice: '12.3456' } }])
      )[0],
    );
    expect(updated.record.data).toMatchObject({
      unitPrice: '12.3456',
      name: 'Precise article',
      unit: 'st',
      code: articleCode,
    });
  });

  let invoiceId = '';
  let invoiceNumber = '';
  it('creates an invoice through a draft and its conversion: lines, quantities, prices, discounts, VAT, rate, dates, reference', async () => {
    const data = {
      type: 'sales',
      contact: { id: customerId },
      issueDate: '2026-09-01',
      dueDate: '2026-10-01',
      currencyRate: '1',
      reference: `PO-${stamp}`,
      lines: [
        { itemCode: articleCode, description: 'Three at twelve per cent', quantity: '3', unitPrice: '10.02' },
        {
          itemCode: articleCode,
          description: 'Discounted',
          quantity: '2',
          unitPrice: '100.00',
          discountPercent: '10',
        },
        { description: 'Delivered per agreement' },
      ],
    };
    const created = ok((await ea.write('invoice', [{ kind: 'create', key: 'inv', data }]))[0]);
    invoiceId = created.id;
    const [back] = await ea.fetch('invoice', { ids: [invoiceId] });
    const { lines, ...head } = data;
    expectFields(head, back!.data);
    const backLines = back!.data.lines as Record<string, unknown>[];
    lines.forEach((l, i) => expectFields(l, backLines[i]!));
    // 30.06 + 180.00 at 12 %, VAT per document: 25.2072 → 25.21 (per line it would be 3.61 + 21.60 = 25.21 too).
    expect(backLines.map((l) => l.lineAmount)).toEqual(['30.06', '180.00', undefined]);
    expect(back!.data).toMatchObject({
      status: 'authorised',
      subTotal: '210.06',
      totalTax: '25.21',
      total: '235.27',
      amountDue: '235.27',
      currency: 'SEK',
    });
    expect(back!.raw.CreatedFromDraftId).toEqual(expect.any(String));
    invoiceNumber = String(back!.data.number);
    // Invoices cannot be edited once created (no PUT): a clear UserError.
    const [refused] = await ea.write('invoice', [
      { kind: 'update', key: 'inv', id: invoiceId, data: { reference: 'x' } },
    ]);
    expect(!refused!.ok && refused!.error).toBeInstanceOf(UserError);
    expect(!refused!.ok && refused!.error.message).toMatch(/cannot be changed once created/);
  });

  it('keeps a draft as a draft, updates it by full replace, and converts it on approval', async () => {
    const data = {
      status: 'draft',
      contact: { id: customerId },
      issueDate: '2026-09-02',
      reference: `D-${stamp}`,
      lines: [{ itemCode: articleCode, quantity: '1', unitPrice: '50.00' }],
    };
    const draft = ok((await ea.write('invoice', [{ kind: 'create', key: 'd', data }]))[0]);
    expect(draft.record.data).toMatchObject({ status: 'draft', reference: `D-${stamp}` });
    const updated = ok(
      (
        await ea.write('invoice', [
          { kind: 'update', key: 'd', id: draft.id, data: { status: 'draft', reference: `D2-${stamp}` } },
        ])
      )[0],
    );
    expect(updated.record.data).toMatchObject({
      status: 'draft',
      reference: `D2-${stamp}`,
      issueDate: '2026-09-02',
      total: '56.00',
    });
    const converted = ok(
      (await ea.write('invoice', [{ kind: 'update', key: 'd', id: draft.id, data: {} }]))[0],
    );
    expect(converted.record.data).toMatchObject({
      status: 'authorised',
      reference: `D2-${stamp}`,
      number: expect.any(String),
    });
  });

  it('creates a credit note (credit invoice) with positive canonical amounts', async () => {
    const data = {
      contact: { id: customerId },
      issueDate: '2026-09-03',
      reference: `CR-${stamp}`,
      lines: [{ itemCode: articleCode, quantity: '1', unitPrice: '10.02' }],
    };
    const created = ok(
      (
        await ea.write('creditNote', [
          { kind: 'create', key: 'cn', data: { ...data, allocations: [{ invoiceId, amount: '1' }] } },
        ])
      )[0],
    );
    expect(created.warnings?.[0]).toMatch(/allocations were not applied/);
    const [back] = await ea.fetch('creditNote', { ids: [created.id] });
    expectFields({ ...data, lines: undefined }, { ...back!.data, lines: undefined });
    expectFields(data.lines[0]!, (back!.data.lines as Record<string, unknown>[])[0]!);
    expect(back!.data).toMatchObject({ total: '11.22', totalTax: '1.20' });
    expect(back!.raw.IsCreditInvoice).toBe(true);
  });

  it('creates a payment allocated to the invoice; the invoice shows it; payments cannot be updated', async () => {
    const data = {
      invoice: { number: invoiceNumber },
      date: '2026-09-05',
      amount: '35.27',
      reference: `Pay ${stamp}`,
      accountCode: '1930',
    };
    const created = ok((await ea.write('payment', [{ kind: 'create', key: 'p', data }]))[0]);
    expectFields(
      { ...data, invoice: { id: invoiceId, number: invoiceNumber }, currency: 'SEK' },
      created.record.data,
    );
    const [inv] = await ea.fetch('invoice', { ids: [invoiceId] });
    expect(inv!.data).toMatchObject({ amountPaid: '35.27', amountDue: '200.00' });
    const [refused] = await ea.write('payment', [{ kind: 'update', key: 'p', id: created.id, data }]);
    expect(!refused!.ok && refused!.error).toBeInstanceOf(UserError);
    await expect(readAll(ea.read('payment'))).rejects.toThrow(/cannot be read/);
  });

  it('refuses read-only entities', async () => {
    await expect(ea.write('taxRate', [{ kind: 'create', key: 't', data: { code: 'X' } }])).rejects.toThrow(
      /read-only/,
    );
  });

  it('a 400 is a UserError with the API’s own message for that record only', async () => {
    const results = await ea.write('contact', [
      {
        kind: 'create',
        key: 'good',
        data: { name: `Good ${stamp}`, address: { postalCode: '11122', city: 'Stockholm' } },
      },
      { kind: 'create', key: 'bad', data: { name: `No city ${stamp}` } },
    ]);
    expect(results.map((r) => r.key)).toEqual(['good', 'bad']);
    expect(results[0]!.ok).toBe(true);
    const bad = results[1]!;
    if (bad.ok) throw new Error('expected a refusal');
    expect(bad.error).toBeInstanceOf(UserError);
    expect(bad.error.code).toBe('LF-2001');
    const details = bad.error.details as {
      apiMessage: string;
      errorCode: number;
      errors: { field: string }[];
    };
    expect(details.errorCode).toBe(2000);
    expect(details.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['InvoiceCity', 'InvoicePostalCode']),
    );
    expect(bad.error.message).toContain(details.apiMessage);
    expect(details.apiMessage).toMatch(/InvoiceCity/);
  });
});

describe('eAccounting connector: failures', () => {
  it('surfaces ErrorCode 4010 (429) as an OperationalError carrying the wait the message states', async () => {
    sb.admin.setFaults('visma-eaccounting', { burst429: { count: 1, problem: 'minute', retryAfterSec: 7 } });
    const error = await readAll(ea.read('contact', { pageSize: 5 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationalError);
    expect(error).toMatchObject({
      code: 'LF-2002',
      details: { retryAfterMs: 7000, status: 429, errorCode: 4010 },
    });
    expect((error as Error).message).toContain('retry after 7 s');
  });

  it('surfaces 5xx as LF-2003, per record on writes', async () => {
    sb.admin.setFaults('visma-eaccounting', { failNext: { status: 503, count: 1 } });
    const error = await ea.fetch('contact', { key: 'number', values: ['10001'] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LF-2003', kind: 'operational' });
    sb.admin.setFaults('visma-eaccounting', { failNext: { status: 500, count: 1 } });
    const [r] = await ea.write('contact', [
      {
        kind: 'create',
        key: 'z',
        data: { name: `Outage ${stamp}`, address: { postalCode: '1', city: 'X' } },
      },
    ]);
    expect(!r!.ok && r!.error.code).toBe('LF-2003');
  });

  it('refreshes after a 401 and retries once', async () => {
    sb.admin.vismaEaccounting.expireTokens();
    const before = auth.refreshes;
    const { records } = await readAll(ea.read('taxRate'));
    expect(records.length).toBeGreaterThan(5);
    expect(auth.refreshes).toBe(before + 1);
  });

  it('maps a network failure to LF-2003', async () => {
    const dead = new EaccountingConnector(
      { apiBaseUrl: 'http://127.0.0.1:9/v2' },
      { http, clock: systemClock, auth },
    );
    const error = await readAll(dead.read('account')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerflowError);
    expect(error).toMatchObject({ code: 'LF-2003', kind: 'operational' });
  });
});
