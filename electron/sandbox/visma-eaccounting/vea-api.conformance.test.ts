import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VEA_SPEC_PATH,
  VEA_SPEC_SKIP_REASON,
  veaResponseValidator,
  veaSchemaErrors,
  veaSchemaValidator,
} from './vea-openapi.test-helper';
import { startVeaEnv, type VeaTestEnv } from './vea-test-client.test-helper';

if (!VEA_SPEC_PATH) console.warn(`[skip] ${VEA_SPEC_SKIP_REASON}`);

type Json = Record<string, any>;
let env: VeaTestEnv;
let n = 0;
const uniq = (p: string) => `${p}${process.pid % 1000}${++n}`;

beforeAll(async () => {
  env = await startVeaEnv();
});
afterAll(async () => {
  await env.sb.close();
});

/** Calls an operation and checks status and (for JSON answers) the response schema of spec A. */
async function ok(
  method: string,
  specPath: string,
  path: string,
  body?: unknown,
  status = 200,
): Promise<Json> {
  const r = await env.call(method, path, body);
  expect(r.status, `${method} ${path}: ${r.text.slice(0, 400)}`).toBe(status);
  if (r.text === '') return {};
  const errors = veaSchemaErrors(veaResponseValidator(method, specPath, String(status)), r.json);
  expect(errors, `${method} ${specPath} response does not match the spec`).toEqual([]);
  return r.json as Json;
}

/** Calls an operation that must fail with eAccounting's error body. */
async function fails(
  method: string,
  path: string,
  body: unknown,
  status: number,
  code: number,
): Promise<Json> {
  const r = await env.call(method, path, body);
  expect(r.status, r.text).toBe(status);
  expect(veaSchemaErrors(veaSchemaValidator('CommonExtendedBadRequest'), r.json)).toEqual([]);
  expect((r.json as Json).ErrorCode).toBe(code);
  expect((r.json as Json).ErrorId).toMatch(/^[0-9a-f-]{36}$/);
  return r.json as Json;
}

const suiteName = VEA_SPEC_PATH
  ? 'eAccounting responses validate against visma-eaccounting-v2.openapi.yaml'
  : `skipped: ${VEA_SPEC_SKIP_REASON}`;

describe.skipIf(!VEA_SPEC_PATH)(suiteName, () => {
  it('reference data: vatcodes, termsofpayments, units, articleaccountcodings, bankaccounts', async () => {
    for (const [list, one] of [
      ['/vatcodes', '/vatcodes/{id}'],
      ['/termsofpayments', '/termsofpayments/{id}'],
      ['/units', '/units/{id}'],
      ['/articleaccountcodings', '/articleaccountcodings/{articleAccountCodingId}'],
      ['/bankaccounts', '/bankaccounts/{bankAccountId}'],
    ] as const) {
      const page = await ok('GET', list, list);
      expect(page.Data.length).toBeGreaterThan(0);
      await ok('GET', one, `${list}/${String(page.Data[0].Id)}`);
    }
  });

  it('fiscal years and accounts per fiscal year', async () => {
    const years = (await ok('GET', '/fiscalyears', '/fiscalyears')).Data as Json[];
    const fy = years.at(-1) as Json;
    await ok('GET', '/fiscalyears/{id}', `/fiscalyears/${String(fy.Id)}`);
    await ok('PUT', '/fiscalyears/{id}', `/fiscalyears/${String(fy.Id)}`, { IsLockedForAccounting: false });
    const next = Number(String(fy.EndDate).slice(0, 4)) + 1;
    const created = await ok(
      'POST',
      '/fiscalyears',
      '/fiscalyears',
      { StartDate: `${next}-01-01T00:00:00`, EndDate: `${next}-12-31T00:00:00` },
      201,
    );
    const accounts = await ok('GET', '/accounts/{fiscalyearId}', `/accounts/${String(created.Id)}`);
    expect(accounts.Meta.TotalNumberOfResults).toBeGreaterThan(10);
    await ok('GET', '/accounts', '/accounts');
    const acc = await ok(
      'GET',
      '/accounts/{fiscalyearId}/{accountNumber}',
      `/accounts/${String(fy.Id)}/1930`,
    );
    await ok('PUT', '/accounts/{fiscalyearId}/{accountNumber}', `/accounts/${String(fy.Id)}/1930`, {
      ...acc,
      Name: 'Företagskonto (huvud)',
    });
    await ok(
      'POST',
      '/accounts',
      '/accounts',
      { Name: 'Övriga intäkter', Number: '3990', FiscalYearId: fy.Id, IsActive: true },
      201,
    );
  });

  it('customers: list, create, get, replace, delete', async () => {
    await ok('GET', '/customers', '/customers?$pagesize=5');
    const terms = (await env.call('GET', '/termsofpayments')).json as Json;
    const c = await ok(
      'POST',
      '/customers',
      '/customers',
      {
        Name: 'Conformance AB',
        InvoiceCity: 'Umeå',
        InvoicePostalCode: '90325',
        IsActive: true,
        IsPrivatePerson: false,
        TermsOfPaymentId: terms.Data[0].Id,
      },
      201,
    );
    await ok('GET', '/customers/{customerId}', `/customers/${String(c.Id)}`);
    await ok('PUT', '/customers/{customerId}', `/customers/${String(c.Id)}`, {
      ...c,
      Name: 'Conformance 2 AB',
    });
    await ok('DELETE', '/customers/{customerId}', `/customers/${String(c.Id)}`);
  });

  it('articles: list, create, get, replace', async () => {
    const codings = (await env.call('GET', '/articleaccountcodings')).json as Json;
    const units = (await env.call('GET', '/units')).json as Json;
    await ok('GET', '/articles', '/articles?$pagesize=3');
    const a = await ok(
      'POST',
      '/articles',
      '/articles',
      {
        Number: uniq('A-'),
        Name: 'Widget',
        CodingId: codings.Data[0].Id,
        UnitId: units.Data[0].Id,
        IsActive: true,
        NetPrice: 99.5,
      },
      201,
    );
    await ok('GET', '/articles/{articleId}', `/articles/${String(a.Id)}`);
    await ok('PUT', '/articles/{articleId}', `/articles/${String(a.Id)}`, { ...a, Name: 'Widget 2' });
  });

  it('drafts, conversion, invoices, payments, void, ledger items', async () => {
    const customer = ((await env.call('GET', '/customers?$filter=IsActive eq true')).json as Json)
      .Data[0] as Json;
    const article = ((await env.call('GET', '/articles?$filter=IsActive eq true')).json as Json)
      .Data[0] as Json;
    const bank = ((await env.call('GET', '/bankaccounts')).json as Json).Data[0] as Json;
    await ok('GET', '/customerinvoicedrafts', '/customerinvoicedrafts');
    const draftBody = {
      CustomerId: customer.Id,
      EuThirdParty: false,
      RotReducedInvoicingType: 0,
      YourReference: 'PO conformance',
      Rows: [
        {
          ArticleId: article.Id,
          IsTextRow: false,
          ReversedConstructionServicesVatFree: false,
          Quantity: 2,
          UnitPrice: 100,
        },
        { IsTextRow: true, ReversedConstructionServicesVatFree: false, Text: 'Delivered per agreement' },
      ],
    };
    const d = await ok('POST', '/customerinvoicedrafts', '/customerinvoicedrafts', draftBody, 201);
    await ok('GET', '/customerinvoicedrafts/{invoiceDraftId}', `/customerinvoicedrafts/${String(d.Id)}`);
    await ok(
      'PUT',
      '/customerinvoicedrafts/{customerInvoiceDraftId}',
      `/customerinvoicedrafts/${String(d.Id)}`,
      draftBody,
    );
    const inv = await ok(
      'POST',
      '/customerinvoicedrafts/{customerInvoiceDraftId}/convert',
      `/customerinvoicedrafts/${String(d.Id)}/convert`,
      undefined,
      201,
    );
    const other = await ok('POST', '/customerinvoicedrafts', '/customerinvoicedrafts', draftBody, 201);
    await ok(
      'DELETE',
      '/customerinvoicedrafts/{customerInvoiceDraftId}',
      `/customerinvoicedrafts/${String(other.Id)}`,
    );

    await ok('GET', '/customerinvoices', '/customerinvoices?$pagesize=20');
    await ok('GET', '/customerinvoices/{invoiceId}', `/customerinvoices/${String(inv.Id)}`);
    const direct = await ok(
      'POST',
      '/customerinvoices',
      '/customerinvoices',
      {
        CustomerId: customer.Id,
        EuThirdParty: false,
        RotReducedInvoicingType: 0,
        Rows: [{ ArticleId: article.Id, Quantity: 1, UnitPrice: 50 }],
      },
      201,
    );
    await ok(
      'POST',
      '/customerinvoices/{invoiceId}/payments',
      `/customerinvoices/${String(inv.Id)}/payments`,
      {
        CompanyBankAccountId: bank.Id,
        PaymentAmount: 10,
        PaymentCurrency: inv.CurrencyCode,
        PaymentType: 1,
      },
      201,
    );
    const v = await env.call('POST', `/customerinvoices/${String(direct.Id)}/void`);
    expect(v.status).toBe(200);

    const items = await ok('GET', '/customerledgeritems', '/customerledgeritems');
    const li = items.Data[0] as Json;
    await ok('GET', '/customerledgeritems/{customerLedgerItemId}', `/customerledgeritems/${String(li.Id)}`);
    await ok(
      'POST',
      '/customerledgeritems',
      '/customerledgeritems',
      {
        CurrencyCode: 'SEK',
        CustomerId: customer.Id,
        InvoiceNumber: 77001,
        IsCreditInvoice: false,
        RemainingAmountInvoiceCurrency: 100,
        TotalAmountInvoiceCurrency: 100,
        VoucherId: li.VoucherId,
      },
      201,
    );
  });

  it('refuses what the document calls invalid with its own error body and status', async () => {
    const terms = ((await env.call('GET', '/termsofpayments')).json as Json).Data[0] as Json;
    // missing required fields
    const e1 = await fails('POST', '/customers', { InvoiceCity: 'Umeå' }, 400, 2000);
    expect((e1.Errors as Json[]).map((e) => e.Field)).toEqual(
      expect.arrayContaining([
        'Name',
        'InvoicePostalCode',
        'IsActive',
        'IsPrivatePerson',
        'TermsOfPaymentId',
      ]),
    );
    // wrong types and lengths
    const e2 = await fails(
      'POST',
      '/customers',
      {
        Name: 'x'.repeat(51),
        InvoiceCity: 'Umeå',
        InvoicePostalCode: '90325',
        IsActive: 'yes',
        IsPrivatePerson: false,
        TermsOfPaymentId: 'not-a-guid',
      },
      400,
      2000,
    );
    expect((e2.Errors as Json[]).map((e) => e.Field).sort()).toEqual([
      'IsActive',
      'Name',
      'TermsOfPaymentId',
    ]);
    await fails(
      'POST',
      '/customerinvoices',
      { CustomerId: terms.Id, EuThirdParty: false, RotReducedInvoicingType: 5, Rows: [] },
      400,
      2000,
    );
    await fails('POST', '/customerinvoicedrafts', { EuThirdParty: false }, 400, 2000);
    // bad JSON
    await fails('POST', '/customers', '{"Name":', 400, 2000);
    // bad filter syntax, unknown property, bad date literal, bad modifiedSinceUtc, bad paging
    await fails('GET', '/customers?$filter=Name eq', undefined, 400, 6000);
    await fails('GET', "/customers?$filter=Nmae eq 'x'", undefined, 400, 6000);
    await fails('GET', '/customers?$filter=ChangedUtc gt 2026-13-45T00:00:00Z', undefined, 400, 6001);
    await fails('GET', '/customers?$orderby=Name sideways', undefined, 400, 6000);
    await fails('GET', '/customerinvoices?modifiedSinceUtc=yesterday', undefined, 400, 6001);
    await fails('GET', '/customers?$page=0', undefined, 400, 6000);
    // unknown ids
    await fails('GET', '/customers/00000000-0000-4000-8000-000000000000', undefined, 404, 3000);
    await fails('GET', '/accounts/00000000-0000-4000-8000-000000000000', undefined, 404, 3001);
  });
});
