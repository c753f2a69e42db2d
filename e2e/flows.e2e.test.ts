import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from './support/browser-host';
import { launchChromium } from './support/chromium';

const resultsDir = resolve('test-results');
const examplesDir = resolve('flows-examples');
const invoicesExample = join(examplesDir, 'visma-eaccounting-to-xero-invoices.flow.json');

describe('flows list (browser host)', () => {
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let workDir: string;

  const rows = () => page.getByTestId('flow-row');
  const rowNames = async () =>
    (await page.locator('[data-testid=flow-row] .flow-name').allTextContents()).sort();
  const dismissNotices = async () => {
    const dismiss = page.locator('.notice button[aria-label=Dismiss]');
    while ((await dismiss.count()) > 0) await dismiss.first().click();
  };

  beforeAll(async () => {
    [host, browser, workDir] = await Promise.all([
      startBrowserHost(),
      launchChromium(),
      mkdtemp(join(tmpdir(), 'ledgerflow-e2e-files-')),
    ]);
    await mkdir(resultsDir, { recursive: true });
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'light',
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('explains how to get in when opened without the access token', async () => {
    const stranger = await browser.newPage();
    await stranger.goto(new URL(host.url).origin);
    await stranger.getByText('it carries the access token').waitFor();
    await stranger.close();
  });

  it('creates, renames, exports and re-imports a flow, and refuses a broken file', async () => {
    await page.goto(host.url);
    await page.getByTestId('flows-empty').waitFor();
    await page.screenshot({ path: join(resultsDir, 'flows-empty.png') });

    // New flow: named in a dialog, then opened in the editor.
    await page.getByRole('button', { name: 'New flow' }).first().click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Invoices to Xero');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.locator('.editor-name', { hasText: 'Invoices to Xero' }).waitFor();
    await page.getByTestId('canvas-empty').waitFor();
    expect(new URL(page.url()).searchParams.get('flow')).toBeTruthy();
    await page.getByRole('button', { name: 'Flows', exact: true }).click();
    await rows().first().waitFor();
    expect(await rowNames()).toEqual(['Invoices to Xero']);

    // Rename.
    await page.getByRole('button', { name: 'Rename Invoices to Xero' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Paid invoices to Xero');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.locator('.flow-name', { hasText: 'Paid invoices to Xero' }).waitFor();

    // Export: a real download of the flow file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export Paid invoices to Xero' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('paid-invoices-to-xero.flow.json');
    const exported = join(workDir, download.suggestedFilename());
    await download.saveAs(exported);
    const file = JSON.parse(await readFile(exported, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'ledgerflow.flow', version: 1, name: 'Paid invoices to Xero' });
    expect(typeof file.id).toBe('string');

    // Import the same file: its id is taken, so the user picks "Import as a copy".
    await page.getByTestId('import-file-input').setInputFiles(exported);
    const conflict = page.getByTestId('import-conflict-dialog');
    await conflict.getByText('A flow with this id already exists: Paid invoices to Xero').waitFor();
    await page.waitForTimeout(250); // the dialog's entry animation
    await page.screenshot({ path: join(resultsDir, 'import-conflict.png') });
    await conflict.getByRole('button', { name: 'Import as a copy' }).click();
    await page.getByTestId('notice').filter({ hasText: "Imported 'Paid invoices to Xero (copy)'" }).waitFor();
    await expect.poll(rowNames).toEqual(['Paid invoices to Xero', 'Paid invoices to Xero (copy)']);

    // Both survive a reload (the token is kept for the tab).
    await page.reload();
    await rows().first().waitFor();
    await expect.poll(rowNames).toEqual(['Paid invoices to Xero', 'Paid invoices to Xero (copy)']);

    // A broken file: every problem listed by path, nothing imported.
    const broken = join(workDir, 'broken.flow.json');
    await writeFile(
      broken,
      JSON.stringify({
        format: 'ledgerflow.flow',
        version: 1,
        id: 'broken',
        name: 'Broken',
        mode: 'sideways',
        connections: {},
        nodes: [{ id: 'n1', type: 'sorce', position: { x: 0, y: 0 }, config: {} }],
        edges: [],
      }),
    );
    await page.getByTestId('import-file-input').setInputFiles(broken);
    const problems = page.getByTestId('import-problems-dialog');
    await problems.getByText('Nothing was imported.').waitFor();
    expect(await problems.locator('.problem-path').allTextContents()).toContain('mode');
    await page.waitForTimeout(250);
    await page.screenshot({ path: join(resultsDir, 'import-problems.png') });
    await page.keyboard.press('Escape');
    await problems.waitFor({ state: 'hidden' });
    expect(await rows().count()).toBe(2);
  });

  it('imports a file dropped anywhere on the page', async () => {
    const text = await readFile(join(examplesDir, 'visma-eaccounting-to-xero-contacts.flow.json'), 'utf8');
    await page.evaluate((json) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([json], 'contacts.flow.json', { type: 'application/json' }));
      const fire = (type: string) =>
        document.body.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      fire('dragenter');
      fire('dragover');
      (window as unknown as { dropOverlaySeen: boolean }).dropOverlaySeen =
        document.querySelector('[data-testid=drop-overlay]') !== null;
      fire('drop');
    }, text);
    // React renders the overlay on the next frame; the drop itself is what must work.
    await page
      .getByTestId('notice')
      .filter({ hasText: 'Imported' })
      .filter({ hasText: 'contacts' })
      .first()
      .waitFor();
    expect(await rows().count()).toBe(3);
    await page.getByTestId('drop-overlay').waitFor({ state: 'detached' });
  });

  it('takes screenshots of the list (light and dark) and of an example flow in the editor', async () => {
    for (const name of ['visma-eaccounting-to-xero-invoices', 'xero-payments-to-visma-eaccounting']) {
      await page.getByTestId('import-file-input').setInputFiles(join(examplesDir, `${name}.flow.json`));
      await page.getByTestId('notice').filter({ hasText: 'Imported' }).last().waitFor();
    }
    await expect.poll(() => rows().count()).toBe(5);
    await dismissNotices();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(resultsDir, 'flows-list.png') });

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(300); // colour transitions finish
    await page.screenshot({ path: join(resultsDir, 'flows-list-dark.png') });

    // The header toggle overrides the system theme and is remembered.
    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.reload();
    await rows().first().waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');

    // Open the invoices example with the keyboard.
    const example = JSON.parse(await readFile(invoicesExample, 'utf8')) as { name: string; nodes: unknown[] };
    await page.locator('.flow-name', { hasText: example.name }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.editor-name', { hasText: example.name }).waitFor();
    await expect.poll(() => page.getByTestId('canvas-node').count()).toBe(example.nodes.length);
    await page.waitForTimeout(400); // fitView settles after the nodes are measured
    await page.screenshot({ path: join(resultsDir, 'editor.png') });

    // A reload keeps the open flow (the route lives in ?flow=, the token in the tab's session).
    await page.reload();
    await page.locator('.editor-name', { hasText: example.name }).waitFor();
    await page.getByTestId('theme-toggle').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(resultsDir, 'editor-dark.png') });
  });
});
