import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlowExamples } from '../test-support/flow-examples';
import { startBrowserHost, type BrowserHost } from './support/browser-host';
import { CanvasDriver } from './support/canvas-driver';
import { launchChromium } from './support/chromium';

const resultsDir = resolve('test-results');

/**
 * A flow file names its connections only by system and label; in the editor the user chooses which of their
 * companies each one uses. Here: a Xero reference that two sandbox organisations could serve is chosen by hand,
 * and the choice survives a reload.
 */
describe('choosing the companies a flow uses (browser host)', () => {
  let host: BrowserHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [host, browser] = await Promise.all([startBrowserHost(), launchChromium()]);
    await mkdir(resultsDir, { recursive: true });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('asks on import which company an ambiguous connection means, and remembers the choice', async () => {
    await page.goto(host.url);
    await page.getByTestId('start-connect-sandbox').click();
    await expect
      .poll(
        async () =>
          Number(/(\d+) compan/.exec((await page.getByTestId('start-connected').textContent()) ?? '')?.[1]),
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(2);

    // The contacts example: Visma eAccounting → Xero. Two Xero organisations are connected, so 'dst' is ambiguous.
    const example = loadFlowExamples().find((e) => e.file.includes('xero-contacts'))!;
    const file = join(tmpdir(), `bindings-${Date.now()}.flow.json`);
    await writeFile(file, example.text);
    await page.locator('input[type=file]').setInputFiles(file);

    // The import itself asks which Xero organisation 'dst' means (the one eAccounting company binds by itself).
    const dialog = page.getByTestId('flow-bindings-dialog');
    await dialog.waitFor({ timeout: 10_000 });
    const dst = dialog.locator('[data-testid=binding-row][data-ref=dst]');
    const options = await dst.locator('option').allTextContents();
    expect(options).toEqual(
      expect.arrayContaining(['Ledgerflow Demo AB (sandbox)', 'Nordvik Trading AB (sandbox)']),
    );
    await dst.locator('select').selectOption({ label: 'Nordvik Trading AB (sandbox)' });
    await expect.poll(() => dst.locator('select').inputValue()).not.toBe('');
    await page.screenshot({ path: join(resultsDir, 'flow-bindings.png') });
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The flows table, not the template card of the same name below it.
    const row = page
      .getByTestId('flow-row')
      .filter({ hasText: 'Visma eAccounting → Xero: customers as contacts' });
    await row.waitFor({ timeout: 10_000 });
    await row.locator('.flow-name').click();
    await expect
      .poll(() => page.getByTestId('flow-bindings-button').textContent(), { timeout: 10_000 })
      .toBe('Companies');

    await page.reload();
    await page.getByTestId('flow-bindings-button').click();
    const selected = await page
      .getByTestId('flow-bindings-dialog')
      .locator('[data-testid=binding-row][data-ref=dst] select')
      .evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent);
    expect(selected).toBe('Nordvik Trading AB (sandbox)');
  });

  it("previews a mapper's expressions and a filter's pass count on real records of the source's company", async () => {
    // The invoices example reads Visma eAccounting invoices; the one sandbox eAccounting company binds by itself.
    const example = loadFlowExamples().find((e) => e.file.includes('xero-invoices'))!;
    const file = join(tmpdir(), `preview-${Date.now()}.flow.json`);
    await writeFile(file, example.text);
    await page.goto(host.url);
    await page.locator('input[type=file]').setInputFiles(file);
    const dialog = page.getByTestId('flow-bindings-dialog');
    await dialog.waitFor({ timeout: 10_000 });
    await dialog
      .locator('[data-testid=binding-row][data-ref=dst] select')
      .selectOption({ label: 'Ledgerflow Demo AB (sandbox)' });
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = page.getByTestId('flow-row').filter({ hasText: 'Visma eAccounting → Xero: invoices' });
    await row.waitFor({ timeout: 10_000 });
    await row.locator('.flow-name').click();

    const canvas = new CanvasDriver(page);
    const inspector = await canvas.select('mapper');
    await inspector.getByTestId('mapper-samples').waitFor({ timeout: 30_000 });
    expect(await inspector.getByTestId('mapper-samples').textContent()).toMatch(
      /record 1 of \d+ from Demo AB \(sandbox\)|record 1 of \d+ from .+/,
    );
    // The example maps reference = 'VEA-' & number: evaluated on an eAccounting invoice read through its connector.
    const reference = inspector.locator('[data-testid=mapper-target][data-path=reference]');
    await expect
      .poll(() => reference.getByTestId('mapper-preview-value').textContent(), { timeout: 15_000 })
      .toMatch(/"VEA-\d+"/);
    const first = await reference.getByTestId('mapper-preview-value').textContent();
    await inspector.getByRole('button', { name: 'Next sample record' }).click();
    await expect.poll(() => reference.getByTestId('mapper-preview-value').textContent()).not.toBe(first);
    await page.screenshot({ path: join(resultsDir, 'mapper-preview.png') });

    // The filter (total > 0) says how many of the same sample records pass, with the engine's own semantics.
    const filter = await canvas.select('filter');
    await expect
      .poll(() => filter.getByTestId('filter-sample-count').textContent(), { timeout: 15_000 })
      .toMatch(/^\d+ of \d+ sample records from .+ pass$/);
  });
});
