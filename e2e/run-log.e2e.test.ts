import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlowExamples } from '../test-support/flow-examples';
import { startBrowserHost, type BrowserHost } from './support/browser-host';
import { launchChromium } from './support/chromium';

const resultsDir = resolve('test-results');

/** The seqs and levels of the log rows in the DOM (the list is windowed: only those in view and a few more). */
const rowsOf = (list: Locator) =>
  list.getByTestId('log-row').evaluateAll((rows) =>
    rows.map((r) => ({
      seq: Number(r.getAttribute('data-seq')),
      level: r.getAttribute('data-level') ?? '',
    })),
  );

/** "1,234 lines" or "12 of 1,234 lines" → [shown, total]. */
async function lineCounts(page: Page): Promise<[number, number]> {
  const text = (await page.getByTestId('log-count').textContent()) ?? '';
  const numbers = [...text.matchAll(/[\d,\u00a0 ]*\d/g)].map((m) => Number(m[0].replace(/[^\d]/g, '')));
  return numbers.length === 2 ? [numbers[0]!, numbers[1]!] : [numbers[0]!, numbers[0]!];
}

/**
 * The live log in the flow editor: a shadow run of the invoices example against the sandbox companies writes its
 * lines into the runs dock as it runs; every line arrives once and in order, filters narrow them, a line copies
 * as readable text and a record's link leads to the plan.
 */
describe('live log of a run (browser host, sandbox)', () => {
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [host, browser] = await Promise.all([startBrowserHost(), launchChromium()]);
    await mkdir(resultsDir, { recursive: true });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(host.url).origin,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows a shadow run’s log lines as they come, once each and in order', async () => {
    await page.goto(host.url);
    await page.getByTestId('start-connect-sandbox').click();
    await expect
      .poll(
        async () =>
          Number(/(\d+) compan/.exec((await page.getByTestId('start-connected').textContent()) ?? '')?.[1]),
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(2);

    const example = loadFlowExamples().find((e) => e.file.includes('xero-invoices'))!;
    const file = join(tmpdir(), `run-log-${Date.now()}.flow.json`);
    await writeFile(file, example.text);
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
    await page.getByTestId('flow-editor').waitFor();

    await page.getByRole('button', { name: 'Run in shadow mode' }).click();
    const log = page.getByTestId('run-log');
    const list = page.getByTestId('run-log-list');
    await list.waitFor({ timeout: 15_000 });
    // The first lines appear while the run is still going; the run's last line says how it ended.
    await expect.poll(async () => (await rowsOf(list)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const finished = list.getByTestId('log-row').filter({ hasText: /^.*Run succeeded: \d+ to create/ });
    await finished.waitFor({ timeout: 120_000 });

    // It followed the tail: the finishing line is the newest, in view.
    const [total] = await lineCounts(page);
    expect(total).toBeGreaterThan(5);
    const tail = await rowsOf(list);
    expect(Math.max(...tail.map((r) => r.seq))).toBe(total);
    expect(Number(await finished.getAttribute('data-seq'))).toBe(total);
    // Every line once: seqs count up from 1 without gaps, and there are as many lines as the last seq.
    await list.focus();
    await page.keyboard.press('Home');
    const head = await rowsOf(list);
    expect(head[0]?.seq).toBe(1);
    expect(head.map((r) => r.seq)).toEqual(head.map((_, i) => i + 1));
    expect(await list.getByTestId('log-row').first().textContent()).toContain(
      "Starting a shadow run of 'Visma",
    );
    expect(await list.getAttribute('data-following')).toBe('false');
    await page.getByTestId('log-jump-latest').click();
    expect(await list.getAttribute('data-following')).toBe('true');
    await page.screenshot({ path: join(resultsDir, 'run-log.png') });
    expect(await log.getAttribute('data-run-id')).toBeTruthy();
  });

  it('filters by level, words and record, and copies a line as readable text', async () => {
    const list = page.getByTestId('run-log-list');
    const [, total] = await lineCounts(page);

    // Only what needs attention: details and info off.
    await page.getByTestId('log-filter-level-debug').click();
    await page.getByTestId('log-filter-level-info').click();
    await expect
      .poll(async () => (await rowsOf(list)).every((r) => r.level === 'warn' || r.level === 'error'))
      .toBe(true);
    const [shown] = await lineCounts(page);
    const chipCount = async (level: string) =>
      Number(
        (
          (await page.getByTestId(`log-filter-level-${level}`).locator('.log-level-count').textContent()) ??
          ''
        ).replace(/[^\d]/g, ''),
      );
    expect(shown).toBe((await chipCount('warn')) + (await chipCount('error')));
    expect(
      (await chipCount('debug')) +
        (await chipCount('info')) +
        (await chipCount('warn')) +
        (await chipCount('error')),
    ).toBe(total);

    // Info only: the run's start and end.
    await page.getByTestId('log-filter-level-info').click();
    await page.getByTestId('log-filter-level-warn').click();
    await page.getByTestId('log-filter-level-error').click();
    await expect.poll(async () => (await rowsOf(list)).every((r) => r.level === 'info')).toBe(true);
    expect(await list.textContent()).toContain('Run succeeded');
    await page.screenshot({ path: join(resultsDir, 'run-log-info-only.png') });

    // All levels again, then words.
    await page.getByTestId('log-filter-level-debug').click();
    await page.getByTestId('log-filter-level-warn').click();
    await page.getByTestId('log-filter-level-error').click();
    await page.getByTestId('log-filter-text').fill('reading');
    await expect.poll(async () => (await lineCounts(page))[0]).toBeLessThan(total);
    const texts = await list.getByTestId('log-row').locator('.log-message').allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.toLowerCase().includes('reading'))).toBe(true);
    await page.getByTestId('log-filter-text').fill('');

    // A record: the lines about one record only.
    const recordKey = (await list.getByTestId('log-record').first().textContent())!;
    await page.getByTestId('log-filter-record').fill(recordKey);
    await expect.poll(async () => (await lineCounts(page))[0]).toBeLessThan(total);
    const records = await list.getByTestId('log-record').allTextContents();
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.toLowerCase().includes(recordKey.toLowerCase()))).toBe(true);

    // Copy: the button shows on hover; the clipboard gets time, level, node, record and message.
    const first = list.getByTestId('log-row').first();
    await first.hover();
    await first.getByTestId('log-copy').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(
      new RegExp(
        `^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} · \\w+ · .+ · record ${recordKey} · .+`,
      ),
    );

    // The keyboard: arrows select a line (its details open below), C copies it, Enter opens its record.
    await list.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    const details = page.getByTestId('log-details');
    await details.waitFor();
    const selected = list.locator('[data-testid=log-row][aria-selected=true]');
    expect(await selected.count()).toBe(1);
    expect(await list.getAttribute('aria-activedescendant')).toBe(await selected.getAttribute('id'));
    await page.keyboard.press('ArrowUp');
    const selectedMessage = (await selected.locator('.log-message').textContent())!;
    expect(await details.textContent()).toContain(selectedMessage);
    await page.keyboard.press('c');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain(selectedMessage);
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    // The record's link opens it in the plan.
    await first.getByTestId('log-record').click();
    await expect.poll(() => page.locator('#runs-tab-plan').getAttribute('aria-selected')).toBe('true');
    await page.locator('#runs-tab-log').click();
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(async () => (await lineCounts(page))[0]).toBe(total);
  });

  it('reads well in the dark theme, with a line selected', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const list = page.getByTestId('run-log-list');
    await list.getByTestId('log-row').last().click();
    await page.getByTestId('log-details').waitFor();
    await page.screenshot({ path: join(resultsDir, 'run-log-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
