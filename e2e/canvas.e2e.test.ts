import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlowText } from '../shared/flow/flow-validation';
import type { Flow } from '../shared/flow/flow.schema';
import { startBrowserHost, type BrowserHost } from './support/browser-host';
import { CanvasDriver, waitForSaved } from './support/canvas-driver';
import { launchChromium } from './support/chromium';

/**
 * Each invoice line for Xero: its VAT code (or, without one, the rate its amounts imply) and a sales account by
 * rate. Long enough that a bookkeeper pastes it rather than types it.
 */
const linesExpression =
  "[lines.($rate := $number(lineAmount) ? $round($number(taxAmount) / $number(lineAmount) * 100) : 0; { 'description': description, 'quantity': quantity, 'unitPrice': unitPrice, 'discountPercent': discountPercent, 'taxCode': taxCode ? taxCode : ($rate = 25 ? 'OUTPUT' : $rate = 12 ? 'TAX001' : $rate = 6 ? 'TAX003' : 'ZERORATEDOUTPUT'), 'accountCode': $rate = 25 ? '200' : $rate = 0 ? '220' : '210' })]";

const resultsDir = resolve('test-results');
const example = resolve('flows-examples', 'visma-eaccounting-to-xero-invoices.flow.json');

/**
 * What makes two flows the same flow: node types and configs (connection references read as their system),
 * and the edges between node types. Ids, labels and positions may differ. The built flow has one node per type.
 */
function normalise(flow: Flow) {
  const typeOf = new Map(flow.nodes.map((n) => [n.id, n.type]));
  return {
    nodes: flow.nodes
      .map((n) => {
        const config: Record<string, unknown> = { ...n.config };
        if (typeof config.connection === 'string')
          config.connection = flow.connections[config.connection]?.system;
        return { type: n.type, config };
      })
      .sort((a, b) => a.type.localeCompare(b.type)),
    edges: flow.edges.map((e) => `${typeOf.get(e.source)} → ${typeOf.get(e.target)}`).sort(),
  };
}

/** The example flow, as the app would read it. */
async function readExample(): Promise<{ flow: Flow }> {
  const parsed = parseFlowText(await readFile(example, 'utf8'));
  if (!parsed.ok) throw new Error(`the example does not validate: ${JSON.stringify(parsed.problems)}`);
  return parsed;
}

/** The text in a Monaco editor inside `scope`, as its view shows it (Monaco draws spaces as no-break spaces). */
const monacoText = async (scope: Locator) =>
  ((await scope.locator('.view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');

describe('canvas (browser host)', () => {
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let canvas: CanvasDriver;
  let workDir: string;

  beforeAll(async () => {
    [host, browser, workDir] = await Promise.all([
      startBrowserHost(),
      launchChromium(),
      mkdtemp(join(tmpdir(), 'ledgerflow-canvas-')),
    ]);
    await mkdir(resultsDir, { recursive: true });
    context = await browser.newContext({
      viewport: { width: 1600, height: 960 },
      colorScheme: 'light',
      acceptDownloads: true,
    });
    // The long lines expression is pasted, as a bookkeeper copying it from a colleague would.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(host.url).origin,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    canvas = new CanvasDriver(page);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('offers templates and connects the sandbox companies in one click on the start screen', async () => {
    await page.goto(host.url);
    await page.getByTestId('flows-empty').waitFor();
    await expect.poll(() => page.getByTestId('template-card').count()).toBeGreaterThanOrEqual(3);
    await page.getByTestId('start-connect-sandbox').click();
    const connected = page.getByTestId('start-connected');
    await connected.waitFor({ timeout: 30_000 });
    // Each company appears as its sign-in completes; both demo organisations end up connected.
    const count = async () => Number(/(\d+) compan/.exec((await connected.textContent()) ?? '')?.[1]);
    await expect.poll(count, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(resultsDir, 'start.png') });
  });

  it('builds the invoices flow by drag and drop, maps fields in Monaco, saves and exports it', async () => {
    await page.getByRole('button', { name: 'New flow' }).first().click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Invoices to Xero, built by hand');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.getByTestId('canvas-empty').waitFor();

    // The palette is searchable.
    await page.getByRole('searchbox', { name: 'Search nodes' }).fill('invoices');
    await expect
      .poll(() => page.locator('[data-testid=palette-item][data-node-type=mapper]').count())
      .toBe(0);
    await page.locator('.palette').screenshot({ path: join(resultsDir, 'palette.png') });
    await page.getByRole('searchbox', { name: 'Search nodes' }).fill('');

    // Drag each node onto the canvas.
    await canvas.dragFromPalette(
      { type: 'source', system: 'visma-eaccounting', entity: 'invoice' },
      { x: 200, y: 110 },
    );
    await canvas.dragFromPalette({ type: 'filter' }, { x: 480, y: 110 });
    await canvas.dragFromPalette({ type: 'lookup' }, { x: 760, y: 110 });
    await canvas.dragFromPalette({ type: 'value-map' }, { x: 200, y: 330 });
    await canvas.dragFromPalette({ type: 'mapper' }, { x: 480, y: 330 });
    await canvas.dragFromPalette(
      { type: 'destination', system: 'xero', entity: 'invoice' },
      { x: 760, y: 330 },
    );
    expect(await canvas.nodes().count()).toBe(6);

    // Wire them, output handle to input handle.
    await canvas.wire('source', 'filter');
    await canvas.wire('filter', 'lookup');
    await canvas.wire('lookup', 'value-map');
    await canvas.wire('value-map', 'mapper');
    await canvas.wire('mapper', 'destination');
    await expect.poll(() => canvas.edgeCount()).toBe(5);

    // An edge that would close a loop is refused, with the reason.
    await canvas.wire('lookup', 'filter');
    await page.getByTestId('edge-refusal').filter({ hasText: 'loop' }).waitFor();
    expect(await canvas.edgeCount()).toBe(5);

    // Source: reads every invoice (the filter node decides).
    let inspector = await canvas.select('source');
    expect(await inspector.getByTestId('source-filters').getByRole('textbox').count()).toBe(0);

    // Filter: sent or paid, with a total.
    inspector = await canvas.select('filter');
    await inspector.getByRole('button', { name: '+ Condition' }).click();
    await inspector.getByRole('combobox', { name: 'Condition 1 field' }).fill('status');
    await inspector.getByRole('combobox', { name: 'Condition 1 operator' }).selectOption('in');
    await inspector.getByRole('textbox', { name: 'Condition 1 value' }).fill('authorised, sent, paid');
    await inspector.getByRole('button', { name: '+ Condition' }).click();
    await inspector.getByRole('combobox', { name: 'Condition 2 field' }).fill('total');
    await inspector.getByRole('combobox', { name: 'Condition 2 operator' }).selectOption('>');
    await inspector.getByRole('textbox', { name: 'Condition 2 value' }).fill('0');

    // Lookup: the customer's contact in Xero, by name.
    inspector = await canvas.select('lookup');
    await inspector.getByLabel('Look up in').selectOption('xero');
    await inspector.getByLabel('Entity').selectOption('contact');
    await inspector.getByLabel('Value to look up').fill('contact.name');
    await inspector.getByLabel('Match on').selectOption('name');
    await inspector.getByLabel('Write the found id into').fill('contact.id');

    // Value map: eAccounting VAT codes to Xero tax types.
    inspector = await canvas.select('value-map');
    await inspector.getByLabel('Field to translate').fill('lines.taxCode');
    const rows: [string, string][] = [
      ['10', 'OUTPUT'],
      ['11', 'TAX001'],
      ['12', 'TAX003'],
      ['36', 'ZERORATEDOUTPUT'],
      ['39', 'ECOUTPUTSERVICES'],
      ['42', 'EXEMPTOUTPUT'],
    ];
    for (const [i, [from, to]] of rows.entries()) {
      await inspector.getByRole('button', { name: '+ Add row' }).click();
      await inspector.getByRole('combobox', { name: `Row ${i + 1} from` }).fill(from);
      await inspector.getByRole('combobox', { name: `Row ${i + 1} to` }).fill(to);
    }

    // Destination: match keys, leave invoices Xero already has alone, create-only fields.
    inspector = await canvas.select('destination');
    await inspector.getByTestId('match-keys').getByRole('checkbox', { name: 'number', exact: true }).check();
    // The radios of a segmented control are hidden; the user clicks the segment.
    await inspector.getByRole('radiogroup', { name: 'When the record exists' }).getByText('Skip it').click();
    await expect(inspector.getByRole('radio', { name: 'Skip it' }).isChecked()).resolves.toBe(true);
    await inspector.getByRole('searchbox', { name: 'Filter create-only fields' }).fill('reference');
    await inspector.getByTestId('create-only-fields').getByRole('checkbox', { name: 'reference' }).check();

    // Mapper: one field by typing with autocomplete, one by dragging an input field, the lines pasted.
    inspector = await canvas.select('mapper');
    await inspector.getByRole('checkbox', { name: 'Keep the fields this mapper does not set' }).check();
    const reference = canvas.mapperTarget('reference');
    await reference.getByRole('button', { name: /Default mapping/ }).click();
    await reference.locator('.monaco-editor').waitFor();
    await reference.locator('.monaco-editor .view-lines').click();
    await page.keyboard.type("'VEA-' & numb");
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget.visible');
    await suggest.waitFor();
    await suggest.locator('.monaco-list-row.focused', { hasText: 'number' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => monacoText(reference)).toBe("'VEA-' & number");

    // The invoice number: drag the input's number onto it, then pad it and put the prefix around it.
    const numberTarget = canvas.mapperTarget('number');
    await numberTarget.scrollIntoViewIfNeeded();
    await inspector.locator('[data-testid=mapper-input-field][data-path=number]').dragTo(numberTarget);
    await numberTarget.locator('.monaco-editor').waitFor();
    await expect.poll(() => monacoText(numberTarget)).toBe('number');
    await numberTarget.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Home');
    await page.keyboard.type("'INV-' & $pad(");
    await page.keyboard.press('End');
    await page.keyboard.type(", -4, '0')");
    await expect.poll(() => monacoText(numberTarget)).toBe("'INV-' & $pad(number, -4, '0')");

    // An expression that does not parse is marked as you type.
    await page.keyboard.press('End');
    await page.keyboard.type(' &');
    await numberTarget.getByTestId('expression-error').waitFor();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await numberTarget.getByTestId('expression-error').waitFor({ state: 'detached' });

    // The sandbox company is the source's: the expressions preview on its real invoices.
    await inspector.getByTestId('mapper-samples').waitFor();
    await expect
      .poll(() => numberTarget.getByTestId('mapper-preview-value').innerText())
      .toMatch(/^→ "INV-\d{4,}"$/);
    await expect
      .poll(() => reference.getByTestId('mapper-preview-value').innerText())
      .toMatch(/^→ "VEA-\d+"$/);

    // The lines: a long expression, pasted into its editor.
    const linesTarget = canvas.mapperTarget('lines');
    await linesTarget.scrollIntoViewIfNeeded();
    await linesTarget.getByRole('button', { name: /Default mapping/ }).click();
    await canvas.pasteIntoExpression(linesTarget, linesExpression);
    // The editor scrolls to the end of what was pasted.
    await expect
      .poll(() => canvas.shownExpression(linesTarget))
      .toMatch(/'accountCode': \$rate = 25 \? '200' : \$rate = 0 \? '220' : '210' \}\)\]$/);
    expect(await linesTarget.getByTestId('expression-error').count()).toBe(0);
    const linesPreview = linesTarget.getByTestId('mapper-preview-value');
    await expect.poll(() => linesPreview.innerText()).toContain('"accountCode"');
    expect(await linesPreview.getAttribute('class')).not.toContain('is-error');

    // Tidy up, deselect, and the whole flow.
    await page.getByRole('button', { name: 'Tidy up' }).click();
    await canvas.clickPane();
    await waitForSaved(page);
    await page.waitForTimeout(400);
    // The overview map shows while the canvas has the room for it (no runs dock open).
    expect(await page.getByTestId('canvas-minimap').isVisible()).toBe(true);
    await page.screenshot({ path: join(resultsDir, 'canvas-built.png') });
    await canvas.select('mapper');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(resultsDir, 'inspector-mapper.png') });
    await canvas.clickPane();
    expect(await page.getByRole('button', { name: /problem/ }).count()).toBe(0);

    // Export: a file that validates and is the example, up to ids, labels and positions.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    const exportedPath = join(workDir, download.suggestedFilename());
    await download.saveAs(exportedPath);
    const exported = parseFlowText(await readFile(exportedPath, 'utf8'));
    const wanted = await readExample();
    if (!exported.ok) throw new Error(`does not validate: ${JSON.stringify(exported.problems)}`);
    expect(exported.problems).toEqual([]);
    expect(normalise(exported.flow)).toEqual(normalise(wanted.flow));
    for (const node of exported.flow.nodes)
      expect(Object.keys(node).sort()).toEqual(expect.arrayContaining(['config', 'id', 'position', 'type']));
    expect(JSON.stringify(exported.flow)).not.toMatch(/"(selected|measured|dragging|width|height)"/);

    // Dark.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(resultsDir, 'canvas-built-dark.png') });
    await canvas.select('mapper');
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(resultsDir, 'inspector-mapper-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('undoes and redoes, and copies and pastes nodes (also into another flow)', async () => {
    await canvas.select('value-map');
    await page.locator('.react-flow__pane').focus();
    await canvas.node('value-map').locator('.node-card-title').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => canvas.nodes().count()).toBe(5);
    expect(await canvas.edgeCount()).toBe(3);
    await page.keyboard.press('Control+Z');
    await expect.poll(() => canvas.nodes().count()).toBe(6);
    await expect.poll(() => canvas.edgeCount()).toBe(5);
    await page.keyboard.press('Shift+Control+Z');
    await expect.poll(() => canvas.nodes().count()).toBe(5);
    await page.keyboard.press('Control+Z');
    await expect.poll(() => canvas.nodes().count()).toBe(6);

    // Copy the source and the filter (and the edge between them), paste: new ids, same wiring.
    await canvas.node('source').locator('.node-card-title').click();
    await canvas
      .node('filter')
      .locator('.node-card-title')
      .click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+C');
    await page.keyboard.press('Control+V');
    await expect.poll(() => canvas.nodes().count()).toBe(8);
    await expect.poll(() => canvas.edgeCount()).toBe(6);
    const ids = await page
      .locator('[data-testid=canvas-node][data-node-type=source]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')));
    expect(new Set(ids).size).toBe(2);
    await page.keyboard.press('Control+Z');
    await expect.poll(() => canvas.nodes().count()).toBe(6);
    await waitForSaved(page);

    // Paste into another flow: the node arrives bound to that flow's own Visma eAccounting reference.
    await page.getByRole('button', { name: 'Flows', exact: true }).click();
    await page.getByRole('button', { name: 'New flow' }).first().click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Pasted into');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.getByTestId('canvas-empty').waitFor();
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('Control+V');
    await expect.poll(() => canvas.nodes().count()).toBe(2);
    await expect.poll(() => canvas.edgeCount()).toBe(1);
    expect(await canvas.node('source').locator('.node-card-detail').innerText()).toBe(
      'Reads from Visma eAccounting',
    );
    await waitForSaved(page);
  });
});
