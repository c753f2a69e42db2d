import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WS_PATH } from '../electron/host/web/web-host';
import { createContractClient, type ContractClient } from '../renderer/bridge/contract-client';
import { WebSocketTransport } from '../renderer/bridge/websocket-transport';
import { startBrowserHost, type BrowserHost } from './support/browser-host';
import { launchChromium } from './support/chromium';

// The renderer's own transport runs here over a real socket, to ask the host what the UI cannot show (Node 20
// has no global WebSocket).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const resultsDir = resolve('test-results');
const template = 'Visma eAccounting → Xero: invoices';
const contactsTemplate = 'Visma eAccounting → Xero: customers as contacts';
const demoCompany = 'Ledgerflow Demo AB (sandbox)';

type Json = Record<string, unknown>;

/** The sandbox the host started, read through its own HTTP APIs with tokens from its admin endpoint. */
class SandboxReader {
  private constructor(
    private readonly base: string,
    private readonly status: Json,
  ) {}

  static async open(apiUrl: string): Promise<SandboxReader> {
    const base = new URL(apiUrl).origin;
    const status = (await (await fetch(`${base}/__sandbox`)).json()) as Json;
    return new SandboxReader(base, status);
  }

  private api(name: string): Json {
    return (this.status.apis as Record<string, Json>)[name]!;
  }

  private async token(api: string): Promise<string> {
    const answer = await fetch(`${this.base}/__sandbox/apis/${api}/issue-token`, {
      method: 'POST',
      body: '{}',
    });
    return ((await answer.json()) as { access_token: string }).access_token;
  }

  /** Every customer invoice of the eAccounting company (credit invoices left out), raw. */
  async eaccountingInvoices(): Promise<Json[]> {
    const api = this.api('visma-eaccounting');
    const root = String(api.apiBaseUrl);
    const token = await this.token('visma-eaccounting');
    const out: Json[] = [];
    for (let page = 1; ; page++) {
      const answer = (await (
        await fetch(`${root}/customerinvoices?$page=${page}&$pagesize=500`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).json()) as { Data: Json[]; Meta: { TotalNumberOfPages: number } };
      out.push(...answer.Data.filter((i) => i.IsCreditInvoice !== true));
      if (page >= answer.Meta.TotalNumberOfPages) return out;
    }
  }

  /** Renames an eAccounting customer (a change at the source after a plan was reviewed). */
  async renameCustomer(id: string, name: string): Promise<void> {
    const root = String(this.api('visma-eaccounting').apiBaseUrl);
    const headers = {
      Authorization: `Bearer ${await this.token('visma-eaccounting')}`,
      'Content-Type': 'application/json',
    };
    const customer = (await (await fetch(`${root}/customers/${id}`, { headers })).json()) as Json;
    const answer = await fetch(`${root}/customers/${id}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ ...customer, Name: name }),
    });
    expect(answer.status).toBe(200);
  }

  /** A Xero list (`Invoices`, `Contacts`) of the demo organisation, every page. */
  async xero(list: 'Invoices' | 'Contacts', query = ''): Promise<Json[]> {
    const api = this.api('xero');
    const tenant = (api.tenants as Json[]).find((t) => String(t.name).includes('Demo'))!;
    const root = String(api.apiBaseUrl);
    const token = await this.token('xero');
    const out: Json[] = [];
    for (let page = 1; ; page++) {
      const answer = (await (
        await fetch(`${root}/${list}?page=${page}&pageSize=1000${query}`, {
          headers: {
            Authorization: `Bearer ${token}`,
            'xero-tenant-id': String(tenant.tenantId),
            Accept: 'application/json',
          },
        })
      ).json()) as Json;
      const items = (answer[list] as Json[] | undefined) ?? [];
      out.push(...items);
      if (items.length < 1000) return out;
    }
  }
}

/**
 * What the invoices example should plan, worked out from the sandbox's own data (docs/sandbox.md, Overlaps): every
 * eAccounting invoice is a record; a sent or paid one with a total, whose customer Xero knows by name and whose
 * number (as INV-nnnn) Xero does not have yet, is new.
 */
async function expectedPlan(sandbox: SandboxReader): Promise<{ records: number; create: string[] }> {
  const [invoices, xeroInvoices, contacts] = await Promise.all([
    sandbox.eaccountingInvoices(),
    sandbox.xero('Invoices'),
    sandbox.xero('Contacts', '&includeArchived=true'),
  ]);
  const numbers = new Set(xeroInvoices.map((i) => String(i.InvoiceNumber)));
  const names = new Set(contacts.map((c) => String(c.Name).toLowerCase()));
  const create = invoices
    .filter((i) => {
      const total = Number(i.TotalAmountInvoiceCurrency);
      const settled = Number(i.RemainingAmountInvoiceCurrency) === 0;
      const isVoided = settled && Array.isArray(i.CreditedBy) && i.CreditedBy.length > 0 && !i.PaymentDate;
      const customer = String(i.CustomerName ?? i.InvoiceCustomerName ?? '').toLowerCase();
      return !isVoided && total > 0 && names.has(customer);
    })
    .map((i) => `INV-${String(i.InvoiceNumber).padStart(4, '0')}`)
    .filter((number) => !numbers.has(number));
  return { records: invoices.length, create: create.sort() };
}

/** Opens a template from the start screen, binds its Xero company, runs it in shadow mode and opens its plan. */
async function openTemplateAndRunShadow(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Use this flow: ${name}` }).click();
  // Two Xero organisations are connected: the flow's Xero company is chosen by hand.
  const bindings = page.getByTestId('flow-bindings-dialog');
  if (!(await bindings.isVisible())) await page.getByTestId('flow-bindings-button').click();
  await bindings
    .locator('[data-testid=binding-row][data-ref=dst] select')
    .selectOption({ label: demoCompany });
  await bindings.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Run in shadow mode' }).click();
  await page.getByRole('tab', { name: 'Plan' }).click();
  await expect
    .poll(() => page.getByTestId('plan-review').getByTestId('plan-run-note').textContent(), {
      timeout: 90_000,
    })
    .toMatch(/nothing has been written/);
}

describe('reviewing a shadow plan and applying it (browser host)', () => {
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let client: ContractClient;
  let transport: WebSocketTransport;
  let sandbox: SandboxReader;
  let shadowRunId: string;
  let recordCount: number;

  beforeAll(async () => {
    [host, browser] = await Promise.all([startBrowserHost(), launchChromium()]);
    await mkdir(resultsDir, { recursive: true });
    context = await browser.newContext({
      viewport: { width: 1600, height: 1000 },
      colorScheme: 'light',
      acceptDownloads: true,
      locale: 'en-GB',
    });
    // A tall runs dock, so the plan has room (the dock keeps the height the user dragged it to).
    await context.addInitScript(() => localStorage.setItem('ledgerflow.runsDock.height', '640'));
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    const { port } = new URL(host.url);
    const token = decodeURIComponent(host.url.split('#token=')[1] ?? '');
    transport = new WebSocketTransport(`ws://127.0.0.1:${port}${WS_PATH}?token=${encodeURIComponent(token)}`);
    client = createContractClient(transport);
  });

  afterAll(async () => {
    transport?.close();
    await browser?.close();
    await host?.stop();
  });

  it('runs the invoices example in shadow mode and sums up its plan as the sandbox data says', async () => {
    await page.goto(host.url);
    await page.getByTestId('start-connect-sandbox').click();
    // Each company appears as its sign-in completes: wait for the two this flow uses.
    await expect
      .poll(
        async () => {
          const { connections } = await client.call('connections.list', {});
          return connections
            .filter((c) => c.status === 'connected')
            .map((c) => `${c.system}:${c.label}`)
            .sort();
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toEqual(expect.arrayContaining([`xero:${demoCompany}`, expect.stringMatching(/^visma-eaccounting:/)]));
    await openTemplateAndRunShadow(page, template);
    const review = page.getByTestId('plan-review');
    // With the tall runs dock open the canvas is short: the overview map steps aside rather than cover nodes.
    await expect.poll(() => page.getByTestId('canvas-minimap').count()).toBe(0);

    const { connections } = await client.call('connections.list', {});
    sandbox = await SandboxReader.open(connections.find((c) => c.system === 'xero')!.apiUrl);
    const expected = await expectedPlan(sandbox);
    recordCount = expected.records;
    const destination = review.getByTestId('plan-summary-destination');
    await expect.poll(() => destination.count()).toBe(1);
    const count = async (action: string) =>
      Number(await destination.getByTestId(`plan-count-${action}`).getAttribute('data-count'));
    const counts = {
      create: await count('create'),
      update: await count('update'),
      unchanged: await count('unchanged'),
      skip: await count('skip'),
      invalid: await count('invalid'),
    };
    expect(counts.create + counts.update + counts.unchanged + counts.skip + counts.invalid).toBe(
      expected.records,
    );
    expect(counts.create).toBe(expected.create.length);
    expect(counts.create).toBeGreaterThan(1);

    // The table's new records are exactly the invoices Xero does not have yet.
    const runs = (await client.call('runs.list', { limit: 5 })).runs;
    shadowRunId = runs.find((r) => r.mode === 'shadow')!.id;
    const planned = await client.call('runs.planItems', {
      runId: shadowRunId,
      actions: ['create'],
      pageSize: 1000,
      withDetail: false,
    });
    expect(planned.items.map((i) => i.label).sort()).toEqual(expected.create);

    // Money: the SEK total of the new invoices is what their lines add up to.
    const money = destination.getByTestId('plan-money-create');
    await expect.poll(() => money.isVisible()).toBe(true);
    const sek = planned.items.filter((i) => i.money?.currency === 'SEK');
    const sekTotal = sek.reduce((cents, i) => cents + Math.round(Number(i.money!.gross) * 100), 0);
    const totalRow = money.locator('[data-testid=plan-money-total][data-currency=SEK]');
    expect((await totalRow.textContent())?.replace(/\s/g, '')).toContain(
      (sekTotal / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 }).replace(/\s/g, ''),
    );
    await expect
      .poll(() => review.getByTestId('plan-table').getAttribute('data-total'), { timeout: 10_000 })
      .toBe(String(expected.records));
    await page.screenshot({ path: join(resultsDir, 'plan-review.png') });
  });

  it('opens a record side by side with its lines and money, and finds records by number', async () => {
    const review = page.getByTestId('plan-review');
    await review.getByTestId('plan-filter-create').click();
    const row = review.getByTestId('plan-row').first();
    await row.waitFor();
    const title = (await row.locator('.plan-record-title').textContent())!;
    await row.click();
    const detail = review.getByTestId('plan-detail');
    await expect.poll(() => detail.locator('h3').textContent()).toBe(title);
    await detail.getByTestId('record-lines').waitFor();
    expect(await detail.getByTestId('record-lines').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await detail.getByTestId('plan-detail-money').textContent()).toMatch(/would book/);
    expect(await detail.getByTestId('record-fields').textContent()).toContain(title);
    await page.screenshot({ path: join(resultsDir, 'plan-review-record.png') });

    // Search: the number finds the record.
    await review.getByTestId('plan-filter-all').click();
    await review.getByRole('searchbox', { name: 'Search records' }).fill(title);
    await expect.poll(() => review.getByTestId('plan-table').getAttribute('data-total')).toBe('1');
    await review.getByRole('searchbox', { name: 'Search records' }).fill('');
  });

  it('exports the plan as CSV, one row per record', async () => {
    const review = page.getByTestId('plan-review');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      review.getByTestId('plan-export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/plan-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    // (trim() would take the byte-order mark along: it counts as white space)
    const lines = text.replace(/\r\n$/, '').split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFFDestination,Entity,Record,/);
    expect(lines.length).toBe(recordCount + 1);
    expect(lines.some((l) => /,Create,/.test(l) && /,SEK,\d+\.\d{2},\d+\.\d{2},\d+\.\d{2},/.test(l))).toBe(
      true,
    );
  });

  it('reads in the dark theme too', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(resultsDir, 'plan-review-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('leaves one record out, applies the plan, and Xero holds exactly the rest', async () => {
    const review = page.getByTestId('plan-review');
    await review.getByTestId('plan-detail').getByRole('button', { name: 'Close the record' }).click();
    await review.getByTestId('plan-filter-create').click();
    const rows = review.getByTestId('plan-row');
    await rows.first().waitFor();
    const leftOut = (await rows.first().locator('.plan-record-title').textContent())!;
    const planned = (
      await client.call('runs.planItems', { runId: shadowRunId, actions: ['create'], pageSize: 1000 })
    ).items.map((i) => i.label!);
    await rows
      .first()
      .getByRole('checkbox', { name: `Include ${leftOut} when applying` })
      .uncheck();
    await expect.poll(() => review.getByTestId('plan-exclusions').textContent()).toMatch(/1 left out/);

    await review.getByTestId('plan-apply').click();
    const dialog = page.getByTestId('apply-plan-dialog');
    const n = planned.length - 1;
    await expect
      .poll(() => dialog.textContent())
      .toContain(`Write ${n} new invoice${n === 1 ? '' : 's'} to Xero ${demoCompany}?`);
    expect(await dialog.getByTestId('apply-money').textContent()).toMatch(
      /^SEK [\d,]+\.\d{2} in total, of which tax/,
    );
    await page.screenshot({ path: join(resultsDir, 'plan-review-apply.png') });
    await dialog.getByRole('button', { name: `Write ${n} record${n === 1 ? '' : 's'}` }).click();

    // The dock follows the apply run; it ends when every reviewed record is written.
    await expect
      .poll(
        async () => {
          const { runs } = await client.call('runs.list', { limit: 5 });
          return runs.find((r) => r.kind === 'apply')?.status;
        },
        { timeout: 120_000, interval: 1_000 },
      )
      .toBe('succeeded');
    const inXero = new Set((await sandbox.xero('Invoices')).map((i) => String(i.InvoiceNumber)));
    for (const number of planned.filter((p) => p !== leftOut)) expect(inXero.has(number)).toBe(true);
    expect(inXero.has(leftOut)).toBe(false);

    // The applied run's own plan: the reviewed records written, the left-out one skipped with its reason.
    const applyRun = (await client.call('runs.list', { limit: 5 })).runs.find((r) => r.kind === 'apply')!;
    const applied = (
      await client.call('runs.planItems', { runId: applyRun.id, pageSize: 1000, withDetail: false })
    ).items;
    const written = applied.filter((i) => i.action === 'create');
    expect(written.map((i) => i.label).sort()).toEqual(planned.filter((p) => p !== leftOut).sort());
    expect(written.every((i) => i.status === 'done')).toBe(true);
    expect(applied.find((i) => i.label === leftOut)).toMatchObject({
      action: 'skip',
      reason: expect.any(String),
    });

    await page.getByRole('tab', { name: 'Plan' }).click();
    await expect
      .poll(() => review.getByTestId('plan-run-note').textContent())
      .toMatch(/The applied plan: \d+ written/);
    await review.getByTestId('plan-summary').waitFor();
    await review.getByTestId('plan-filter-create').click();
    await expect.poll(() => review.getByTestId('plan-row').count()).toBe(written.length);
    expect(await review.getByTestId('plan-row').first().locator('.plan-cell-status').textContent()).toBe(
      'Written',
    );
    // The destination node shows the applied run's counts, the invalid records apart from the skipped ones.
    const counted = (action: string) => applied.filter((i) => i.action === action).length;
    const nodeCounts = page
      .locator('.react-flow__node')
      .filter({ hasText: 'DESTINATION' })
      .getByTestId('node-run-counts');
    await expect.poll(() => nodeCounts.textContent()).toContain(`${written.length} written`);
    const text = (await nodeCounts.textContent()) ?? '';
    expect(text).toContain(`${counted('skip').toLocaleString('en-GB')} skipped`);
    if (counted('invalid') > 0)
      expect(text).toContain(`${counted('invalid').toLocaleString('en-GB')} invalid`);
    await page.screenshot({ path: join(resultsDir, 'plan-review-applied.png') });
  });

  it('asks again before writing a record that changed after the review, and writes it once confirmed', async () => {
    await page.goto(host.url);
    await openTemplateAndRunShadow(page, contactsTemplate);
    const review = page.getByTestId('plan-review');
    const shadow = (await client.call('runs.list', { limit: 20 })).runs.find(
      (r) => r.mode === 'shadow' && r.flowName.includes('customers as contacts'),
    )!;
    const creates = (
      await client.call('runs.planItems', { runId: shadow.id, actions: ['create'], pageSize: 100 })
    ).items;
    expect(creates.length).toBeGreaterThan(0);
    const changed = creates[0]!;
    const newName = `${changed.label} (renamed after the review)`;
    await sandbox.renameCustomer(changed.recordKey, newName);

    await review.getByTestId('plan-summary').waitFor();
    await review.getByTestId('plan-apply').click();
    await page
      .getByTestId('apply-plan-dialog')
      .getByRole('button', { name: /^Write \d+ records?$/ })
      .click();
    const applyRun = async () =>
      (await client.call('runs.list', { limit: 20 })).runs.find(
        (r) => r.kind === 'apply' && r.planOf === shadow.id,
      );
    await expect
      .poll(async () => (await applyRun())?.status, { timeout: 60_000 })
      .toBe('awaiting-confirmation');

    await page.getByRole('tab', { name: 'Plan' }).click();
    const held = review.getByTestId('held-review');
    await held.waitFor();
    await expect.poll(() => held.getByTestId('held-record').count()).toBe(1);
    expect(await held.getByTestId('held-record').textContent()).toContain(newName);
    await page.screenshot({ path: join(resultsDir, 'plan-review-held.png') });
    await held.getByRole('button', { name: 'Confirm 1 and continue' }).click();

    await expect.poll(async () => (await applyRun())?.status, { timeout: 60_000 }).toBe('succeeded');
    const names = new Set((await sandbox.xero('Contacts')).map((c) => String(c.Name)));
    expect(names.has(newName)).toBe(true);
  });
});
