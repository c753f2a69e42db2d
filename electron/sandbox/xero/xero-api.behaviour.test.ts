import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXeroEnv, type XeroTestEnv } from './xero-test-client.test-helper';

type Json = Record<string, unknown>;
let env: XeroTestEnv;
let seq = 0;
const uniq = (p: string) => `${p}-${++seq}-${Date.now() % 100000}`;

beforeAll(async () => {
  env = await startXeroEnv();
});
afterAll(async () => {
  await env.sb.close();
});

const line = (over: Json = {}) => ({
  Description: 'Line',
  Quantity: 1,
  UnitAmount: 100,
  AccountCode: '200',
  TaxType: 'OUTPUT',
  ...over,
});
async function createInvoice(over: Json = {}, query = ''): Promise<Json> {
  const r = await env.call('PUT', `/Invoices${query}`, {
    Invoices: [
      {
        Type: 'ACCREC',
        Contact: { Name: uniq('Behaviour Customer') },
        Date: '2026-10-10',
        DueDate: '2026-11-10',
        LineItems: [line()],
        ...over,
      },
    ],
  });
  expect(r.status, r.text).toBe(200);
  return (r.json as { Invoices: Json[] }).Invoices[0] as Json;
}
const pay = (invoiceId: unknown, amount: number, date = '2026-10-12') =>
  env.call('PUT', '/Payments', {
    Payments: [{ Invoice: { InvoiceID: invoiceId }, Account: { Code: '090' }, Date: date, Amount: amount }],
  });

describe('arithmetic through the API (xero-notes.md §1.8)', () => {
  it('rounds tax per line and sums, honours Inclusive, NoTax, discounts and unitdp', async () => {
    const three = await createInvoice({
      LineItems: [0, 1, 2].map(() => line({ UnitAmount: 10.02, AccountCode: '210', TaxType: 'TAX001' })),
    });
    expect([three.SubTotal, three.TotalTax, three.Total]).toEqual([30.06, 3.6, 33.66]);
    const incl = await createInvoice({
      LineAmountTypes: 'Inclusive',
      LineItems: [line({ UnitAmount: 125 })],
    });
    expect([incl.SubTotal, incl.TotalTax, incl.Total]).toEqual([100, 25, 125]);
    const none = await createInvoice({
      LineAmountTypes: 'NoTax',
      LineItems: [line({ Quantity: 2, UnitAmount: 20 })],
    });
    expect([none.SubTotal, none.TotalTax, none.Total, none.AmountDue]).toEqual([40, 0, 40, 40]);
    const disc = await createInvoice({
      LineItems: [line({ Quantity: 3, UnitAmount: 9.99, DiscountRate: 10 })],
    });
    expect([disc.SubTotal, disc.TotalTax, disc.Total, disc.TotalDiscount]).toEqual([26.97, 6.74, 33.71, 3]);
    const four = await createInvoice({ LineItems: [line({ Quantity: 3, UnitAmount: 1.2345 })] }, '?unitdp=4');
    expect((four.LineItems as Json[])[0]).toMatchObject({ UnitAmount: 1.2345, LineAmount: 3.7 });
    const two = await createInvoice({ LineItems: [line({ Quantity: 3, UnitAmount: 1.2345 })] });
    expect((two.LineItems as Json[])[0]).toMatchObject({ UnitAmount: 1.23, LineAmount: 3.69 });
  });
  it('fills lines from an item and rejects a tax type the account cannot take', async () => {
    const items = (await env.call('GET', '/Items')).json as { Items: Json[] };
    const item = items.Items.find((i) => i.IsSold && (i.SalesDetails as Json | undefined)?.UnitPrice) as Json;
    const inv = await createInvoice({ LineItems: [{ ItemCode: item.Code, Quantity: 1 }] });
    const l = (inv.LineItems as Json[])[0] as Json;
    expect(l.UnitAmount).toBe((item.SalesDetails as Json).UnitPrice);
    expect(l.AccountCode).toBe((item.SalesDetails as Json).AccountCode);
    const bad = await env.call('PUT', '/Invoices', {
      Invoices: [{ Type: 'ACCREC', Contact: { Name: uniq('X') }, LineItems: [line({ TaxType: 'INPUT' })] }],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain(
      "The TaxType code 'INPUT' cannot be used with account code '200'.",
    );
  });
});

describe('status transitions (xero-notes.md §1.7)', () => {
  it('DRAFT → SUBMITTED → AUTHORISED → VOIDED; DELETED only from draft; nothing after VOIDED', async () => {
    const inv = await createInvoice();
    expect(inv.Status).toBe('DRAFT');
    const post = (status: string) =>
      env.call('POST', `/Invoices/${String(inv.InvoiceID)}`, { Invoices: [{ Status: status }] });
    expect((await post('SUBMITTED')).status).toBe(200);
    expect((await post('AUTHORISED')).status).toBe(200);
    const toDraft = await post('DRAFT');
    expect(toDraft.status).toBe(400);
    expect(JSON.stringify(toDraft.json)).toContain('Invoice not of valid status for modification');
    expect((await post('DELETED')).status).toBe(400);
    expect((await post('VOIDED')).status).toBe(200);
    expect((await post('AUTHORISED')).status).toBe(400);
    const draft = await createInvoice();
    const del = await env.call('POST', `/Invoices/${String(draft.InvoiceID)}`, {
      Invoices: [{ Status: 'DELETED' }],
    });
    expect(((del.json as { Invoices: Json[] }).Invoices[0] as Json).Status).toBe('DELETED');
    const voidDraft = await env.call('POST', `/Invoices/${String((await createInvoice()).InvoiceID)}`, {
      Invoices: [{ Status: 'VOIDED' }],
    });
    expect(voidDraft.status).toBe(400);
  });
  it('PAID is set by payments, not by clients; a paid invoice cannot be voided; deleting the payment restores AUTHORISED', async () => {
    const inv = await createInvoice({ Status: 'AUTHORISED' });
    expect(
      (await env.call('POST', `/Invoices/${String(inv.InvoiceID)}`, { Invoices: [{ Status: 'PAID' }] }))
        .status,
    ).toBe(400);
    const notAuth = await createInvoice();
    const early = await pay(notAuth.InvoiceID, 10);
    expect(JSON.stringify(early.json)).toContain('Payments can only be made against Authorised documents');
    const over = await pay(inv.InvoiceID, 125.01);
    expect(JSON.stringify(over.json)).toContain(
      'Payment amount exceeds the amount outstanding on this document',
    );
    const part = await pay(inv.InvoiceID, 25);
    const partPayment = ((part.json as { Payments: Json[] }).Payments[0] as Json).PaymentID;
    expect(
      (await env.call('POST', `/Invoices/${String(inv.InvoiceID)}`, { Invoices: [{ Status: 'VOIDED' }] }))
        .status,
    ).toBe(400);
    await pay(inv.InvoiceID, 100, '2026-10-20');
    const paid = ((await env.call('GET', `/Invoices/${String(inv.InvoiceID)}`)).json as { Invoices: Json[] })
      .Invoices[0] as Json;
    expect([paid.Status, paid.AmountDue, paid.AmountPaid, paid.FullyPaidOnDate]).toEqual([
      'PAID',
      0,
      125,
      '/Date(1792454400000+0000)/',
    ]);
    expect((paid.Payments as Json[]).length).toBe(2);
    await env.call('POST', `/Payments/${String(partPayment)}`, { Status: 'DELETED' });
    const back = ((await env.call('GET', `/Invoices/${String(inv.InvoiceID)}`)).json as { Invoices: Json[] })
      .Invoices[0] as Json;
    expect([back.Status, back.AmountDue, back.FullyPaidOnDate]).toEqual(['AUTHORISED', 25, undefined]);
  });
  it('rejects approving or paying into the locked period', async () => {
    const org = ((await env.call('GET', '/Organisation')).json as { Organisations: Json[] })
      .Organisations[0] as Json;
    expect(org.PeriodLockDate).toMatch(/^\/Date\(\d+\+0000\)\/$/);
    const r = await env.call('PUT', '/Invoices', {
      Invoices: [
        {
          Type: 'ACCREC',
          Contact: { Name: uniq('L') },
          Date: '2024-01-15',
          Status: 'AUTHORISED',
          LineItems: [line()],
        },
      ],
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain('lock date');
  });
});

describe('batches, summarizeErrors and Idempotency-Key', () => {
  it('summarizeErrors=false answers 200 with per-element OK/ERROR and commits the good ones', async () => {
    const ref = uniq('batch');
    const r = await env.call('PUT', '/Invoices?summarizeErrors=false', {
      Invoices: [
        { Type: 'ACCREC', Contact: { Name: uniq('B') }, Reference: ref, LineItems: [line()] },
        {
          Type: 'ACCREC',
          Contact: { Name: uniq('B') },
          Reference: ref,
          InvoiceNumber: 'INV-0001',
          LineItems: [line()],
        },
      ],
    });
    expect(r.status).toBe(200);
    const [good, bad] = (r.json as { Invoices: Json[] }).Invoices as [Json, Json];
    expect(good.StatusAttributeString).toBe('OK');
    expect([bad.StatusAttributeString, bad.HasErrors]).toEqual(['ERROR', true]);
    expect(bad.ValidationErrors).toEqual([{ Message: 'Invoice # must be unique.' }]);
  });
  it('default summarised errors give 400 listing the failed element while the good one is saved (partial save)', async () => {
    const ref = uniq('partial');
    const r = await env.call('PUT', '/Invoices', {
      Invoices: [
        { Type: 'ACCREC', Contact: { Name: uniq('P') }, Reference: ref, LineItems: [line()] },
        { Type: 'ACCREC', Reference: ref, LineItems: [line()] },
      ],
    });
    expect(r.status).toBe(400);
    const body = r.json as { Elements: Json[] };
    expect(body.Elements).toHaveLength(1);
    expect(JSON.stringify(body.Elements[0]?.ValidationErrors)).toContain(
      'The Contact must contain at least 1 of the following elements',
    );
    const saved = await env.call('GET', `/Invoices?where=${encodeURIComponent(`Reference=="${ref}"`)}`);
    expect((saved.json as { Invoices: Json[] }).Invoices).toHaveLength(1);
  });
  it('a repeated Idempotency-Key replays the first response and changes nothing; a different body conflicts', async () => {
    const key = uniq('idem');
    const body = {
      Invoices: [{ Type: 'ACCREC', Contact: { Name: uniq('I') }, Reference: key, LineItems: [line()] }],
    };
    const a = await env.call('PUT', '/Invoices', body, { 'Idempotency-Key': key });
    const b = await env.call('PUT', '/Invoices', body, { 'Idempotency-Key': key });
    expect(b.status).toBe(200);
    expect(b.text).toBe(a.text);
    const list = await env.call('GET', `/Invoices?where=${encodeURIComponent(`Reference=="${key}"`)}`);
    expect((list.json as { Invoices: Json[] }).Invoices).toHaveLength(1);
    const c = await env.call(
      'PUT',
      '/Invoices',
      { ...body, Invoices: [{ ...body.Invoices[0], Reference: 'other' }] },
      { 'Idempotency-Key': key },
    );
    expect(c.status).toBe(400);
    expect(JSON.stringify(c.json)).toContain(`Idempotency Key: ${key} is used with a different request.`);
    const long = await env.call('PUT', '/Invoices', body, { 'Idempotency-Key': 'k'.repeat(129) });
    expect(long.status).toBe(400);
  });
  it('POST upserts contacts by ContactNumber and PUT refuses a duplicate name', async () => {
    const name = uniq('Upsert AB');
    const num = uniq('UP');
    const a = await env.call('PUT', '/Contacts', { Contacts: [{ Name: name, ContactNumber: num }] });
    const id = ((a.json as { Contacts: Json[] }).Contacts[0] as Json).ContactID;
    const b = await env.call('POST', '/Contacts', {
      Contacts: [{ ContactNumber: num, EmailAddress: 'x@y.example' }],
    });
    expect(((b.json as { Contacts: Json[] }).Contacts[0] as Json).ContactID).toBe(id);
    const dup = await env.call('PUT', '/Contacts?summarizeErrors=false', { Contacts: [{ Name: name }] });
    const el = (dup.json as { Contacts: Json[] }).Contacts[0] as Json;
    expect([el.StatusAttributeString, el.HasValidationErrors]).toEqual(['ERROR', true]);
    expect(JSON.stringify(el.ValidationErrors)).toContain('must be unique across all active contacts');
  });
});

describe('reads: filters, paging, If-Modified-Since, ids and numbers', () => {
  it('pages with page/pageSize, caps pageSize at 1000 and omits LineItems when unpaged', async () => {
    const p1 = (await env.call('GET', '/Invoices?page=1&pageSize=7')).json as {
      Invoices: Json[];
      pagination: Json;
    };
    const p2 = (await env.call('GET', '/Invoices?page=2&pageSize=7')).json as {
      Invoices: Json[];
      pagination: Json;
    };
    expect(p1.Invoices).toHaveLength(7);
    expect(p1.pagination).toMatchObject({ page: 1, pageSize: 7 });
    expect(p1.pagination.itemCount as number).toBeGreaterThanOrEqual(1000);
    expect(p1.Invoices.map((i) => i.InvoiceID)).not.toContain(p2.Invoices[0]?.InvoiceID);
    expect(p1.Invoices[0]?.LineItems).toBeDefined();
    const big = (await env.call('GET', '/Invoices?page=1&pageSize=5000')).json as { pagination: Json };
    expect(big.pagination.pageSize).toBe(1000);
    const unpaged = (await env.call('GET', '/Invoices?Statuses=VOIDED')).json as {
      Invoices: Json[];
      pagination?: Json;
    };
    expect(unpaged.pagination).toBeUndefined();
    expect(unpaged.Invoices.every((i) => i.LineItems === undefined && i.Status === 'VOIDED')).toBe(true);
  });
  it('order=UpdatedDateUTC ASC pages in map order, which stays timestamp order after a change', async () => {
    const changed = await createInvoice();
    await env.call('POST', `/Invoices/${String(changed.InvoiceID)}`, {
      Invoices: [{ InvoiceID: changed.InvoiceID, Reference: uniq('moved to the end') }],
    });
    const walk = async (order: string) => {
      const out: Json[] = [];
      for (let page = 1; ; page++) {
        const r = (await env.call('GET', `/Invoices?page=${page}&pageSize=1000${order}`)).json as {
          Invoices: Json[];
          pagination: { pageCount: number };
        };
        out.push(...r.Invoices);
        if (page >= r.pagination.pageCount) return out;
      }
    };
    const ordered = await walk('&order=UpdatedDateUTC%20ASC');
    const stamps = ordered.map((i) => Number(/\d+/.exec(String(i.UpdatedDateUTC))![0]));
    expect(stamps.every((t, i) => i === 0 || stamps[i - 1]! <= t)).toBe(true);
    expect(ordered.map((i) => i.InvoiceID)).toEqual((await walk('')).map((i) => i.InvoiceID));
    expect(ordered.at(-1)?.InvoiceID).toBe(changed.InvoiceID);
    const newest = (await env.call('GET', '/Invoices?page=1&pageSize=1&order=UpdatedDateUTC%20DESC'))
      .json as {
      Invoices: Json[];
    };
    expect(newest.Invoices[0]?.InvoiceID).toBe(changed.InvoiceID);
  });

  it('filters with where (nested paths, Guid, DateTime, Contains), order, IDs, InvoiceNumbers, ContactIDs', async () => {
    const list = (await env.call('GET', '/Invoices?page=1&pageSize=50&Statuses=AUTHORISED,PAID')).json as {
      Invoices: Json[];
    };
    const sample = list.Invoices[3] as Json;
    const cid = (sample.Contact as Json).ContactID as string;
    const byContact = (
      await env.call(
        'GET',
        `/Invoices?where=${encodeURIComponent(`Contact.ContactID==Guid("${cid}") AND Date>=DateTime(2020,01,01)`)}`,
      )
    ).json as { Invoices: Json[] };
    expect(byContact.Invoices.length).toBeGreaterThan(0);
    expect(byContact.Invoices.every((i) => (i.Contact as Json).ContactID === cid)).toBe(true);
    const viaParam = (await env.call('GET', `/Invoices?ContactIDs=${cid}`)).json as { Invoices: Json[] };
    expect(viaParam.Invoices.map((i) => i.InvoiceID).sort()).toEqual(
      byContact.Invoices.map((i) => i.InvoiceID).sort(),
    );
    const ids = list.Invoices.slice(0, 3).map((i) => i.InvoiceID as string);
    const byIds = (await env.call('GET', `/Invoices?IDs=${ids.join(',')}`)).json as { Invoices: Json[] };
    expect(byIds.Invoices.map((i) => i.InvoiceID).sort()).toEqual([...ids].sort());
    const nums = (await env.call('GET', `/Invoices?InvoiceNumbers=INV-0001,INV-0002`)).json as {
      Invoices: Json[];
    };
    expect(nums.Invoices.map((i) => i.InvoiceNumber).sort()).toEqual(['INV-0001', 'INV-0002']);
    const ordered = (
      await env.call('GET', `/Invoices?page=1&pageSize=20&order=${encodeURIComponent('Total DESC')}`)
    ).json as { Invoices: Json[] };
    const totals = ordered.Invoices.map((i) => i.Total as number);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    const names = (
      await env.call(
        'GET',
        `/Contacts?where=${encodeURIComponent('Name.Contains("Bygg") OR Name.StartsWith("Nord")')}`,
      )
    ).json as { Contacts: Json[] };
    expect(names.Contacts.length).toBeGreaterThan(0);
    expect(names.Contacts.every((c) => /bygg/i.test(String(c.Name)) || /^nord/i.test(String(c.Name)))).toBe(
      true,
    );
    const unknown = await env.call('GET', `/Invoices?where=${encodeURIComponent('Bogus=="x"')}`);
    expect(unknown.status).toBe(400);
  });
  it('If-Modified-Since (ISO and RFC-1123) returns only records changed since then', async () => {
    const before = new Date(Date.now() - 1000);
    const inv = await createInvoice({ Reference: uniq('ims') });
    for (const header of [before.toISOString(), before.toUTCString()]) {
      const r = (await env.call('GET', '/Invoices?page=1', undefined, { 'If-Modified-Since': header }))
        .json as { Invoices: Json[] };
      expect(r.Invoices.map((i) => i.InvoiceID)).toContain(inv.InvoiceID);
      expect(r.Invoices.length).toBeLessThan(100);
    }
    const future = (
      await env.call('GET', '/Contacts?page=1', undefined, {
        'If-Modified-Since': new Date(Date.now() + 3_600_000).toISOString(),
      })
    ).json as { Contacts: Json[] };
    expect(future.Contacts).toEqual([]);
  });
  it('hides archived contacts unless includeArchived=true, finds invoices by number, 404s with plain text', async () => {
    const all = (await env.call('GET', '/Contacts?includeArchived=true')).json as { Contacts: Json[] };
    const active = (await env.call('GET', '/Contacts')).json as { Contacts: Json[] };
    expect(all.Contacts.some((c) => c.ContactStatus === 'ARCHIVED')).toBe(true);
    expect(active.Contacts.some((c) => c.ContactStatus === 'ARCHIVED')).toBe(false);
    const byNumber = (await env.call('GET', '/Invoices/INV-0003')).json as { Invoices: Json[] };
    expect(byNumber.Invoices[0]?.InvoiceNumber).toBe('INV-0003');
    const missing = await env.call('GET', '/Invoices/00000000-0000-4000-8000-000000000000');
    expect([missing.status, missing.text]).toEqual([404, "The resource you're looking for cannot be found"]);
  });
  it('tenant header: missing or unknown gives 403 AuthenticationUnsuccessful; every response carries the limit headers', async () => {
    const res = await fetch(`${env.sb.apis.xero.apiBaseUrl}/Organisation`, {
      headers: { authorization: `Bearer ${env.token}` },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      Title: 'Forbidden',
      Status: 403,
      Detail: 'AuthenticationUnsuccessful',
    });
    const wrong = await env.call('GET', '/Organisation', undefined, {
      'xero-tenant-id': '11111111-1111-4111-8111-111111111111',
    });
    expect(wrong.status).toBe(403);
    const r = await env.call('GET', '/Organisation');
    for (const h of ['x-daylimit-remaining', 'x-minlimit-remaining', 'x-appminlimit-remaining'])
      expect(r.headers.get(h)).toMatch(/^\d+$/);
    const second = env.sb.apis.xero.tenants[1]!.tenantId;
    const org2 = await env.call('GET', '/Organisation', undefined, { 'xero-tenant-id': second });
    expect(((org2.json as { Organisations: Json[] }).Organisations[0] as Json).OrganisationID).toBe(second);
  });
});
