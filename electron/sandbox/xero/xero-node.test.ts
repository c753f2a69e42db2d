import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountingApi,
  CreditNote,
  Invoice,
  LineAmountTypes,
  XeroClient,
  type Allocations,
  type Contacts,
  type CreditNotes,
  type Invoices,
  type Items,
  type Payment,
  type Payments,
} from 'xero-node';
import { startSandbox, type RunningSandbox } from '../sandbox-server';

/**
 * The connector's view: xero-node 20's AccountingApi pointed at the simulator (basePath only), reading and
 * writing every entity over real HTTP. Failed calls reject with a JSON string (xero-notes.md §3.4).
 */
let sb: RunningSandbox;
let api: AccountingApi;
let tenant: string;

beforeAll(async () => {
  sb = await startSandbox({ host: '127.0.0.1', port: 0, seed: 21, limits: { xero: { enabled: false } } });
  const token = sb.admin.xero.issueToken();
  tenant = token.tenants[0]!.tenantId;
  api = new AccountingApi(sb.apis.xero.apiBaseUrl);
  api.accessToken = token.access_token;
});
afterAll(async () => {
  await sb.close();
});

const rejection = async (
  p: Promise<unknown>,
): Promise<{ response: { statusCode: number; headers: Record<string, string> }; body: unknown }> => {
  try {
    await p;
  } catch (e) {
    return typeof e === 'string' ? JSON.parse(e) : (e as never);
  }
  throw new Error('expected a rejection');
};

describe('xero-node AccountingApi against the simulator', () => {
  it('reads the organisation, accounts, tax rates, currencies and tracking categories', async () => {
    const org = await api.getOrganisations(tenant);
    expect(org.body.organisations?.[0]?.organisationID).toBe(tenant);
    expect(org.response.headers['x-minlimit-remaining']).toBeDefined();
    const accounts = await api.getAccounts(tenant, undefined, 'Type=="BANK"');
    expect(accounts.body.accounts?.length).toBeGreaterThan(0);
    expect(accounts.body.accounts?.every((a) => String(a.type) === 'BANK')).toBe(true);
    const rates = await api.getTaxRates(tenant);
    expect(rates.body.taxRates?.find((t) => t.taxType === 'OUTPUT')?.effectiveRate).toBe(25);
    const one = await api.getTaxRateByTaxType(tenant, 'ZERORATEDOUTPUT');
    expect(one.body.taxRates?.[0]?.effectiveRate).toBe(0);
    expect((await api.getCurrencies(tenant)).body.currencies?.map((c) => String(c.code))).toContain('EUR');
    expect((await api.getTrackingCategories(tenant)).body.trackingCategories?.length).toBe(2);
  });

  it('creates, updates and reads contacts (by id, by number, paged list with IDs)', async () => {
    const contacts: Contacts = {
      contacts: [
        {
          name: `Node Contact ${Date.now()}`,
          contactNumber: `NC-${Date.now()}`,
          emailAddress: 'node@example.test',
        },
      ],
    };
    const created = await api.createContacts(tenant, contacts, false);
    const c = created.body.contacts![0]!;
    expect(c.hasValidationErrors).toBe(false);
    await api.updateContact(tenant, c.contactID!, { contacts: [{ firstName: 'Grace' }] });
    const byId = await api.getContact(tenant, c.contactID!);
    expect(byId.body.contacts?.[0]?.firstName).toBe('Grace');
    const byNumber = await api.getContactByContactNumber(tenant, c.contactNumber!);
    expect(byNumber.body.contacts?.[0]?.contactID).toBe(c.contactID);
    const list = await api.getContacts(
      tenant,
      undefined,
      undefined,
      undefined,
      [c.contactID!],
      1,
      undefined,
      undefined,
      undefined,
      100,
    );
    expect(list.body.contacts?.map((x) => x.contactID)).toEqual([c.contactID]);
    expect(list.body.pagination?.itemCount).toBe(1);
    const upsert = await api.updateOrCreateContacts(tenant, {
      contacts: [{ contactNumber: c.contactNumber, lastName: 'Hopper' }],
    });
    expect(upsert.body.contacts?.[0]?.contactID).toBe(c.contactID);
  });

  it('creates, updates, reads and deletes items', async () => {
    const code = `NODE-${Date.now() % 1e8}`;
    const items: Items = {
      items: [
        { code, name: 'Node item', salesDetails: { unitPrice: 19.9, accountCode: '200', taxType: 'OUTPUT' } },
      ],
    };
    const created = await api.createItems(tenant, items);
    const id = created.body.items![0]!.itemID!;
    await api.updateItem(tenant, id, { items: [{ code, description: 'updated' }] });
    expect((await api.getItem(tenant, id)).body.items?.[0]?.description).toBe('updated');
    expect(
      (await api.updateOrCreateItems(tenant, { items: [{ code, name: 'Renamed' }] })).body.items?.[0]?.itemID,
    ).toBe(id);
    expect((await api.getItems(tenant, undefined, `Code=="${code}"`)).body.items).toHaveLength(1);
    const del = await api.deleteItem(tenant, id);
    expect(del.response.status).toBe(204);
    expect((await rejection(api.getItem(tenant, id))).response.statusCode).toBe(404);
  });

  it('creates, updates and reads invoices; paying them through createPayments/createPayment; deletes a payment', async () => {
    const invoices: Invoices = {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { name: `Node Customer ${Date.now()}` },
          date: '2026-10-01',
          dueDate: '2026-10-31',
          lineAmountTypes: LineAmountTypes.Exclusive,
          status: Invoice.StatusEnum.AUTHORISED,
          lineItems: [
            {
              description: 'Consulting',
              quantity: 4,
              unitAmount: 99.95,
              accountCode: '200',
              taxType: 'OUTPUT',
            },
          ],
        },
      ],
    };
    const created = await api.createInvoices(tenant, invoices, false, undefined, `node-${Date.now()}`);
    const inv = created.body.invoices![0]!;
    expect(inv.hasErrors).toBe(false);
    expect([inv.subTotal, inv.totalTax, inv.total]).toEqual([399.8, 99.95, 499.75]);
    // xero-node turns /Date(…)/ strings into Date objects at runtime (xero-notes.md §3.3, #746)
    expect((inv.date as unknown as Date).toISOString().slice(0, 10)).toBe('2026-10-01');
    await api.updateInvoice(tenant, inv.invoiceID!, { invoices: [{ reference: 'via node' }] });
    const got = await api.getInvoice(tenant, inv.invoiceID!);
    expect(got.body.invoices?.[0]?.reference).toBe('via node');
    const listed = await api.getInvoices(
      tenant,
      undefined,
      undefined,
      undefined,
      [inv.invoiceID!],
      undefined,
      undefined,
      ['AUTHORISED'],
      1,
    );
    expect(listed.body.invoices?.[0]?.lineItems?.[0]?.unitAmount).toBe(99.95);
    const payments: Payments = {
      payments: [
        { invoice: { invoiceID: inv.invoiceID! }, account: { code: '090' }, date: '2026-10-05', amount: 100 },
      ],
    };
    const batch = await api.createPayments(tenant, payments, false);
    expect(batch.body.payments?.[0]?.hasValidationErrors).toBe(false);
    const payment: Payment = {
      invoice: { invoiceID: inv.invoiceID! },
      account: { code: '090' },
      date: '2026-10-06',
      amount: 399.75,
    };
    const single = await api.createPayment(tenant, payment);
    const paid = await api.getInvoice(tenant, inv.invoiceID!);
    expect(String(paid.body.invoices?.[0]?.status)).toBe('PAID');
    const pid = single.body.payments![0]!.paymentID!;
    expect((await api.getPayment(tenant, pid)).body.payments?.[0]?.amount).toBe(399.75);
    await api.deletePayment(tenant, pid, { status: 'DELETED' });
    const after = await api.getInvoice(tenant, inv.invoiceID!);
    expect([String(after.body.invoices?.[0]?.status), after.body.invoices?.[0]?.amountDue]).toEqual([
      'AUTHORISED',
      399.75,
    ]);
    const page = await api.getPayments(
      tenant,
      undefined,
      `Invoice.InvoiceID==Guid("${inv.invoiceID!}")`,
      undefined,
      1,
      10,
    );
    expect(page.body.payments).toHaveLength(2);
    const upserted = await api.updateOrCreateInvoices(tenant, {
      invoices: [{ invoiceNumber: inv.invoiceNumber, reference: 'upserted' }],
    });
    expect(upserted.body.invoices?.[0]?.invoiceID).toBe(inv.invoiceID);
  });

  it('creates credit notes, allocates them and deletes the allocation', async () => {
    const contact = (
      await api.getContacts(
        tenant,
        undefined,
        undefined,
        undefined,
        undefined,
        1,
        undefined,
        undefined,
        undefined,
        1,
      )
    ).body.contacts![0]!;
    const inv = (
      await api.createInvoices(tenant, {
        invoices: [
          {
            type: Invoice.TypeEnum.ACCPAY,
            contact: { contactID: contact.contactID! },
            invoiceNumber: `B-${Date.now()}`,
            date: '2026-10-01',
            status: Invoice.StatusEnum.AUTHORISED,
            lineItems: [
              { description: 'Bill', quantity: 1, unitAmount: 80, accountCode: '300', taxType: 'INPUT' },
            ],
          },
        ],
      })
    ).body.invoices![0]!;
    const notes: CreditNotes = {
      creditNotes: [
        {
          type: CreditNote.TypeEnum.ACCPAYCREDIT,
          contact: { contactID: contact.contactID! },
          date: '2026-10-02',
          status: CreditNote.StatusEnum.AUTHORISED,
          lineItems: [
            { description: 'Return', quantity: 1, unitAmount: 20, accountCode: '300', taxType: 'INPUT' },
          ],
        },
      ],
    };
    const cn = (await api.createCreditNotes(tenant, notes)).body.creditNotes![0]!;
    expect(cn.total).toBe(25);
    const allocations: Allocations = {
      allocations: [{ invoice: { invoiceID: inv.invoiceID! }, amount: 25, date: '2026-10-03' }],
    };
    const alloc = await api.createCreditNoteAllocation(tenant, cn.creditNoteID!, allocations);
    const allocationID = alloc.body.allocations![0]!.allocationID!;
    expect((await api.getInvoice(tenant, inv.invoiceID!)).body.invoices?.[0]?.amountDue).toBe(75);
    expect(String((await api.getCreditNote(tenant, cn.creditNoteID!)).body.creditNotes?.[0]?.status)).toBe(
      'PAID',
    );
    await api.deleteCreditNoteAllocations(tenant, cn.creditNoteID!, allocationID);
    expect((await api.getInvoice(tenant, inv.invoiceID!)).body.invoices?.[0]?.amountDue).toBe(100);
    await api.updateCreditNote(tenant, cn.creditNoteID!, { creditNotes: [{ reference: 'cn via node' }] });
    const list = await api.getCreditNotes(
      tenant,
      undefined,
      `CreditNoteID==Guid("${cn.creditNoteID!}")`,
      undefined,
      1,
    );
    expect(list.body.creditNotes?.[0]?.reference).toBe('cn via node');
    expect(
      (
        await api.updateOrCreateCreditNotes(tenant, {
          creditNotes: [{ creditNoteID: cn.creditNoteID!, reference: 'x' }],
        })
      ).body.creditNotes,
    ).toHaveLength(1);
  });

  it('surfaces validation errors as a rejected JSON string with the ApiException body', async () => {
    const err = await rejection(
      api.createInvoices(tenant, { invoices: [{ type: Invoice.TypeEnum.ACCREC, lineItems: [] }] }),
    );
    expect(err.response.statusCode).toBe(400);
    expect(err.body).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException' });
  });

  it('works through XeroClient.setTokenSet + accountingApi.basePath as well', async () => {
    const xero = new XeroClient();
    xero.setTokenSet({ access_token: sb.admin.xero.issueToken().access_token });
    xero.accountingApi.basePath = sb.apis.xero.apiBaseUrl;
    const org = await xero.accountingApi.getOrganisations(tenant);
    expect(org.body.organisations?.[0]?.name).toBe('Ledgerflow Demo AB');
  });
});
