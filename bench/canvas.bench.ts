// The canvas's speed in Chromium against the built browser host: editor first paint, opening a 300-node flow,
// frame times while dragging a node in it (and while it auto-pans at the canvas's edge), and the initial JavaScript of the list page (gzip).
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { startBrowserHost } from '../e2e/support/browser-host';
import { recordFigures } from './bench-results';
import { frameStats } from './frame-times';

function flowOf(count: number) {
  // A realistic shape: 50 chains of source → filter → value-map → lookup → mapper → destination.
  const kinds = ['source', 'filter', 'value-map', 'lookup', 'mapper', 'destination'] as const;
  const configs = {
    source: { connection: 'src', entity: 'invoice' },
    filter: { all: [{ field: 'total', op: '>', value: '0' }] },
    'value-map': { field: 'lines.taxCode', table: [{ from: 'MP1', to: 'OUTPUT2' }], unmapped: 'pass' },
    lookup: {
      connection: 'dst',
      entity: 'contact',
      from: 'contact.number',
      matchOn: 'number',
      into: 'contact.id',
      onMissing: 'fail',
    },
    mapper: { fields: { reference: "'VEA-' & number" } },
    destination: { connection: 'dst', entity: 'invoice', match: ['externalId'], onExisting: 'update' },
  };
  const nodes = Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return {
      id: `n${i}`,
      type: kind,
      position: { x: (i % kinds.length) * 280, y: Math.floor(i / kinds.length) * 110 },
      config: configs[kind],
    };
  });
  const edges = nodes.flatMap((n, i) =>
    i % kinds.length === kinds.length - 1 ? [] : [{ id: `e${i}`, source: n.id, target: `n${i + 1}` }],
  );
  return {
    format: 'ledgerflow.flow',
    version: 1,
    id: 'bench-300',
    name: 'Bench: 300 nodes',
    mode: 'shadow',
    connections: { src: { system: 'visma-eaccounting' }, dst: { system: 'xero' } },
    nodes,
    edges,
  };
}

const host = await startBrowserHost();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const workDir = await mkdtemp(join(tmpdir(), 'ledgerflow-bench-'));
try {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();

  // Initial JS of the list page: every script loaded by first paint, gzip-sized from dist/renderer.
  await page.goto(host.url);
  await page.getByTestId('flows-empty').waitFor();
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((name) => name.endsWith('.js')),
  );
  const initialJsBytes = scripts
    .map(
      (url) =>
        gzipSync(readFileSync(join('dist', 'renderer', 'assets', basename(new URL(url).pathname)))).length,
    )
    .reduce((a, b) => a + b, 0);

  // Import the generated flow through the UI's import.
  const file = join(workDir, 'bench-300.flow.json');
  await writeFile(file, JSON.stringify(flowOf(300)));
  await page.getByTestId('import-file-input').setInputFiles(file);
  await page.locator('[data-testid=flow-row]').first().waitFor();

  // Open it: route change → all 300 nodes rendered and measured (visible).
  const openMs = await page.evaluate(async () => {
    const row = [...document.querySelectorAll('[data-testid=flow-row] .flow-name')].find((e) =>
      e.textContent?.includes('Bench'),
    );
    const start = performance.now();
    (row as HTMLElement).click();
    return new Promise<number>((resolve) => {
      const check = () => {
        const nodes = document.querySelectorAll('.react-flow__node');
        if (nodes.length >= 300 && [...nodes].every((n) => (n as HTMLElement).style.visibility !== 'hidden'))
          resolve(performance.now() - start);
        else requestAnimationFrame(check);
      };
      check();
    });
  });

  // Drag one node for ~2 s, recording frame times. The pointer grabs the node by its centre (at this zoom a card
  // is ~10 px tall), carries it into the middle of the canvas and circles there, never within React Flow's 40 px
  // auto-pan margin: that is dragging a node. Carrying it to the canvas's edge pans the whole 300-node viewport on
  // every frame instead; that is measured separately below and reported without a target.
  const node = page.locator('.react-flow__node').nth(7);
  const box = (await node.boundingBox())!;
  const pane = (await page.locator('.react-flow').boundingBox())!;
  const grab = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const centre = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
  const recordFrames = async (move: (i: number) => { x: number; y: number }) => {
    await page.evaluate(() => {
      const w = window as unknown as { frames: number[]; recording: boolean };
      w.frames = [];
      w.recording = true;
      let last = performance.now();
      const tick = (t: number) => {
        w.frames.push(t - last);
        last = t;
        if (w.recording) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const started = Date.now();
    for (let i = 0; Date.now() - started < 2_000; i++) {
      const { x, y } = move(i);
      await page.mouse.move(x, y);
    }
    return page.evaluate(() => {
      const w = window as unknown as { frames: number[]; recording: boolean };
      w.recording = false;
      return w.frames.slice(2);
    });
  };
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(centre.x, centre.y, { steps: 10 });
  const dragged = await page.evaluate(() => document.querySelectorAll('.react-flow__node.dragging').length);
  if (dragged !== 1) throw new Error(`the drag grabbed ${dragged} nodes instead of one`);
  const frames = await recordFrames((i) => ({
    x: centre.x + Math.sin(i / 10) * 200,
    y: centre.y + Math.cos(i / 10) * 120,
  }));
  // Still holding the node: move it along the canvas's top edge, where React Flow pans the view after the pointer.
  const autoPanFrames = await recordFrames((i) => ({ x: centre.x + Math.sin(i / 10) * 200, y: pane.y + 8 }));
  await page.mouse.up();

  const drag = frameStats(frames);
  const autoPan = frameStats(autoPanFrames);

  // Editor first paint: a fresh navigation straight to the editor page.
  const editorUrl = new URL(page.url());
  const fresh = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await fresh.goto(editorUrl.toString());
  await fresh.locator('.react-flow__node').first().waitFor();
  const fcp = await fresh.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) resolve(entry.startTime);
        }).observe({ type: 'paint', buffered: true });
      }),
  );

  recordFigures('Canvas (Chromium, browser host)', [
    { key: 'editor_first_paint_ms', value: Math.round(fcp), unit: 'ms', target: '<= 1500' },
    { key: 'open_300_nodes_ms', value: Math.round(openMs), unit: 'ms', target: '<= 1000' },
    { key: 'drag_300_nodes_p95_frame_ms', value: drag.p95Ms, unit: 'ms', target: '<= 16.7' },
    { key: 'drag_300_nodes_raw_p95_frame_ms', value: drag.rawP95Ms, unit: 'ms' },
    {
      key: 'drag_300_nodes_dropped_frames_pct',
      value: Number((drag.droppedShare * 100).toFixed(1)),
      unit: '%',
    },
    { key: 'drag_300_nodes_autopan_p95_frame_ms', value: autoPan.p95Ms, unit: 'ms' },
    {
      key: 'drag_300_nodes_autopan_dropped_frames_pct',
      value: Number((autoPan.droppedShare * 100).toFixed(1)),
      unit: '%',
    },
    { key: 'initial_js_gzip_kb', value: Math.round(initialJsBytes / 1024), unit: 'kB', target: '<= 600' },
  ]);
} finally {
  await browser.close();
  await host.stop();
  await rm(workDir, { recursive: true, force: true });
}
