import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from './support/browser-host';
import { launchChromium } from './support/chromium';

const resultsDir = resolve('test-results');

/**
 * The Connections page in Chromium against the built browser host: one click connects the sandbox companies of
 * Xero, Visma eAccounting and Visma.net (the host starts the sandbox in-process, signs in with PKCE through its
 * loopback redirect or with client credentials, stores the tokens in the real keychain and tests each company).
 * Needs a Secret Service, as every host does (CI: .ci/run).
 */
describe('connections (browser host)', () => {
  let host: BrowserHost;
  let browser: Browser;
  let page: Page;
  const rows = () => page.getByTestId('connection-row');
  const rowOf = (system: string, label: string) =>
    page.locator(`[data-testid=connection-row][data-system=${system}]`).filter({ hasText: label });

  beforeAll(async () => {
    [host, browser] = await Promise.all([startBrowserHost(), launchChromium()]);
    await mkdir(resultsDir, { recursive: true });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'light',
    });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('connects the sandbox companies in one click and shows each with its contact count', async () => {
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByTestId('connections-empty').waitFor();
    expect(new URL(page.url()).searchParams.get('page')).toBe('connections');

    await page.getByTestId('connect-sandbox').click();
    // Xero's two organisations, the eAccounting company and Visma.net's two companies.
    await page
      .locator('[data-testid=connection-row][data-status=connected]')
      .nth(4)
      .waitFor({ timeout: 60_000 });
    expect(await rows().count()).toBe(5);
    const demo = rowOf('xero', 'Ledgerflow Demo AB (sandbox)');
    await expect
      .poll(() => demo.getByTestId('connection-test').textContent())
      .toMatch(/Connected to Ledgerflow Demo AB, \d+ contacts/);
    const nordvik = rowOf('xero', 'Nordvik Trading AB (sandbox)');
    expect(await nordvik.getByTestId('connection-test').textContent()).toMatch(
      /Connected to Nordvik Trading AB, \d+ contacts/,
    );
    expect(await demo.getByTestId('connection-status').textContent()).toBe('Connected');
    const eaccounting = rowOf('visma-eaccounting', 'Ledgerflow Demo AB sandbox (sandbox)');
    expect(await eaccounting.getByTestId('connection-test').textContent()).toMatch(
      /Connected to Ledgerflow Demo AB sandbox, \d+ contacts/,
    );
    for (const label of ['Ledgerflow Demo AB (sandbox)', 'Nordvik Trading AB (sandbox)']) {
      const row = rowOf('visma-net', label);
      expect(await row.getByTestId('connection-status').textContent()).toBe('Connected');
      expect(await row.getByTestId('connection-test').textContent()).toMatch(/Connected to .+, \d+ contacts/);
    }
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(resultsDir, 'connections.png') });

    // A reload keeps them: metadata in the data folder, tokens in the keychain.
    await page.reload();
    await page.locator('[data-testid=connection-row][data-status=connected]').nth(4).waitFor();
    await demo.getByRole('button', { name: 'Test' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Connected to Ledgerflow Demo AB' }).waitFor();
  });

  it('renames, and removes only after a confirmation', async () => {
    await rowOf('xero', 'Nordvik Trading AB (sandbox)')
      .getByRole('button', { name: 'Rename Nordvik Trading AB (sandbox)' })
      .click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Nordvik (demo)');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await rows().filter({ hasText: 'Nordvik (demo)' }).waitFor();

    const all: Array<[string, string]> = [
      ['xero', 'Nordvik (demo)'],
      ['xero', 'Ledgerflow Demo AB (sandbox)'],
      ['visma-eaccounting', 'Ledgerflow Demo AB sandbox (sandbox)'],
      ['visma-net', 'Ledgerflow Demo AB (sandbox)'],
      ['visma-net', 'Nordvik Trading AB (sandbox)'],
    ];
    for (const [system, label] of all) {
      const row = rowOf(system, label);
      await row.getByRole('button', { name: `Remove ${label}` }).click();
      const dialog = page.getByTestId('remove-connection-dialog');
      await dialog.getByRole('button', { name: 'Remove connection' }).click();
      await row.waitFor({ state: 'detached' });
    }
    await page.getByTestId('connections-empty').waitFor();
  });
});
