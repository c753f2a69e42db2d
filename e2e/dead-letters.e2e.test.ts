import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { CallOutput } from '../shared/contract/contract-registry';
import type { CallResult, Transport } from '../shared/contract/transport';
import type { Flow } from '../shared/flow/flow.schema';
import { createContractClient, type ContractClient } from '../renderer/bridge/contract-client';
import { loadFlowExamples } from '../test-support/flow-examples';
import { SqliteStateStore } from '../electron/engine/state/sqlite-state-store';
import { emptyCounts } from '../electron/engine/state/state-store';
import { startBrowserHost, type BrowserHost } from './support/browser-host';
import { launchChromium } from './support/chromium';

const resultsDir = resolve('test-results');
const contactsExample = loadFlowExamples().find((e) => e.file.includes('xero-contacts'))!;
/** The eAccounting customers of the seeded sandbox whose update Xero refuses (docs/sandbox.md, Overlaps). */
const dalmark = 'Dalmark Data AB.';
const skogholm = 'Skogholm Media ApS';

type RunSummary = CallOutput<'runs.get'>;

/**
 * The contract as a second window (or the CLI) would use it, over the browser host's WebSocket: the typed client
 * of the renderer on a Node socket. Used to start the live run and to save the corrected flow; everything the
 * test is about happens in the page.
 */
async function connectContract(hostUrl: string): Promise<{ client: ContractClient; close: () => void }> {
  const url = new URL(hostUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
  const socket = new WebSocket(`ws://${url.host}/ledgerflow-ws?token=${encodeURIComponent(token)}`);
  await new Promise<void>((done, fail) => {
    socket.once('open', () => done());
    socket.once('error', fail);
  });
  let nextId = 1;
  const pending = new Map<number, (result: CallResult) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { t: string; id?: number; result?: CallResult };
    if (message.t === 'result' && message.id !== undefined) pending.get(message.id)?.(message.result!);
  });
  const transport: Transport = {
    call: (channel, payload) =>
      new Promise((done) => {
        const id = nextId++;
        pending.set(id, done);
        socket.send(JSON.stringify({ t: 'call', id, channel, payload }));
      }),
    subscribe: () => () => undefined,
  };
  return { client: createContractClient(transport), close: () => socket.close() };
}

/** The sandbox's Xero as the test reads it to check what was written (docs/sandbox.md, admin endpoint). */
async function xeroContact(sandboxUrl: string, contactNumber: string): Promise<Record<string, unknown>> {
  const admin = (await (await fetch(`${sandboxUrl}/__sandbox`)).json()) as {
    apis: { xero: { tenants: Array<{ tenantId: string; name: string }> } };
  };
  const tenant = admin.apis.xero.tenants.find((t) => t.name === 'Ledgerflow Demo AB')!;
  const token = (await (
    await fetch(`${sandboxUrl}/__sandbox/apis/xero/issue-token`, { method: 'POST', body: '{}' })
  ).json()) as { access_token: string };
  const answer = await fetch(`${sandboxUrl}/xero/api/api.xro/2.0/Contacts/${contactNumber}`, {
    headers: { Authorization: `Bearer ${token.access_token}`, 'xero-tenant-id': tenant.tenantId },
  });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { Contacts: Array<Record<string, unknown>> }).Contacts[0]!;
}

/**
 * Dead letters, for real: the contacts example (Visma eAccounting → Xero) matches customers on their number and
 * then their e-mail. Xero's contact numbers carry a "C" (C10198 for customer 10198), so two customers that share
 * an e-mail with another contact are matched to the wrong Xero contact, and Xero refuses to give it a name that
 * another contact already has. The bookkeeper reads Xero's message in the dead letters tab, fixes the mapping
 * (number = 'C' & number), retries one, and discards the other with a reason.
 */
describe('dead letters: read why a record was refused, fix the mapping, retry, discard (browser host)', () => {
  let host: BrowserHost;
  let browser: Browser;
  let page: Page;
  let contract: { client: ContractClient; close: () => void };

  beforeAll(async () => {
    [host, browser] = await Promise.all([startBrowserHost(), launchChromium()]);
    contract = await connectContract(host.url);
    await mkdir(resultsDir, { recursive: true });
    page = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' })
    ).newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
  });

  afterAll(async () => {
    contract?.close();
    await browser?.close();
    await host?.stop();
  });

  const waitForRunEnd = async (runId: string): Promise<RunSummary> => {
    let run: RunSummary | undefined;
    await expect
      .poll(
        async () => {
          run = await contract.client.call('runs.get', { runId });
          return run.status;
        },
        { timeout: 90_000, interval: 500 },
      )
      .toMatch(/^(succeeded|failed|cancelled)$/);
    return run!;
  };
  const dismissNotices = async () => {
    const dismiss = page.locator('.notice button[aria-label=Dismiss]');
    while ((await dismiss.count()) > 0) await dismiss.first().click();
  };
  const letterRow = (label: string): Locator =>
    page.getByTestId('dead-letter').filter({ has: page.getByTestId('dead-letter-record').getByText(label) });

  it('shows Xero’s reason, retries the fixed record, and keeps the discarded one with its reason', async () => {
    await page.goto(host.url);
    await page.getByTestId('start-connect-sandbox').click();
    await expect
      .poll(
        async () =>
          Number(/(\d+) compan/.exec((await page.getByTestId('start-connected').textContent()) ?? '')?.[1]),
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(2);

    // Import the contacts example and bind its Xero reference to the demo organisation.
    const file = join(tmpdir(), `dead-letters-${Date.now()}.flow.json`);
    await writeFile(file, contactsExample.text);
    await page.locator('input[type=file]').setInputFiles(file);
    const bindings = page.getByTestId('flow-bindings-dialog');
    await bindings.waitFor({ timeout: 10_000 });
    await bindings
      .locator('[data-testid=binding-row][data-ref=dst] select')
      .selectOption({ label: 'Ledgerflow Demo AB (sandbox)' });
    await bindings.getByRole('button', { name: 'Done' }).click();
    const row = page
      .getByTestId('flow-row')
      .filter({ hasText: 'Visma eAccounting → Xero: customers as contacts' });
    await row.waitFor({ timeout: 10_000 });
    const flowId = (await row.getAttribute('data-flow-id'))!;
    await row.locator('.flow-name').click();
    await page.getByTestId('flow-editor').waitFor();

    // A flow with no dead letters says what they are.
    await page.getByRole('button', { name: 'Runs', exact: true }).click();
    // Room to read: the dock is pulled up by its top edge, as a user would.
    const edge = (await page.getByRole('separator', { name: 'Resize the runs panel' }).boundingBox())!;
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + edge.width / 2, edge.y - 240, { steps: 6 });
    await page.mouse.up();
    await page.getByRole('tab', { name: /Dead letters/ }).click();
    await expect.poll(() => page.getByTestId('dead-letters-empty').textContent()).toMatch(/refused/);

    // A live run, as a schedule or another window would start it: two contacts come back refused.
    const first = await contract.client.call('runs.start', { flowId, mode: 'live' });
    const firstRun = await waitForRunEnd(first.runId);
    expect(firstRun.status).toBe('succeeded');
    expect(firstRun.counts.deadLetters).toBe(2);

    // The tab reloads by itself when the run ends: each letter names the record, the node and Xero's own words.
    await page.getByTestId('dead-letter').nth(1).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('dead-letter').count()).toBe(2);
    const dalmarkRow = letterRow(dalmark);
    expect(await dalmarkRow.getByTestId('dead-letter-record').textContent()).toBe(`${dalmark} · 10198`);
    // … and the Xero contact it was matched to, as Xero knew it: another company's C10008 (the wrong match).
    expect(await dalmarkRow.locator('.dead-letter-where').textContent()).toMatch(
      /^Update contact Dalmark Data AB · C10008( · \S+@\S+)? in Xero contacts$/,
    );
    expect(await dalmarkRow.getByTestId('dead-letter-api-message').textContent()).toBe(
      `Xero said` +
        `The contact name ${dalmark} is already assigned to another contact. The contact name must be unique across all active contacts.`,
    );
    expect(await letterRow(skogholm).getByTestId('dead-letter-api-message').textContent()).toContain(
      `The contact name ${skogholm} is already assigned to another contact.`,
    );
    expect(await dalmarkRow.locator('.dead-letter-meta').textContent()).toContain('LF-2001');
    expect(await dalmarkRow.locator('.dead-letter-meta').textContent()).toContain('1 attempt');
    expect(await page.getByTestId('dead-letters-count').textContent()).toBe('2 dead letters open');
    // The data that was sent, as the bookkeeper can check it: the customer number without Xero's "C".
    await dalmarkRow.locator('.dead-letter-payload > summary').click();
    const payload = JSON.parse(
      (await dalmarkRow.getByTestId('dead-letter-payload').textContent())!,
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({ number: '10198', name: dalmark });
    await page.screenshot({ path: join(resultsDir, 'dead-letters.png') });

    // Xero kept both contacts as they were: the refused update renamed nothing.
    const sandboxUrl = new URL(
      (await contract.client.call('connections.list', {})).connections.find((c) => c.system === 'xero')!
        .apiUrl,
    ).origin;
    expect((await xeroContact(sandboxUrl, 'C10008')).Name).toBe('Dalmark Data AB');

    // The fix: Xero numbers contacts "C" + the customer number, so map it and the match finds the right contact.
    const stored = await contract.client.call('flows.get', { id: flowId });
    const fixed: Flow = {
      ...stored.flow,
      nodes: [
        ...stored.flow.nodes,
        {
          id: 'xero-number',
          type: 'mapper',
          label: 'Xero contact number',
          position: { x: 210, y: 170 },
          config: { fields: { number: "'C' & number" }, keepUnmapped: true },
        },
      ],
      edges: [
        { id: 'e1', source: 'customers', target: 'xero-number' },
        { id: 'e2', source: 'xero-number', target: 'xero-contacts' },
      ],
    };
    await contract.client.call('flows.save', { flow: fixed });
    // The open editor takes the saved flow (a change from another window).
    await page.locator('[data-testid=canvas-node][data-node-type=mapper]').waitFor({ timeout: 10_000 });

    // Retry the one: the dock follows the retry run, which re-reads the customer and writes it with the fix.
    await dalmarkRow.getByRole('button', { name: `Retry ${dalmark} · 10198` }).click();
    await expect
      .poll(() => page.getByRole('tab', { name: 'Log' }).getAttribute('aria-selected'))
      .toBe('true');
    const retryRun = (await contract.client.call('runs.list', { flowId, limit: 1 })).runs[0]!;
    expect(retryRun.kind).toBe('retry');
    const retried = await waitForRunEnd(retryRun.id);
    expect(retried.status).toBe('succeeded');
    expect(retried.counts.deadLetters).toBe(0);
    expect(retried.counts.read).toBe(1);

    // Back in the tab: the retried letter is gone; the other is still open.
    await page.getByRole('tab', { name: /Dead letters/ }).click();
    await expect.poll(() => page.getByTestId('dead-letter').count(), { timeout: 10_000 }).toBe(1);
    expect(await letterRow(skogholm).count()).toBe(1);
    expect(await page.getByTestId('dead-letters-count').textContent()).toBe('1 dead letter open');
    // And Xero holds the customer on its own contact, with the source's data; the other contact kept its name.
    const c10198 = await xeroContact(sandboxUrl, 'C10198');
    expect(c10198).toMatchObject({ Name: dalmark, ContactNumber: 'C10198' });
    expect((await xeroContact(sandboxUrl, 'C10008')).Name).toBe('Dalmark Data AB');

    // Discard the other: a reason is required.
    await letterRow(skogholm)
      .getByRole('button', { name: `Discard ${skogholm} · 10139` })
      .click();
    const dialog = page.getByTestId('discard-dead-letters-dialog');
    await dialog.getByRole('button', { name: 'Discard' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toMatch(/^Say why/);
    const reason = 'Matched to the wrong Xero contact; corrected by hand in Xero on 12 May';
    await dialog.locator('textarea').fill(reason);
    await page.screenshot({ path: join(resultsDir, 'dead-letters-discard.png') });
    await dialog.getByRole('button', { name: 'Discard' }).click();
    await page.getByTestId('dead-letters-empty').waitFor({ timeout: 10_000 });
    expect(
      (await contract.client.call('runs.deadLetters.list', { flowId, status: 'discarded' })).deadLetters.map(
        (l) => [l.recordKey, l.discardReason],
      ),
    ).toEqual([['0b665b31-debb-46bf-83e4-c99c5e8448ec', reason]]);

    // Both stay on record: the retried one and the discarded one with its reason.
    await dismissNotices();
    await page.getByLabel('Show retried and discarded').check();
    await expect.poll(() => page.locator('[data-testid=dead-letter][data-status=retried]').count()).toBe(1);
    const discarded = page.locator('[data-testid=dead-letter][data-status=discarded]');
    await discarded.waitFor();
    expect(await discarded.getByTestId('dead-letter-reason').textContent()).toBe(
      `Discarded because${reason}`,
    );
    expect(await page.locator('[data-testid=dead-letter][data-status=retried]').textContent()).toContain(
      dalmark,
    );
    expect(await discarded.locator('.dead-letter-status').textContent()).toBe('Discarded just now');
    expect(await discarded.locator('.dead-letter-status time').getAttribute('dateTime')).toMatch(/^\d{4}-/);
    await page.screenshot({ path: join(resultsDir, 'dead-letters-closed.png') });

    // History: the retry and the live run with what each did; a row opens that run's log.
    await page.getByRole('tab', { name: 'History' }).click();
    const historyRows = page.getByTestId('run-history-row');
    await expect.poll(() => historyRows.count()).toBe(2);
    const retryRow = historyRows.nth(0);
    const liveRow = historyRows.nth(1);
    expect(await retryRow.getAttribute('data-run-id')).toBe(retryRun.id);
    expect(await retryRow.locator('.cell-kind').textContent()).toBe('Retry of dead letters');
    expect(await retryRow.getByTestId('run-outcome').textContent()).toBe('Finished');
    expect(await liveRow.locator('.cell-kind').textContent()).toBe('Live run');
    expect(await liveRow.getByTestId('run-outcome').textContent()).toBe('Finished with 2 dead letters');
    const liveCounts = await liveRow.locator('td.cell-number').allTextContents();
    const c = firstRun.counts;
    expect(liveCounts).toEqual(
      [c.create, c.update, c.unchanged, c.skip, c.invalid, c.written, c.deadLetters].map((n) =>
        n.toLocaleString('en'),
      ),
    );
    expect(await liveRow.locator('.cell-trigger').textContent()).toBe('Manual');
    expect(await liveRow.locator('.cell-duration').textContent()).toMatch(
      /^(under a second|\d+ s|\d+ min( \d+ s)?)$/,
    );
    await page.screenshot({ path: join(resultsDir, 'run-history.png') });

    await liveRow.getByRole('button', { name: 'Log' }).click();
    await expect
      .poll(() => page.getByRole('tab', { name: 'Log' }).getAttribute('aria-selected'))
      .toBe('true');
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => historyRows.nth(1).getAttribute('aria-current')).toBe('true');

    // A long history, as months of a schedule leave it: 120 older runs page in, 50 at a time, to the first one.
    const store = new SqliteStateStore(join(host.dataDir, 'state', 'engine.sqlite'));
    const flow = { ...(JSON.parse(contactsExample.text) as Flow), id: flowId };
    const since = Date.parse('2026-01-01T06:00:00Z');
    for (let i = 0; i < 120; i++) {
      const id = `scheduled-${String(i).padStart(3, '0')}`;
      const startedAt = since + i * 3_600_000;
      store.createRun({
        id,
        flowId,
        mode: 'live',
        kind: 'run',
        trigger: 'schedule',
        status: 'planning',
        flow,
        bindings: { src: 'x', dst: 'y' },
        scope: undefined,
        counts: { ...emptyCounts(), read: i },
        startedAt,
      });
      store.finishRun(id, 'succeeded', { ...emptyCounts(), read: i }, startedAt + 4_000);
    }
    store.close();
    await page.reload();
    // The app reopens where it was; from the flows list, the flow is opened again.
    const flowName = page.locator(`[data-testid=flow-row][data-flow-id="${flowId}"] .flow-name`);
    await page.getByTestId('flow-editor').or(flowName).waitFor();
    if (await flowName.isVisible()) await flowName.click();
    await page.getByTestId('flow-editor').waitFor();
    if ((await page.getByRole('tab', { name: 'History' }).count()) === 0)
      await page.getByRole('button', { name: 'Runs', exact: true }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => historyRows.count()).toBe(50);
    const older = page.getByRole('button', { name: 'Show older runs' });
    await older.click();
    await expect.poll(() => historyRows.count()).toBe(100);
    await older.click();
    await expect.poll(() => historyRows.count()).toBe(122);
    await expect.poll(() => older.count()).toBe(0);
    expect(await page.locator('.run-history-footer').textContent()).toBe('All 122 runs of this flow.');
    const shownIds = await historyRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));
    expect(new Set(shownIds).size).toBe(122);
    expect(shownIds.at(-1)).toBe('scheduled-000');
    expect(shownIds.slice(2)).toEqual(
      Array.from({ length: 120 }, (_, i) => `scheduled-${String(119 - i).padStart(3, '0')}`),
    );
    await historyRows.last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(resultsDir, 'run-history-older.png') });
  });
});
