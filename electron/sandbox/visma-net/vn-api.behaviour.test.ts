import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../visma-eaccounting/vea-test-client.test-helper';
import { startVnEnv, type VnTestEnv } from './vn-test-client.test-helper';

type Json = Record<string, any>;
let env: VnTestEnv;
const v = (value: unknown) => ({ value });

beforeAll(async () => {
  env = await startVnEnv();
});
afterAll(async () => {
  await env.sb.close();
});

const get = async (path: string): Promise<any> => {
  const r = await env.call('GET', path);
  expect(r.status, r.text.slice(0, 300)).toBe(200);
  return r.json;
};

describe('lists', () => {
  it('are bare arrays paged by pageNumber/pageSize with metadata on every element; oversize is capped silently', async () => {
    const all = (await get('/v1/customer?pageSize=1000')) as Json[];
    const total = all.length;
    expect(all[0]?.metadata).toEqual({ totalCount: total, maxPageSize: 1000 });
    const p2 = (await get('/v1/customer?pageNumber=2&pageSize=7')) as Json[];
    expect(p2.map((c) => c.number)).toEqual(all.slice(7, 14).map((c) => c.number));
    expect((await get('/v1/customer')) as Json[]).toHaveLength(Math.min(100, total));
    env.sb.admin.vismaNet.patchSettings({ behaviour: { maxPageSize: 10 } });
    try {
      const capped = (await get('/v1/customer?pageSize=5000')) as Json[];
      expect(capped).toHaveLength(10);
      expect(capped[0]?.metadata).toEqual({ totalCount: total, maxPageSize: 10 });
      expect((await get('/v1/inventory?pageSize=5000'))[0].metadata.maxPageSize).toBe(5000);
    } finally {
      env.sb.admin.vismaNet.patchSettings({ behaviour: { maxPageSize: 1000 } });
    }
    expect(await get('/v1/customer?pageNumber=999')).toEqual([]);
  });

  it('filter on lastModifiedDateTime with a condition, in every accepted format, and on plain fields', async () => {
    const all = (await get('/v1/customerinvoice?pageSize=1000')) as Json[];
    const stamps = all.map((i) => String(i.lastModifiedDateTime)).sort();
    const cut = stamps[Math.floor(stamps.length / 2)] as string;
    const count = (path: string) => get(path).then((l: Json[]) => l.length);
    expect(
      await count(
        `/v1/customerinvoice?pageSize=1000&lastModifiedDateTime=${cut}&lastModifiedDateTimeCondition=%3E`,
      ),
    ).toBe(stamps.filter((s) => s > cut).length);
    expect(
      await count(
        `/v1/customerinvoice?pageSize=1000&lastModifiedDateTime=${cut.replace('T', ' ')}&lastModifiedDateTimeCondition=%3C%3D`,
      ),
    ).toBe(stamps.filter((s) => s <= cut).length);
    const day = cut.slice(0, 10);
    expect(
      await count(
        `/v1/customerinvoice?pageSize=1000&lastModifiedDateTime=${day}&lastModifiedDateTimeCondition=%3E%3D`,
      ),
    ).toBe(stamps.filter((s) => s >= `${day}T00:00:00.000`).length);
    const credit = (await get('/v1/customerinvoice?pageSize=1000&documentType=CreditNote')) as Json[];
    expect(credit.length).toBeGreaterThan(0);
    for (const c of credit) expect(c.documentType).toBe('CreditNote');
    const closed = (await get('/v1/customerinvoice?pageSize=1000&status=Closed')) as Json[];
    for (const c of closed) expect(c.balance).toBe(0);
  });
});

describe('value-wrapped writes', () => {
  it('changes only the properties sent; {"value": null} clears one', async () => {
    const post = await env.call('POST', '/v1/customer', {
      name: v('Wrapped AS'),
      corporateId: v('987654321'),
      vatRegistrationId: v('NO987654321MVA'),
      currencyId: v('NOK'),
      mainAddress: v({
        addressLine1: v('Kirkegata 5'),
        postalCode: v('0153'),
        city: v('Oslo'),
        countryId: v('NO'),
      }),
      mainContact: v({ email: v('post@wrapped.example') }),
    });
    expect(post.status).toBe(201);
    expect(post.json).toEqual({});
    const url = String(post.headers.get('location'));
    const number = url.split('/').pop() as string;
    const before = (await get(`/v1/customer/${number}`)) as Json;
    expect(before).toMatchObject({
      name: 'Wrapped AS',
      currencyId: 'NOK',
      mainAddress: { addressLine1: 'Kirkegata 5', city: 'Oslo', country: { id: 'NO', name: 'Norway' } },
      mainContact: { email: 'post@wrapped.example' },
    });
    // the Location header can be followed as is
    expect((await rawCall(url, { headers: { authorization: `Bearer ${env.token}` } })).status).toBe(200);
    const put = await env.call('PUT', `/v1/customer/${number}`, {
      name: v('Wrapped Norge AS'),
      vatRegistrationId: v(null),
      mainAddress: v({ city: v('Bergen') }),
    });
    expect(put.status).toBe(204);
    const after = (await get(`/v1/customer/${number}`)) as Json;
    expect(after.name).toBe('Wrapped Norge AS');
    expect(after.vatRegistrationId).toBeUndefined();
    expect(after.corporateId).toBe('987654321');
    expect(after.mainAddress).toMatchObject({ addressLine1: 'Kirkegata 5', city: 'Bergen' });
    expect(after.lastModifiedDateTime > before.lastModifiedDateTime).toBe(true);
  });

  it('applies line operations Insert / Update / Delete and recomputes the totals', async () => {
    const customer = ((await get('/v1/customer?pageSize=1&status=Active')) as Json[])[0] as Json;
    const post = await env.call('POST', '/v2/customerinvoice', {
      customerNumber: v(customer.number),
      hold: v(true),
      invoiceLines: [
        {
          operation: 'Insert',
          description: v('A'),
          quantity: v(1),
          unitPriceInCurrency: v(100),
          vatCodeId: v('MP1'),
        },
        {
          operation: 'Insert',
          description: v('B'),
          quantity: v(3),
          unitPriceInCurrency: v(10.02),
          vatCodeId: v('MP2'),
        },
      ],
    });
    const ref = String(post.headers.get('location')).split('/').pop() as string;
    let inv = (await get(`/v1/customerinvoice/${ref}`)) as Json;
    expect(inv).toMatchObject({
      status: 'Hold',
      detailTotalInCurrency: 130.06,
      vatTotalInCurrency: 28.61,
      amountInCurrency: 158.67,
    });
    const put = await env.call('PUT', `/v1/customerinvoice/${ref}`, {
      invoiceLines: [
        { operation: 'Update', lineNumber: v(1), quantity: v(2) },
        { operation: 'Delete', lineNumber: v(2) },
        {
          operation: 'Insert',
          description: v('C'),
          quantity: v(1),
          unitPriceInCurrency: v(50),
          vatCodeId: v('MF'),
        },
      ],
    });
    expect(put.status).toBe(204);
    inv = (await get(`/v1/customerinvoice/${ref}`)) as Json;
    expect(inv.invoiceLines.map((l: Json) => [l.lineNumber, l.description, l.amountInCurrency])).toEqual([
      [1, 'A', 200],
      [3, 'C', 50],
    ]);
    expect(inv).toMatchObject({
      vatTotalInCurrency: 50,
      vatExemptTotalInCurrency: 50,
      amountInCurrency: 300,
      balanceInCurrency: 300,
    });
    expect(
      (
        await env.call('PUT', `/v1/customerinvoice/${ref}`, {
          invoiceLines: [{ operation: 'Delete', lineNumber: v(9) }],
        })
      ).status,
    ).toBe(400);
    // released documents are read-only
    await env.call('PUT', `/v1/customerinvoice/${ref}`, { hold: v(false) });
    expect(
      ((await env.call('POST', `/v1/customerinvoice/${ref}/action/release`)).json as Json).actionResult,
    ).toBe('Done');
    expect((await env.call('PUT', `/v1/customerinvoice/${ref}`, { invoiceText: v('x') })).status).toBe(400);
    expect((await env.call('DELETE', `/v1/customerinvoice/${ref}`)).status).toBe(400);
  });

  it('books stock with open sales orders (inventorysummary soBooked) and releases it on cancel', async () => {
    const item = (
      (await get('/v1/inventory?pageSize=1000&inventoryTypes=FinishedGoodItem')) as Json[]
    )[0] as Json;
    const customer = ((await get('/v1/customer?pageSize=1&status=Active')) as Json[])[0] as Json;
    const booked = async () =>
      ((await get(`/v1/inventorysummary/${String(item.inventoryNumber)}?warehouse=MAIN`)) as Json[])[0]
        ?.soBooked as number;
    const before = await booked();
    const post = await env.call('POST', '/v1/salesorder', {
      orderType: v('SO'),
      customer: v(customer.number),
      lines: [
        {
          operation: 'Insert',
          inventoryNumber: v(item.inventoryNumber),
          quantity: v(4),
          warehouse: v('MAIN'),
        },
      ],
    });
    expect(post.status).toBe(201);
    const no = String(post.headers.get('location')).split('/').pop() as string;
    expect(await booked()).toBe(before + 4);
    const order = (await get(`/v1/salesorder/${no}`)) as Json;
    expect(order).toMatchObject({
      orderType: 'SO',
      orderNo: no,
      status: 'Open',
      customer: { number: customer.number },
    });
    await env.call('PUT', `/v1/salesorder/${no}`, {
      lines: [{ operation: 'Update', lineNbr: v(1), quantity: v(6) }],
    });
    expect(await booked()).toBe(before + 6);
    const cancel = await env.call('POST', `/v1/salesorder/${no}/action/cancelSalesOrder`, {
      orderType: 'SO',
    });
    expect((cancel.json as Json).actionResult).toBe('Done');
    expect(await booked()).toBe(before);
    expect(((await get(`/v1/salesorder/SO/${no}`)) as Json).status).toBe('Cancelled');
  });
});

describe('ETag and If-Match', () => {
  it('returns an ETag on single GETs (inventory: = timestamp), accepts a matching If-Match and refuses a stale one with 412', async () => {
    const item = ((await get('/v1/inventory?pageSize=1')) as Json[])[0] as Json;
    const r = await env.call('GET', `/v1/inventory/${String(item.inventoryNumber)}`);
    const etag = r.headers.get('etag') as string;
    expect(etag).toBe(`"${String((r.json as Json).timestamp)}"`);
    const ok = await env.call(
      'PUT',
      `/v1/inventory/${String(item.inventoryNumber)}`,
      { body: v('new body') },
      { 'if-match': etag },
    );
    expect(ok.status).toBe(204);
    const fresh = ok.headers.get('etag');
    expect(fresh).not.toBe(etag);
    const stale = await env.call(
      'PUT',
      `/v1/inventory/${String(item.inventoryNumber)}`,
      { body: v('again') },
      { 'if-match': etag },
    );
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({ ExceptionType: 'IPPException' });
    expect(
      (
        await env.call(
          'PUT',
          `/v1/inventory/${String(item.inventoryNumber)}`,
          { body: v('again') },
          { 'if-match': fresh ?? '' },
        )
      ).status,
    ).toBe(204);
    // without If-Match the write is last-write-wins
    expect(
      (await env.call('PUT', `/v1/inventory/${String(item.inventoryNumber)}`, { body: v('lww') })).status,
    ).toBe(204);
    const c = (await get('/v1/customer?pageSize=1')) as Json[];
    const cr = await env.call('GET', `/v1/customer/${String(c[0]?.number)}`);
    expect(cr.headers.get('etag')).toMatch(/^"[^"]+"$/);
    expect(
      (
        await env.call(
          'PUT',
          `/v1/customer/${String(c[0]?.number)}`,
          { note: v('x') },
          { 'if-match': '"nope"' },
        )
      ).status,
    ).toBe(412);
  });
});

describe('Visma Connect client credentials, scopes and the hourly limit', () => {
  const token = (form: Record<string, string>) =>
    rawCall(env.sb.apis.vismaNet.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  const creds = () => ({
    grant_type: 'client_credentials',
    client_id: env.sb.apis.vismaNet.clientId,
    client_secret: env.sb.apis.vismaNet.clientSecret,
  });

  it('issues tokens bound to the tenant_id company; each company sees only its own data', async () => {
    const [main, second] = env.sb.apis.vismaNet.tenants as unknown as [Json, Json];
    const t = await token({ ...creds(), scope: 'vismanet_erp_service_api:read', tenant_id: second.tenantId });
    expect(t.status).toBe(200);
    expect(t.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((t.json as Json).refresh_token).toBeUndefined();
    const access = String((t.json as Json).access_token);
    const list = await rawCall(`${env.sb.apis.vismaNet.apiBaseUrl}/v1/customer?pageSize=1000`, {
      headers: { authorization: `Bearer ${access}`, 'ipp-company-id': '12345' },
    });
    expect(list.status).toBe(200);
    const mine = ((await get('/v1/customer?pageSize=1000')) as Json[]).map((c) => c.name);
    const theirs = (list.json as Json[]).map((c) => c.name);
    expect(theirs.filter((name) => mine.includes(name))).toEqual([]);
    expect(main.tenantId).toBe(env.tenantId);
    // read scope only: writes are forbidden
    const w = await rawCall(`${env.sb.apis.vismaNet.apiBaseUrl}/v1/customer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: v('x') }),
    });
    expect(w.status).toBe(403);
    expect((await token({ ...creds(), scope: 'vismanet_erp_service_api:read' })).json).toMatchObject({
      error: 'invalid_request',
    });
    expect(
      (await token({ ...creds(), tenant_id: '00000000-0000-4000-8000-000000000000' })).json,
    ).toMatchObject({ error: 'invalid_grant' });
    expect((await token({ ...creds(), client_secret: 'nope', tenant_id: main.tenantId })).json).toEqual({
      error: 'invalid_client',
    });
    expect((await token({ ...creds(), scope: 'openid', tenant_id: main.tenantId })).json).toEqual({
      error: 'invalid_scope',
    });
    expect((await token({ ...creds(), grant_type: 'authorization_code', code: 'x' })).json).toEqual({
      error: 'unauthorized_client',
    });
  });

  it('serves the old integration.visma.net host and b64() keys', async () => {
    const c = ((await get('/v1/customer?pageSize=1')) as Json[])[0] as Json;
    const legacy = await rawCall(`${env.sb.apis.vismaNet.legacyApiBaseUrl}/v1/customer/${String(c.number)}`, {
      headers: { authorization: `Bearer ${env.token}` },
    });
    expect(legacy.status).toBe(200);
    expect((legacy.json as Json).number).toBe(c.number);
    const b64 = Buffer.from(String(c.number)).toString('base64url');
    expect(((await get(`/v1/customer/b64(${b64})`)) as Json).number).toBe(c.number);
  });

  it('counts calls per company and client per hour: X-RateLimit-* on every answer, 429 with Retry-After', async () => {
    env.sb.admin.vismaNet.setLimits({ enabled: true, perHour: 3 });
    try {
      const r1 = await env.call('GET', '/v1/warehouse');
      expect(r1.headers.get('x-ratelimit-limit')).toBe('3');
      expect(r1.headers.get('x-ratelimit-remaining')).toBe('2');
      expect(Number(r1.headers.get('x-ratelimit-reset'))).toBeGreaterThan(3500);
      expect(r1.headers.get('x-ratelimit-policy')).toBe('4-fixed-window');
      await env.call('GET', '/v1/warehouse');
      expect((await env.call('GET', '/v1/customer?pageSize=1')).headers.get('x-ratelimit-remaining')).toBe(
        '0',
      );
      const r4 = await env.call('GET', '/v1/warehouse');
      expect(r4.status).toBe(429);
      expect(Number(r4.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r4.json).toMatchObject({
        statusCode: 429,
        message: expect.stringMatching(/^Rate limit is exceeded\. Try again in \d+ seconds\.$/),
      });
      env.sb.admin.advanceClock(3_601_000);
      // an hour later the window has reset (the old token has expired too: 3600 s)
      env.token = env.sb.admin.vismaNet.issueToken().access_token;
      expect((await env.call('GET', '/v1/warehouse')).status).toBe(200);
    } finally {
      env.sb.admin.vismaNet.setLimits({ enabled: false, perHour: 3600 });
    }
  });
});

describe('VAT, accounts and customer payments', () => {
  const payments = async (query = ''): Promise<Json[]> => {
    const out: Json[] = [];
    for (let page = 1; ; page++) {
      const list = (await get(`/v1/customerPayment?pageSize=500&pageNumber=${page}${query}`)) as Json[];
      out.push(...list);
      if (list.length < 500) return out;
    }
  };
  const invoices = async (query = ''): Promise<Json[]> =>
    (await get(`/v1/customerinvoice?pageSize=1000${query}`)) as Json[];
  const cents = (n: unknown) => Math.round(Number(n) * 100);

  it('VAT categories are the codes invoices use, each made of a VAT id with the rate invoices apply', async () => {
    const categories = (await get('/v1/vatCategory')) as Json[];
    const vats = new Map(((await get('/v1/vat')) as Json[]).map((v) => [v.vatId, v]));
    expect(categories.every((c) => c.metadata === undefined)).toBe(true);
    const rateOf = new Map<string, number>();
    for (const c of categories) {
      const [line] = c.vatCategoryLines as Json[];
      const vat = vats.get(line!.vatId) as Json;
      expect(vat.schedules[0].vatRate).toBe(line!.vatRates[0].vatRate);
      expect(vat.categories.map((x: Json) => x.vatCategoryId)).toContain(c.vatCategoryId);
      rateOf.set(c.vatCategoryId, line!.vatRates[0].vatRate);
    }
    for (const inv of await invoices())
      for (const t of inv.taxDetails as Json[]) expect(rateOf.get(t.taxId)).toBe(t.vatRate);
    expect(
      ((await get('/v1/vatCategory?greaterThanValue=MP1')) as Json[]).map((c) => c.vatCategoryId),
    ).toEqual(categories.map((c) => c.vatCategoryId).filter((id) => id > 'MP1'));
    expect(
      await get('/v1/vatCategory?lastModifiedDateTime=2099-01-01&lastModifiedDateTimeCondition=%3E'),
    ).toEqual([]);
  });

  it('the chart of accounts holds every account invoice lines post to; filters; descriptions on request', async () => {
    const accounts = (await get('/v1/account')) as Json[];
    const numbers = accounts.map((a) => a.accountCD);
    expect(numbers).toEqual([...numbers].sort());
    expect(accounts[0]!.metadata).toEqual({ totalCount: accounts.length, maxPageSize: 1000 });
    expect(accounts[0]!.accountClassDescription).toBeUndefined();
    const [one] = (await invoices('&documentType=Invoice')).slice(0, 1);
    for (const l of one!.invoiceLines as Json[]) expect(numbers).toContain(l.account.number);
    const active = (await get('/v1/account?active=true')) as Json[];
    const inactive = (await get('/v1/account?active=false')) as Json[];
    expect(inactive.map((a) => a.accountCD)).toEqual(['3990']);
    expect(active.length + inactive.length).toBe(accounts.length);
    const withClass = (await get('/v1/account/1930?includeAccountClassDescription=true')) as Json;
    expect(withClass).toMatchObject({
      cashAccount: true,
      type: 'Asset',
      accountClassDescription: 'Kassa och bank',
    });
    expect(((await get('/v1/account/3001')) as Json).taxCategory).toBe('MP1');
    // an invoice line on an unknown or inactive account is refused
    const customer = ((await get('/v1/customer?pageSize=1&status=Active')) as Json[])[0] as Json;
    for (const [account, why] of [
      ['9999', /account '9999' does not exist/],
      ['3990', /account '3990' is inactive/],
    ] as const) {
      const r = await env.call('POST', '/v2/customerinvoice', {
        customerNumber: v(customer.number),
        invoiceLines: [
          {
            operation: 'Insert',
            description: v('x'),
            quantity: v(1),
            unitPriceInCurrency: v(1),
            accountNumber: v(account),
          },
        ],
      });
      expect(r.status).toBe(400);
      expect((r.json as Json).ExceptionMessage).toMatch(why);
    }
    const long = await env.call('POST', '/v1/account', {
      accountCD: v('6999'),
      type: v('Expense'),
      description: v('A description well over thirty characters'),
    });
    expect(long.status).toBe(400);
    expect((long.json as Json).ExceptionMessage).toMatch(/at most 30 characters/);
  });

  it('seeded payments are paged, applied to their invoices and agree with the invoices’ balances', async () => {
    const all = await payments();
    expect(all.length).toBeGreaterThan(50);
    expect(all[0]!.metadata.totalCount).toBe(all.length);
    const p2 = (await get('/v1/customerPayment?pageNumber=2&pageSize=7')) as Json[];
    expect(p2.map((p) => p.refNbr)).toEqual(all.slice(7, 14).map((p) => p.refNbr));
    const byInvoice = new Map<string, number>();
    for (const p of all) {
      expect(p).toMatchObject({ type: 'Payment', hold: false, paymentLines: [expect.any(Object)] });
      expect(cents(p.paymentAmount) - cents(p.appliedToDocuments)).toBe(cents(p.availableBalance));
      expect(p.status).toBe(cents(p.availableBalance) > 0 ? 'Open' : 'Closed');
      for (const l of p.paymentLines as Json[])
        byInvoice.set(l.refNbr, (byInvoice.get(l.refNbr) ?? 0) + cents(l.amountPaid));
    }
    expect(all.some((p) => p.status === 'Open')).toBe(true);
    const docs = await invoices('&documentType=Invoice');
    for (const inv of docs) {
      const applied = (inv.applications as Json[]).filter((a) => !a.voided);
      const paid = applied
        .filter((a) => a.docType === 'Payment')
        .reduce((s, a) => s + cents(a.amountPaid), 0);
      expect(paid, inv.referenceNumber).toBe(byInvoice.get(inv.referenceNumber) ?? 0);
      if (inv.status === 'Voided') continue;
      const total = applied.reduce((s, a) => s + cents(a.amountPaid), 0);
      expect(cents(inv.amountInCurrency) - cents(inv.balanceInCurrency), inv.referenceNumber).toBe(total);
    }
    const first = all.find((p) => p.paymentLines[0].refNbr === '000001') as Json;
    expect(first.paymentRef).toBe('Payment INV-0001');
    expect((await payments('&invoiceRefNbr=000001')).map((p) => p.refNbr)).toEqual([first.refNbr]);
  });

  it('a payment is Balanced when created, applies on release, and void gives the invoice its balance back', async () => {
    const inv = (await invoices('&documentType=Invoice&status=Open')).find(
      (i) => i.currencyId === 'SEK' && i.balanceInCurrency > 100,
    ) as Json;
    const ref = String(inv.referenceNumber);
    const balance = inv.balanceInCurrency as number;
    const body = {
      customer: v(inv.customer.number),
      applicationDate: v('2026-09-15'),
      paymentRef: v('OCR 123'),
      paymentAmount: v(balance + 50),
      paymentLines: [{ operation: 'Insert', refNbr: v(ref), amountPaid: v(balance) }],
    };
    const post = await env.call('POST', '/v1/customerPayment', body);
    expect(post.status, post.text).toBe(201);
    const no = String(post.headers.get('location')).split('/').pop() as string;
    let p = (await get(`/v1/customerPayment/${no}`)) as Json;
    expect(p).toMatchObject({
      type: 'Payment',
      status: 'Balanced',
      cashAccount: '1930',
      currency: 'SEK',
      applicationDate: '2026-09-15T00:00:00',
      applicationPeriod: '202609',
      financialDetails: { paymentDate: '2026-09-15T00:00:00' },
      paymentAmount: balance + 50,
      appliedToDocuments: balance,
      availableBalance: 50,
      paymentLines: [{ documentType: 'Invoice', refNbr: ref, amountPaid: balance, balance: 0 }],
    });
    expect(((await get(`/v1/customerinvoice/${ref}`)) as Json).balanceInCurrency).toBe(balance);
    // on hold and back; lines change by their document
    expect(
      (
        await env.call('PUT', `/v1/customerPayment/${no}`, {
          hold: v(true),
          paymentLines: [{ operation: 'Update', refNbr: v(ref), amountPaid: v(balance - 10) }],
        })
      ).status,
    ).toBe(204);
    p = (await get(`/v1/customerPayment/${no}`)) as Json;
    expect(p).toMatchObject({ status: 'Hold', appliedToDocuments: balance - 10, availableBalance: 60 });
    const onHold = await env.call('POST', `/v1/customerPayment/${no}/action/release`, { type: v('Payment') });
    expect((onHold.json as Json).actionResult).toBe('Failed');
    await env.call('PUT', `/v1/customerPayment/${no}`, {
      hold: v(false),
      paymentLines: [{ operation: 'Update', refNbr: v(ref), amountPaid: v(balance) }],
    });
    const wrongType = await env.call('POST', `/v1/customerPayment/${no}/action/release`, {
      type: v('Prepayment'),
    });
    expect(wrongType.status).toBe(404);
    const done = await env.call('POST', `/v1/customerPayment/${no}/action/release`);
    expect((done.json as Json).actionResult).toBe('Done');
    p = (await get(`/v1/customerPayment/${no}`)) as Json;
    expect(p.status).toBe('Open');
    const paid = (await get(`/v1/customerinvoice/${ref}`)) as Json;
    expect(paid).toMatchObject({ status: 'Closed', balanceInCurrency: 0, balance: 0 });
    expect(paid.applications).toContainEqual(
      expect.objectContaining({ docType: 'Payment', refNbr: no, amountPaid: balance, voided: false }),
    );
    expect(paid.lastModifiedDateTime > inv.lastModifiedDateTime).toBe(true);
    const again = await env.call('POST', `/v1/customerPayment/${no}/action/release`);
    expect((again.json as Json).actionResult).toBe('Failed');
    const locked = await env.call('PUT', `/v1/customerPayment/${no}`, { invoiceText: v('x') });
    expect(locked.status).toBe(400);
    expect((locked.json as Json).ExceptionMessage).toMatch(/Open: only payments on hold or balanced/);
    const voided = await env.call('POST', `/v1/customerPayment/${no}/action/void`, { type: 'Payment' });
    expect(voided.json).toMatchObject({ type: 'VoidPayment', refNbr: no, actionResult: 'Done' });
    expect((voided.json as Json).voidPayment).toBeUndefined();
    expect(await get(`/v1/customerinvoice/${ref}`)).toMatchObject({
      status: 'Open',
      balanceInCurrency: balance,
    });
    expect(((await get(`/v1/customerPayment/${no}`)) as Json).status).toBe('Voided');
    expect(
      ((await env.call('POST', `/v1/customerPayment/${no}/action/void`, {})).json as Json).actionResult,
    ).toBe('Failed');
    expect((await payments(`&invoiceRefNbr=${ref}&status=Voided`)).map((x) => x.refNbr)).toEqual([no]);
  });

  it('refuses payments that cannot apply, with the reason', async () => {
    const open = await invoices('&documentType=Invoice&status=Open');
    const sek = open.find((i) => i.currencyId === 'SEK') as Json;
    const foreign = open.find((i) => i.currencyId !== 'SEK') as Json;
    const other = open.find(
      (i) => i.customer.number !== sek.customer.number && i.currencyId === 'SEK',
    ) as Json;
    const held = (await invoices('&documentType=Invoice&status=Hold'))[0] as Json;
    const line = (refNbr: unknown, amountPaid: number) => ({
      operation: 'Insert',
      refNbr: v(refNbr),
      amountPaid: v(amountPaid),
    });
    const refusals: [Json, RegExp][] = [
      [
        {
          customer: v(sek.customer.number),
          paymentLines: [line(sek.referenceNumber, sek.balanceInCurrency + 1)],
        },
        /exceeds the balance of Invoice/,
      ],
      [
        { customer: v(sek.customer.number), paymentLines: [line(other.referenceNumber, 1)] },
        /belongs to customer/,
      ],
      [
        { customer: v(held.customer.number), paymentLines: [line(held.referenceNumber, 1)] },
        /is Hold; only released, open documents/,
      ],
      [
        {
          customer: v(sek.customer.number),
          paymentAmount: v(1),
          paymentLines: [line(sek.referenceNumber, 2)],
        },
        /exceeds the payment amount/,
      ],
      [
        {
          customer: v(sek.customer.number),
          cashAccount: v('3001'),
          paymentLines: [line(sek.referenceNumber, 1)],
        },
        /'3001' is not a cash account/,
      ],
      [
        {
          customer: v(sek.customer.number),
          cashAccount: v('1931'),
          paymentLines: [line(sek.referenceNumber, 1)],
        },
        /1931 is in EUR; the payment is in SEK/,
      ],
      [
        {
          customer: v(foreign.customer.number),
          currency: v('SEK'),
          paymentLines: [line(foreign.referenceNumber, 1)],
        },
        /the payment is in SEK/,
      ],
      [
        { customer: v(sek.customer.number), type: v('Refund'), paymentAmount: v(1) },
        /Payment and Prepayment documents only/,
      ],
      [
        {
          customer: v(sek.customer.number),
          paymentLines: [{ operation: 'Update', refNbr: v(sek.referenceNumber) }],
        },
        /can only Insert/,
      ],
    ];
    const before = (await payments()).length;
    for (const [body, why] of refusals) {
      const r = await env.call('POST', '/v1/customerPayment', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((r.json as Json).ExceptionMessage).toMatch(why);
    }
    expect((await payments()).length).toBe(before);
    // a foreign invoice is paid in its currency, to that currency's cash account
    const post = await env.call('POST', '/v1/customerPayment', {
      customer: v(foreign.customer.number),
      currency: v(foreign.currencyId),
      paymentLines: [line(foreign.referenceNumber, 10)],
    });
    expect(post.status, post.text).toBe(201);
    const p = (await get(
      `/v1/customerPayment/${String(post.headers.get('location')).split('/').pop()}`,
    )) as Json;
    expect(p.cashAccount).not.toBe('1930');
    expect(p).toMatchObject({ currency: foreign.currencyId, paymentAmount: 10 });
    expect(p.paymentAmountInCurrency).toBe(Math.round(10 * foreign.exchangeRate * 100) / 100);
  });
});
