import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../test-support/flow-examples';
import { copyFlow } from '../engine/engine-sandbox.test-helper';
import { runRunCommand } from './run-command';

const home = mkdtempSync(join(tmpdir(), 'lf-cli-run-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const capture = () => {
  let text = '';
  return {
    write: (t: string) => (text += t),
    get text() {
      return text;
    },
  };
};

const flowFile = join(home, 'items.flow.json');
writeFileSync(
  flowFile,
  JSON.stringify(
    copyFlow({
      id: 'cli-items',
      name: 'Demo AB → Nordvik: items',
      nodes: [
        {
          id: 'items',
          type: 'source',
          position: { x: 0, y: 0 },
          config: { connection: 'src', entity: 'item' },
        },
        {
          id: 'nordvik-items',
          type: 'destination',
          position: { x: 300, y: 0 },
          config: { connection: 'dst', entity: 'item', match: ['code'] },
        },
      ],
      edges: [{ id: 'e', source: 'items', target: 'nordvik-items' }],
    }),
  ),
);

describe('ledgerflow run', () => {
  it('plans with --shadow, writes with --live, and the next run sees the writes (--sandbox persisted)', async () => {
    const env = { LEDGERFLOW_HOME: home };
    const run = async (...args: string[]) => {
      const out = capture();
      const err = capture();
      const code = await runRunCommand([flowFile, ...args, '--sandbox', '--json'], out, err, env);
      expect(err.text).toBe('');
      return { code, result: JSON.parse(out.text) };
    };
    const shadow = await run('--shadow');
    expect(shadow.code).toBe(0);
    expect(shadow.result).toMatchObject({
      mode: 'shadow',
      deadLetters: 0,
      apiCalls: { xero: expect.any(Number) },
    });
    expect(Object.keys(shadow.result).sort()).toEqual(['apiCalls', 'counts', 'deadLetters', 'mode', 'runId']);
    expect(shadow.result.counts.create).toBeGreaterThan(10);
    const live = await run('--live');
    expect(live.result.counts).toEqual(shadow.result.counts);
    expect(live.code).toBe(0);
    const again = await run('--live');
    // Nothing is created twice. (Updated items come back without their unit price from the Xero sandbox, so
    // those keep showing as updates: a connector/simulator round-trip gap reported with this change.)
    expect(again.result.counts.create).toBe(0);
    expect(again.result.counts.unchanged).toBeGreaterThanOrEqual(live.result.counts.create);
  });

  it('prints progress and a summary, and refuses bad usage', async () => {
    const out = capture();
    expect(
      await runRunCommand([flowFile, '--shadow', '--sandbox'], out, capture(), { LEDGERFLOW_HOME: home }),
    ).toBe(0);
    expect(out.text).toMatch(/Reading (all item|item changed since)/);
    expect(out.text).toMatch(/✓ shadow run .* succeeded: 0 create/);
    const err = capture();
    expect(await runRunCommand([flowFile], capture(), err, { LEDGERFLOW_HOME: home })).toBe(2);
    expect(err.text).toMatch(/exactly one of --shadow or --live/);
  });
});

describe('ledgerflow run on the shipped example (Visma eAccounting → Xero contacts)', () => {
  it('binds both systems to the sandbox companies, creates the Visma-only customers and dead-letters what Xero refuses', async () => {
    const exampleHome = mkdtempSync(join(tmpdir(), 'lf-cli-example-'));
    const example = join(repoRoot, 'flows-examples', 'visma-eaccounting-to-xero-contacts.flow.json');
    const run = async (...args: string[]) => {
      const out = capture();
      const err = capture();
      const code = await runRunCommand([example, ...args, '--sandbox', '--json'], out, err, {
        LEDGERFLOW_HOME: exampleHome,
      });
      return { code, summary: JSON.parse(out.text.trim().split('\n').at(-1)!), err: err.text };
    };
    try {
      const shadow = await run('--shadow');
      expect(shadow.code, shadow.err).toBe(0);
      expect(shadow.summary.apiCalls['visma-eaccounting']).toBeGreaterThan(0);
      expect(shadow.summary.apiCalls.xero).toBeGreaterThan(0);
      // docs/sandbox.md: customers 90001 and up exist only in Visma eAccounting.
      expect(shadow.summary.counts.create).toBeGreaterThan(0);
      const live = await run('--live');
      expect(live.summary.counts).toEqual(shadow.summary.counts);
      // The seeded look-alike customers collide with Xero's unique contact names: refused, not lost.
      expect(live.summary.deadLetters).toBeGreaterThan(0);
      const again = await run('--shadow');
      expect(again.summary.counts.create).toBe(0);
    } finally {
      rmSync(exampleHome, { recursive: true, force: true });
    }
  });
});
