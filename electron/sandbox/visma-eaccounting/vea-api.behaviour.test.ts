import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawCall, startVeaEnv, type VeaTestEnv } from './vea-test-client.test-helper';

type Json = Record<string, any>;
let env: VeaTestEnv;

beforeAll(async () => {
  env = await startVeaEnv();
});
afterAll(async () => {
  await env.sb.close();
});
afterEach(() => {
  env.sb.admin.vismaEaccounting.patchSettings({
    behaviour: { defaultPageSize: 50, maxPageSize: 1000, pageSizeOverMax: 'cap', pageBeyondEnd: 'empty' },
  });
});

const get = async (path: string): Promise<Json> => {
  const r = await env.call('GET', path);
  expect(r.status, r.text.slice(0, 300)).toBe(200);
  return r.json as Json;
};
const firstActive = async (what: string): Promise<Json> =>
  (await get(`/${what}?$filter=IsActive eq true&$pagesize=1`)).Data[0] as Json;

describe('paging envelope', () => {
  it('pages with $page/$pagesize, caps the size at the maximum, and answers past the end with no data', async () => {
    const p1 = await get('/customers');
    expect(p1.Meta).toMatchObject({ CurrentPage: 1, PageSize: 50 });
    const total = p1.Meta.TotalNumberOfResults as number;
    expect(p1.Meta.TotalNumberOfPages).toBe(Math.ceil(total / 50));
    expect(p1.Meta.ServerTimeUtc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const p2 = await get('/customers?$page=2&$pagesize=7');
    expect(p2.Data).toHaveLength(7);
    expect(p2.Data[0].Id).toBe(((await get('/customers?$pagesize=8')).Data as Json[])[7]?.Id);
    env.sb.admin.vismaEaccounting.patchSettings({ behaviour: { maxPageSize: 10, defaultPageSize: 4 } });
    expect((await get('/customers')).Data).toHaveLength(4);
    const capped = await get('/customers?$pagesize=500');
    expect(capped.Meta.PageSize).toBe(10);
    expect(capped.Data).toHaveLength(10);
    expect((await get('/customers?$page=9999')).Data).toEqual([]);
    env.sb.admin.vismaEaccounting.patchSettings({
      behaviour: { pageSizeOverMax: 'error', pageBeyondEnd: 'error' },
    });
    expect((await env.call('GET', '/customers?$pagesize=500')).json).toMatchObject({ ErrorCode: 6000 });
    expect((await env.call('GET', '/customers?$page=9999')).status).toBe(400);
  });

  it('accepts $top/$skip as well', async () => {
    const all = (await get('/customers?$pagesize=10')).Data as Json[];
    const r = await get('/customers?$skip=3&$top=2');
    expect(r.Data.map((c: Json) => c.Id)).toEqual(all.slice(3, 5).map((c) => c.Id));
  });
});

describe('$filter and $orderby', () => {
  it('filters on ChangedUtc / ModifiedUtc with datetime literals and sorts', async () => {
    const all = (await get('/customers?$pagesize=1000')).Data as Json[];
    const stamps = all.map((c) => String(c.ChangedUtc)).sort();
    const mid = stamps[Math.floor(stamps.length / 2)] as string;
    const after = await get(`/customers?$filter=ChangedUtc gt ${mid}&$pagesize=1000`);
    expect(after.Meta.TotalNumberOfResults).toBe(stamps.filter((s) => s > mid).length);
    const quoted = await get(
      `/customers?$filter=ChangedUtc ge datetime'${mid.replace('Z', '')}'&$pagesize=1000`,
    );
    expect(quoted.Meta.TotalNumberOfResults).toBe(stamps.filter((s) => s >= mid).length);
    const sorted = (await get('/customers?$orderby=Name desc&$pagesize=1000')).Data as Json[];
    const names = sorted.map((c) => String(c.Name));
    expect(names).toEqual([...names].sort().reverse());
  });

  it('supports and/or/not, parentheses, unary minus, contains/startswith and Rows/any', async () => {
    const unpaid = await get(
      '/customerinvoices?$filter=RemainingAmountInvoiceCurrency eq -TotalAmountInvoiceCurrency or RemainingAmountInvoiceCurrency eq TotalAmountInvoiceCurrency&$pagesize=1000',
    );
    for (const i of unpaid.Data as Json[])
      expect(Math.abs(i.RemainingAmountInvoiceCurrency)).toBe(Math.abs(i.TotalAmountInvoiceCurrency));
    expect(unpaid.Data.length).toBeGreaterThan(0);
    const c = await firstActive('customers');
    const word = String(c.Name).slice(1, 5);
    const hits = (
      await get(`/customers?$filter=contains(Name,'${word}') and not (IsActive eq false)&$pagesize=1000`)
    ).Data as Json[];
    expect(hits.map((x) => x.Id)).toContain(c.Id);
    for (const h of hits) expect(String(h.Name)).toContain(word);
    const starts = (await get(`/customers?$filter=startswith(CustomerNumber,'1000')&$pagesize=1000`))
      .Data as Json[];
    expect(starts.length).toBeGreaterThan(0);
    for (const s of starts) expect(String(s.CustomerNumber).startsWith('1000')).toBe(true);
    const rows = await get(
      `/customerinvoices?$filter=Rows/any(r: contains(r/Text,'Rounding line'))&$pagesize=1000`,
    );
    expect(rows.Data.length).toBeGreaterThan(0);
    for (const i of rows.Data as Json[])
      expect((i.Rows as Json[]).some((r) => String(r.Text).includes('Rounding line'))).toBe(true);
  });

  it('filters invoices by the modifiedSinceUtc parameter and by ModifiedUtc', async () => {
    const all = (await get('/customerinvoices?$pagesize=1000')).Data as Json[];
    const stamps = all.map((i) => String(i.ModifiedUtc)).sort();
    const cut = stamps[stamps.length - 10] as string;
    const since = await get(`/customerinvoices?modifiedSinceUtc=${cut}&$pagesize=1000`);
    expect(since.Meta.TotalNumberOfResults).toBe(stamps.filter((s) => s >= cut).length);
    const f = await get(`/customerinvoices?$filter=ModifiedUtc gt ${cut}&$pagesize=1000`);
    expect(f.Meta.TotalNumberOfResults).toBe(stamps.filter((s) => s > cut).length);
  });
});

describe('writes', () => {
  it('PUT replaces the whole customer: left-out properties are cleared, read-only ones ignored', async () => {
    const terms = (await get('/termsofpayments')).Data[0] as Json;
    const created = await env.call('POST', '/customers', {
      Name: 'Replace Me AB',
      InvoiceCity: 'Luleå',
      InvoicePostalCode: '97231',
      IsActive: true,
      IsPrivatePerson: false,
      TermsOfPaymentId: terms.Id,
      EmailAddress: 'a@replace.example',
      Telephone: '+46 920 123',
    });
    expect(created.status).toBe(201);
    const c = created.json as Json;
    expect(c.CustomerNumber).toMatch(/^\d+$/);
    const put = await env.call('PUT', `/customers/${String(c.Id)}`, {
      Name: 'Replaced AB',
      InvoiceCity: 'Kiruna',
      InvoicePostalCode: '98131',
      IsActive: true,
      IsPrivatePerson: false,
      TermsOfPaymentId: terms.Id,
      ChangedUtc: '2000-01-01T00:00:00Z',
      UnpaidInvoicesAmount: 999,
    });
    expect(put.status).toBe(200);
    const after = (await get(`/customers/${String(c.Id)}`)) as Json;
    expect(after).toMatchObject({
      Name: 'Replaced AB',
      InvoiceCity: 'Kiruna',
      EmailAddress: null,
      Telephone: null,
    });
    expect(after.CustomerNumber).toBe(c.CustomerNumber);
    expect(after.UnpaidInvoicesAmount).toBe(0);
    expect(after.ChangedUtc > c.ChangedUtc).toBe(true);
    // PATCH is not released in production (visma-notes.md §1.3).
    expect((await env.call('PATCH', `/customers/${String(c.Id)}`, { Name: 'x' })).status).toBe(405);
  });

  it('refuses to delete a customer with transactions (4001) and conflicting numbers (4000)', async () => {
    const inv = (await get('/customerinvoices?$pagesize=1')).Data[0] as Json;
    const d = await env.call('DELETE', `/customers/${String(inv.CustomerId)}`);
    expect(d.status).toBe(400);
    expect(d.json).toMatchObject({ ErrorCode: 4001 });
    const c = (await get(`/customers/${String(inv.CustomerId)}`)) as Json;
    const dup = await env.call('POST', '/customers', { ...c, Id: undefined });
    expect(dup.json).toMatchObject({ ErrorCode: 4000 });
  });

  it('converts a draft into an invoice with the next number, the draft totals, and removes the draft', async () => {
    const customer = await firstActive('customers');
    const article = await firstActive('articles');
    const before = (await get('/customerinvoices?$orderby=InvoiceNumber desc&$pagesize=1')).Data[0] as Json;
    const draft = (
      await env.call('POST', '/customerinvoicedrafts', {
        CustomerId: customer.Id,
        EuThirdParty: false,
        RotReducedInvoicingType: 0,
        InvoiceDate: '2026-01-15T00:00:00',
        Rows: [
          {
            ArticleId: article.Id,
            IsTextRow: false,
            ReversedConstructionServicesVatFree: false,
            Quantity: 3,
            UnitPrice: 10.02,
          },
        ],
      })
    ).json as Json;
    expect(draft.TotalAmount).toBeGreaterThan(0);
    const bad = await env.call('POST', `/customerinvoicedrafts/${String(draft.Id)}/convert`, {
      TotalAmountInvoiceCurrency: 1,
    });
    expect(bad.json).toMatchObject({ ErrorCode: 2000 });
    const conv = await env.call(
      'POST',
      `/customerinvoicedrafts/${String(draft.Id)}/convert?keepOriginalDraftDate=true`,
    );
    expect(conv.status).toBe(201);
    const inv = conv.json as Json;
    expect(inv).toMatchObject({
      InvoiceNumber: (before.InvoiceNumber as number) + 1,
      CreatedFromDraftId: draft.Id,
      TotalAmountInvoiceCurrency: draft.TotalAmount,
      TotalVatAmountInvoiceCurrency: draft.TotalVatAmount,
      InvoiceDate: '2026-01-15T00:00:00',
      PaymentStatus: expect.any(Number),
    });
    expect((await env.call('GET', `/customerinvoicedrafts/${String(draft.Id)}`)).status).toBe(404);
  });

  it('computes VAT per document and rate: 3 × 10.02 at 12 % is 3.61 (Xero says 3.60)', async () => {
    const rounding = (
      await get(`/customerinvoices?$filter=Rows/any(r: r/Text eq 'Rounding line 1')&$pagesize=1`)
    ).Data[0] as Json;
    expect(rounding.VatSpecification).toEqual([
      { AmountInvoiceCurrency: 30.06, VatAmountInvoiceCurrency: 3.61, VatPercent: 12 },
    ]);
    expect(rounding.TotalVatAmountInvoiceCurrency).toBe(3.61);
    expect(rounding.TotalAmountInvoiceCurrency).toBe(33.67);
  });

  it('takes payments: partial, refused over the remaining amount or in the future, complete', async () => {
    const bank = (await get('/bankaccounts')).Data[0] as Json;
    const customer = await firstActive('customers');
    const article = await firstActive('articles');
    const inv = (
      await env.call('POST', '/customerinvoices', {
        CustomerId: customer.Id,
        EuThirdParty: false,
        RotReducedInvoicingType: 0,
        Rows: [{ ArticleId: article.Id, Quantity: 2, UnitPrice: 100 }],
      })
    ).json as Json;
    const total = inv.TotalAmountInvoiceCurrency as number;
    const pay = (body: Json) =>
      env.call('POST', `/customerinvoices/${String(inv.Id)}/payments`, {
        CompanyBankAccountId: bank.Id,
        PaymentCurrency: inv.CurrencyCode,
        PaymentType: 1,
        ...body,
      });
    expect((await pay({ PaymentAmount: 50 })).status).toBe(201);
    let now = (await get(`/customerinvoices/${String(inv.Id)}`)) as Json;
    expect(now.RemainingAmountInvoiceCurrency).toBe(Math.round((total - 50) * 100) / 100);
    expect(now.PaymentStatus).toBe(1);
    expect((await pay({ PaymentAmount: total })).json).toMatchObject({ ErrorCode: 2000 });
    expect((await pay({ PaymentAmount: 1, PaymentDate: '2099-01-01T00:00:00' })).json).toMatchObject({
      ErrorCode: 4023,
    });
    expect((await pay({ PaymentAmount: 1, PaymentCurrency: 'EUR' })).json).toMatchObject({ ErrorCode: 2000 });
    expect((await pay({ PaymentAmount: 1, PaymentType: 2 })).status).toBe(201);
    now = (await get(`/customerinvoices/${String(inv.Id)}`)) as Json;
    expect(now).toMatchObject({ RemainingAmountInvoiceCurrency: 0, RemainingAmount: 0, PaymentStatus: 0 });
    const ledger = (await get(`/customerledgeritems?$filter=VoucherId eq ${String(inv.VoucherId)}`))
      .Data as Json[];
    expect(ledger).toHaveLength(1);
    expect(ledger[0]?.RemainingAmountInvoiceCurrency).toBe(0);
    // A paid invoice cannot be voided.
    expect((await env.call('POST', `/customerinvoices/${String(inv.Id)}/void`)).json).toMatchObject({
      ErrorCode: 4002,
    });
  });

  it('a list walked page by page sees every write made between its pages', async () => {
    const newest = '/customerinvoices?$filter=RemainingAmountInvoiceCurrency gt 0&$orderby=ModifiedUtc desc';
    const before = (await get(`${newest}&$pagesize=3`)) as Json;
    const total = before.Meta.TotalNumberOfResults as number;
    // The third-newest unpaid invoice is paid a little: it becomes the newest, and the list keeps its size.
    const moved = before.Data[2] as Json;
    const bank = (await get('/bankaccounts')).Data[0] as Json;
    const paid = await env.call('POST', `/customerinvoices/${String(moved.Id)}/payments`, {
      CompanyBankAccountId: bank.Id,
      PaymentCurrency: moved.CurrencyCode,
      PaymentType: 1,
      PaymentAmount: 1,
    });
    expect(paid.status, paid.text.slice(0, 300)).toBe(201);
    const after = (await get(`${newest}&$pagesize=3&$page=1`)) as Json;
    expect(after.Meta.TotalNumberOfResults).toBe(total);
    expect(after.Data[0].Id).toBe(moved.Id);
    expect(after.Data[0].RemainingAmountInvoiceCurrency).toBe(
      Math.round(((moved.RemainingAmountInvoiceCurrency as number) - 1) * 100) / 100,
    );
  });

  it('voids an untouched invoice with a crediting invoice', async () => {
    const customer = await firstActive('customers');
    const article = await firstActive('articles');
    const inv = (
      await env.call('POST', '/customerinvoices', {
        CustomerId: customer.Id,
        EuThirdParty: false,
        RotReducedInvoicingType: 0,
        Rows: [{ ArticleId: article.Id, Quantity: 1, UnitPrice: 80 }],
      })
    ).json as Json;
    const v = await env.call('POST', `/customerinvoices/${String(inv.Id)}/void`);
    expect(v.status).toBe(200);
    expect(v.text).toBe('');
    const after = (await get(`/customerinvoices/${String(inv.Id)}`)) as Json;
    expect(after.RemainingAmountInvoiceCurrency).toBe(0);
    expect(after.CreditedBy).toHaveLength(1);
    const credit = (await get(`/customerinvoices/${String(after.CreditedBy[0].CreditInvoiceId)}`)) as Json;
    expect(credit).toMatchObject({
      IsCreditInvoice: true,
      ReferringInvoiceId: inv.Id,
      TotalAmountInvoiceCurrency: -(inv.TotalAmountInvoiceCurrency as number),
      RemainingAmountInvoiceCurrency: 0,
    });
    expect((await env.call('POST', `/customerinvoices/${String(inv.Id)}/void`)).status).toBe(400);
  });
});

describe('scopes and the rate limit', () => {
  it('checks ea:api and the operation scopes (403, ErrorCode 4006)', async () => {
    const ro = env.sb.admin.vismaEaccounting.issueToken({
      scopes: ['ea:api', 'ea:sales_readonly'],
    }).access_token;
    const call = (method: string, path: string, token: string, body?: unknown) =>
      rawCall(`${env.sb.apis.vismaEaccounting.apiBaseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    expect((await call('GET', '/customers', ro)).status).toBe(200);
    const w = await call('POST', '/customers', ro, { Name: 'x' });
    expect(w.status).toBe(403);
    expect(w.json).toMatchObject({ ErrorCode: 4006 });
    expect((await call('GET', '/vatcodes', ro)).status).toBe(403);
    const noApi = env.sb.admin.vismaEaccounting.issueToken({ scopes: ['ea:sales'] }).access_token;
    expect((await call('GET', '/customers', noApi)).status).toBe(403);
  });

  it('limits each client per endpoint per minute: 429 with ErrorCode 4010 and the wait in the message', async () => {
    const sb = env.sb;
    sb.admin.vismaEaccounting.setLimits({ enabled: true, perMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await env.call('GET', '/units')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const r = await env.call('GET', '/units');
      expect(r.json).toMatchObject({ ErrorCode: 4010 });
      expect((r.json as Json).DeveloperErrorMessage).toMatch(
        /^API calls quota exceeded! maximum admitted 3 per Minute\. Try again in \d+ seconds\.$/,
      );
      expect(r.headers.get('retry-after')).toBeNull();
      // another endpoint has its own window
      expect((await env.call('GET', '/vatcodes')).status).toBe(200);
      sb.admin.advanceClock(61_000);
      expect((await env.call('GET', '/units')).status).toBe(200);
    } finally {
      sb.admin.vismaEaccounting.setLimits({ enabled: false, perMinute: 600 });
    }
  });
});

describe('Visma Online identity server (OAuth)', () => {
  const REDIRECT = 'http://127.0.0.1:53682/callback';
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const token = async (form: Record<string, string>) => {
    const e = env.sb.apis.vismaEaccounting;
    return rawCall(e.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic(e.clientId, e.clientSecret),
      },
      body: new URLSearchParams(form).toString(),
    });
  };
  const authorize = async (extra: Record<string, string> = {}) => {
    const e = env.sb.apis.vismaEaccounting;
    const verifier = randomBytes(40).toString('base64url');
    const url = new URL(e.authorizeUrl);
    for (const [k, v] of Object.entries({
      client_id: e.clientId,
      redirect_uri: REDIRECT,
      scope: 'ea:api ea:sales offline_access',
      state: 's1',
      response_type: 'code',
      prompt: 'select_account',
      acr_values: 'service:44643EB1-3F76-4C1C-A672-402AE8085934',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...extra,
    }))
      url.searchParams.set(k, v);
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return { cb: new URL(res.headers.get('location') ?? ''), verifier };
  };

  it('authorize (PKCE) → token → API → refresh (reusable by default, rotating as a setting) → revocation', async () => {
    const { cb, verifier } = await authorize();
    expect(cb.searchParams.get('state')).toBe('s1');
    const code = cb.searchParams.get('code') ?? '';
    const t = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(t.status).toBe(200);
    const body = t.json as Json;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    const claims = JSON.parse(
      Buffer.from(String(body.access_token).split('.')[1] ?? '', 'base64url').toString(),
    ) as Json;
    expect(claims).toMatchObject({
      client_id: env.sb.apis.vismaEaccounting.clientId,
      customer_id: env.sb.apis.vismaEaccounting.company.id,
    });
    expect(claims.scope).toEqual(['ea:api', 'ea:sales', 'offline_access']);
    // the code is single-use
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          code_verifier: verifier,
        })
      ).json,
    ).toEqual({
      error: 'invalid_grant',
    });
    const api = (access: string) =>
      rawCall(`${env.sb.apis.vismaEaccounting.apiBaseUrl}/customers?$pagesize=1`, {
        headers: { authorization: `Bearer ${access}` },
      });
    expect((await api(String(body.access_token))).status).toBe(200);
    const r1 = (await token({ grant_type: 'refresh_token', refresh_token: String(body.refresh_token) }))
      .json as Json;
    expect(r1.refresh_token).toBe(body.refresh_token);
    env.sb.admin.vismaEaccounting.patchSettings({ oauth: { rotateRefreshTokens: true } });
    try {
      const r2 = (await token({ grant_type: 'refresh_token', refresh_token: String(r1.refresh_token) }))
        .json as Json;
      expect(r2.refresh_token).not.toBe(r1.refresh_token);
      expect(
        (await token({ grant_type: 'refresh_token', refresh_token: String(r1.refresh_token) })).json,
      ).toEqual({ error: 'invalid_grant' });
      const e = env.sb.apis.vismaEaccounting;
      const rev = await rawCall(e.revocationUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basic(e.clientId, e.clientSecret),
        },
        body: `token=${String(r2.refresh_token)}&token_type_hint=refresh_token`,
      });
      expect(rev.status).toBe(200);
      expect(rev.text).toBe('');
      expect(
        (await token({ grant_type: 'refresh_token', refresh_token: String(r2.refresh_token) })).json,
      ).toEqual({ error: 'invalid_grant' });
      const denied = await api(String(r2.access_token));
      expect(denied.status).toBe(401);
      expect(denied.json).toMatchObject({ ErrorCode: 4005 });
    } finally {
      env.sb.admin.vismaEaccounting.patchSettings({ oauth: { rotateRefreshTokens: false } });
    }
  });

  it('refuses a wrong PKCE verifier, a wrong secret and plain PKCE', async () => {
    const { cb } = await authorize();
    const bad = await token({
      grant_type: 'authorization_code',
      code: cb.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: randomBytes(40).toString('base64url'),
    });
    expect(bad.json).toEqual({ error: 'invalid_grant' });
    const e = env.sb.apis.vismaEaccounting;
    const wrong = await rawCall(e.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic(e.clientId, 'nope'),
      },
      body: 'grant_type=refresh_token&refresh_token=x',
    });
    expect(wrong.json).toEqual({ error: 'invalid_client' });
    const plain = await authorize({ code_challenge_method: 'plain' });
    expect(plain.cb.searchParams.get('error')).toBe('invalid_request');
  });
});
