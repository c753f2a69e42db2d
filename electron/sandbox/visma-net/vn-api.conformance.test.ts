import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VN_SPEC_PATH,
  VN_SPEC_SKIP_REASON,
  vnResponseValidator,
  vnSchemaErrors,
} from './vn-openapi.test-helper';
import { startVnEnv, type VnTestEnv } from './vn-test-client.test-helper';

if (!VN_SPEC_PATH) console.warn(`[skip] ${VN_SPEC_SKIP_REASON}`);

type Json = Record<string, any>;
let env: VnTestEnv;
let n = 0;
const uniq = (p: string) => `${p}${process.pid % 1000}${++n}`;
const v = (value: unknown) => ({ value });

beforeAll(async () => {
  env = await startVnEnv();
});
afterAll(async () => {
  await env.sb.close();
});

/** Calls an operation and checks the status and (for JSON answers) the response schema of spec D. */
async function ok(
  operationId: string,
  method: string,
  path: string,
  body?: unknown,
  status = 200,
  headers?: Record<string, string>,
) {
  const r = await env.call(method, path, body, headers);
  expect(r.status, `${method} ${path}: ${r.text.slice(0, 400)}`).toBe(status);
  if (status !== 204) {
    const errors = vnSchemaErrors(vnResponseValidator(operationId, String(status)), r.json);
    expect(errors, `${operationId} response does not match spec D`).toEqual([]);
  }
  return r;
}

/** Calls an operation that must fail with Visma.net's error body. */
async function fails(method: string, path: string, body: unknown, status = 400): Promise<Json> {
  const r = await env.call(method, path, body);
  expect(r.status, r.text).toBe(status);
  expect(r.json).toMatchObject({
    ExceptionType: 'IPPException',
    ExceptionMessage: expect.any(String),
    ExceptionFaultCode: expect.any(String),
    ExceptionMessageID: expect.stringMatching(/^\d+_[0-9a-f-]{36}$/),
    ExceptionDetails: '',
  });
  return r.json as Json;
}

const suiteName = VN_SPEC_PATH
  ? 'Visma.net responses validate against visma-net-erp-v1.openapi.json'
  : `skipped: ${VN_SPEC_SKIP_REASON}`;

describe.skipIf(!VN_SPEC_PATH)(suiteName, () => {
  it('customer: list, create (201 + Location), get by number and internal id, update (204)', async () => {
    const list = (await ok('Customer_GetAll', 'GET', '/v1/customer?pageSize=5')).json as Json[];
    expect(list).toHaveLength(5);
    const c = list[0] as Json;
    await ok('Customer_GetBycustomerCd', 'GET', `/v1/customer/${String(c.number)}`);
    await ok('Customer_GetByinternalID', 'GET', `/v1/customer/internal/${String(c.internalId)}`);
    const post = await ok(
      'Customer_Post',
      'POST',
      '/v1/customer',
      { name: v('Conformance AS'), creditTermsId: v('30') },
      201,
    );
    expect(post.headers.get('location')).toMatch(/\/visma-net\/api\/v1\/customer\/\d+$/);
    const number = String(post.headers.get('location')).split('/').pop() as string;
    await ok('Customer_PutBycustomerCd', 'PUT', `/v1/customer/${number}`, { note: v('updated') }, 204);
    await ok(
      'Customer_PutByinternalID',
      'PUT',
      `/v1/customer/internal/${String(c.internalId)}`,
      { name: v(c.name) },
      204,
    );
  });

  it('inventory: list, create, get by number and internal id, update, summary, warehouses', async () => {
    const list = (await ok('Inventory_GetAll', 'GET', '/v1/inventory?pageSize=3')).json as Json[];
    const item = list[0] as Json;
    await ok('Inventory_GetByinventoryNumber', 'GET', `/v1/inventory/${String(item.inventoryNumber)}`);
    await ok('Inventory_GetByinventoryId', 'GET', `/v1/inventory/internal/${String(item.inventoryId)}`);
    const no = uniq('BOLT-');
    await ok(
      'Inventory_Post',
      'POST',
      '/v1/inventory',
      { inventoryNumber: v(no), description: v('Bolt 10 mm'), defaultPrice: v(12.5) },
      201,
    );
    await ok(
      'Inventory_PutByinventoryNumber',
      'PUT',
      `/v1/inventory/${no}`,
      { description: v('Bolt 12 mm') },
      204,
    );
    await ok(
      'InventorySummary_GetAllInventorySummaryByinventoryNumber',
      'GET',
      `/v1/inventorysummary/${String(item.inventoryNumber)}`,
    );
    await ok('Warehouse_GetAll', 'GET', '/v1/warehouse');
  });

  it('salesorder v1: list, create, get (by number and by type), update, cancel', async () => {
    await ok('SalesOrder_GetAllOrders', 'GET', '/v1/salesorder?pageSize=10');
    const customer = (
      (await env.call('GET', '/v1/customer?pageSize=1&status=Active')).json as Json[]
    )[0] as Json;
    const item = (
      (await env.call('GET', '/v1/inventory?pageSize=1&inventoryTypes=FinishedGoodItem')).json as Json[]
    )[0] as Json;
    const post = await ok(
      'SalesOrder_Post',
      'POST',
      '/v1/salesorder',
      {
        orderType: v('SO'),
        customer: v(customer.number),
        customerRefNo: v('WEB-1'),
        lines: [
          {
            operation: 'Insert',
            inventoryNumber: v(item.inventoryNumber),
            quantity: v(2),
            unitPrice: v(100),
          },
        ],
      },
      201,
    );
    const no = String(post.headers.get('location')).split('/').pop() as string;
    await ok('SalesOrder_GetByorderNbr', 'GET', `/v1/salesorder/${no}`);
    await ok('SalesOrder_GetOrderByTypeByorderTypeorderNbr', 'GET', `/v1/salesorder/SO/${no}`);
    await ok('SalesOrder_PutByorderNbr', 'PUT', `/v1/salesorder/${no}`, { description: v('changed') }, 204);
    await ok(
      'SalesOrder_CancelSalesOrderBysaleOrderNumber',
      'POST',
      `/v1/salesorder/${no}/action/cancelSalesOrder`,
      { orderType: 'SO' },
    );
  });

  it('customerinvoice: list, create (v2 and deprecated v1), get, update, release, delete', async () => {
    await ok('CustomerInvoice_GetAll', 'GET', '/v1/customerinvoice?pageSize=20');
    const customer = (
      (await env.call('GET', '/v1/customer?pageSize=1&status=Active')).json as Json[]
    )[0] as Json;
    const body = {
      customerNumber: v(customer.number),
      invoiceText: v('Conformance'),
      invoiceLines: [
        {
          operation: 'Insert',
          description: v('Consulting'),
          quantity: v(2),
          unitPriceInCurrency: v(450),
          vatCodeId: v('MP1'),
        },
      ],
    };
    const p2 = await ok('CustomerInvoiceV2_Create', 'POST', '/v2/customerinvoice', body, 201);
    const p1 = await ok('CustomerInvoice_Create', 'POST', '/v1/customerinvoice', body, 201);
    const ref = String(p2.headers.get('location')).split('/').pop() as string;
    const ref1 = String(p1.headers.get('location')).split('/').pop() as string;
    await ok('CustomerInvoice_GetByinvoiceNumber', 'GET', `/v1/customerinvoice/${ref}`);
    await ok(
      'CustomerInvoice_UpdateByinvoiceNumber',
      'PUT',
      `/v1/customerinvoice/${ref}`,
      { invoiceText: v('Updated') },
      204,
    );
    await ok(
      'CustomerInvoice_ReleaseInvoiceByinvoiceNumber',
      'POST',
      `/v1/customerinvoice/${ref}/action/release`,
    );
    await ok(
      'CustomerInvoice_DeleteByinvoiceNumber',
      'DELETE',
      `/v1/customerinvoice/${ref1}`,
      undefined,
      204,
    );
  });

  it('vat and vatCategory: list and get (read-only lookups, no paging, no metadata)', async () => {
    const vats = (await ok('Vat_GetAllVats', 'GET', '/v1/vat')).json as Json[];
    expect(vats.length).toBeGreaterThan(5);
    await ok('Vat_GetVatByvatId', 'GET', `/v1/vat/${String(vats[0]!.vatId)}`);
    const categories = (await ok('VatCategory_GetAllVatCategories', 'GET', '/v1/vatCategory')).json as Json[];
    expect(categories.map((c) => c.vatCategoryId)).toContain('MP1');
    await ok('VatCategory_GetVatCategoryBytaxCategoryId', 'GET', '/v1/vatCategory/MP1');
  });

  it('account: list, create (201 + Location), get, update (204)', async () => {
    const list = (await ok('Account_GetAll', 'GET', '/v1/account?includeAccountClassDescription=true'))
      .json as Json[];
    await ok('Account_GetByaccountCd', 'GET', `/v1/account/${String(list[0]!.accountCD)}`);
    const cd = String(7000 + (process.pid % 1000) * 10 + ++n);
    const post = await ok(
      'Account_Post',
      'POST',
      '/v1/account',
      { accountCD: v(cd), description: v('Konformitetskonto'), type: v('Expense'), accountClass: v('KOST') },
      201,
    );
    expect(post.headers.get('location')).toMatch(new RegExp(`/visma-net/api/v1/account/${cd}$`));
    await ok('Account_PutByaccountCd', 'PUT', `/v1/account/${cd}`, { active: v(false) }, 204);
  });

  it('customerPayment: list, create (201 + Location), get, update (204), release, void', async () => {
    await ok('CustomerPayment_GetAllPayments', 'GET', '/v1/customerPayment?pageSize=20');
    const open = (
      (await env.call('GET', '/v1/customerinvoice?pageSize=50&status=Open&documentType=Invoice'))
        .json as Json[]
    ).find((i) => i.currencyId === 'SEK') as Json;
    const post = await ok(
      'CustomerPayment_CreatePayment',
      'POST',
      '/v1/customerPayment',
      {
        type: v('Payment'),
        customer: v(open.customer.number),
        paymentAmount: v(1),
        paymentLines: [
          {
            operation: 'Insert',
            documentType: v('Invoice'),
            refNbr: v(open.referenceNumber),
            amountPaid: v(1),
          },
        ],
      },
      201,
    );
    const ref = String(post.headers.get('location')).split('/').pop() as string;
    await ok('CustomerPayment_GetBypaymentNumber', 'GET', `/v1/customerPayment/${ref}`);
    await ok(
      'CustomerPayment_PutBypaymentNumber',
      'PUT',
      `/v1/customerPayment/${ref}`,
      { invoiceText: v('Konformitet') },
      204,
    );
    const released = await ok(
      'CustomerPayment_ReleasePaymentBypaymentNumber',
      'POST',
      `/v1/customerPayment/${ref}/action/release`,
      { type: v('Payment') },
    );
    expect(released.json).toMatchObject({ actionResult: 'Done' });
    const voided = await ok(
      'CustomerPayment_VoidPaymentBypaymentNumber',
      'POST',
      `/v1/customerPayment/${ref}/action/void`,
      { type: 'Payment', returnVoidPayment: true },
    );
    expect(voided.json).toMatchObject({ actionResult: 'Done', voidPayment: { type: 'VoidPayment' } });
    // invoices list the payments applied to them (ArAdjustDto)
    const paid = await ok('CustomerInvoice_GetByinvoiceNumber', 'GET', '/v1/customerinvoice/000001');
    expect((paid.json as Json).applications).toContainEqual(expect.objectContaining({ docType: 'Payment' }));
    await ok(
      'CustomerInvoice_GetByinvoiceNumber',
      'GET',
      `/v1/customerinvoice/${String(open.referenceNumber)}`,
    );
  });

  it('erp-api-background: 202 with {id, stateLocation}, then the state and the content', async () => {
    const r = await ok('Customer_GetAll', 'GET', '/v1/customer?pageSize=2', undefined, 202, {
      'erp-api-background': 'none',
    });
    const id = String((r.json as Json).id);
    const state = await ok('Background_GetBackgroundApiOperationByrequestId', 'GET', `/v1/background/${id}`);
    expect(state.json).toMatchObject({ id, status: 'Finished', statusCode: 200, hasResponseContent: true });
    const content = await env.call('GET', `/v1/background/${id}/content`);
    expect((content.json as Json[]).length).toBe(2);
  });

  it('refuses invalid requests with its error body', async () => {
    await fails('POST', '/v1/customer', { name: 'Not wrapped AS' });
    await fails('POST', '/v1/customer', { name: v(42) });
    await fails('POST', '/v1/customer', { name: v('X'), status: v('Sleeping') });
    await fails('POST', '/v1/customer', { creditTermsId: v('30') });
    await fails('POST', '/v1/salesorder', { customer: v('10001') });
    await fails('POST', '/v1/salesorder', {
      orderType: v('SO'),
      customer: v('10001'),
      lines: [{ operation: 'Insert', quantity: v(1) }],
    });
    await fails('POST', '/v2/customerinvoice', {
      customerNumber: v('10001'),
      invoiceLines: [{ operation: 'Upsert' }],
    });
    await fails('POST', '/v1/inventory', { description: v('no number') });
    await fails('POST', '/v1/customer', '{"name":');
    await fails('GET', '/v1/customer?lastModifiedDateTime=2026-01-01', undefined);
    await fails(
      'GET',
      '/v1/customer?lastModifiedDateTime=2026-01-01&lastModifiedDateTimeCondition=%3D%3D',
      undefined,
    );
    await fails(
      'GET',
      '/v1/customer?lastModifiedDateTime=01.01.2026&lastModifiedDateTimeCondition=%3E',
      undefined,
    );
    await fails('GET', '/v1/customer?status=Sleeping', undefined);
    await fails('GET', '/v1/customer?pageNumber=0', undefined);
    await fails('GET', '/v1/customer/nobody', undefined, 404);
    await fails('GET', '/v1/customerinvoice/999999', undefined, 404);
    await fails('POST', '/v1/account', { description: v('no number'), type: v('Asset') });
    await fails('POST', '/v1/account', { accountCD: v('7999'), type: v('Equity') });
    await fails('GET', '/v1/account?active=maybe', undefined);
    await fails('GET', '/v1/account/0000', undefined, 404);
    await fails('GET', '/v1/vatCategory/NOPE', undefined, 404);
    await fails('POST', '/v1/customerPayment', { paymentAmount: v(10) });
    await fails('POST', '/v1/customerPayment', {
      customer: v('10001'),
      paymentLines: [{ operation: 'Insert', refNbr: v('999999'), amountPaid: v(10) }],
    });
    await fails('GET', '/v1/customerPayment?paymentType=Cheque', undefined);
    await fails('GET', '/v1/customerPayment/1', undefined, 404);
  });
});
