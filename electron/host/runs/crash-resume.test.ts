import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import type { Flow } from '../../../shared/flow/flow.schema';
import type { EngineEvent } from '../../engine/engine';
import {
  copyFlow,
  kitBindings,
  startXeroSandboxKit,
  type XeroSandboxKit,
} from '../../engine/engine-sandbox.test-helper';
import { SqliteStateStore } from '../../engine/state/sqlite-state-store';
import { EngineWorkerClient, forkNodeWorker } from './engine-worker';

/**
 * Crash safety (ARCHITECTURE §5.6): a live flow runs in a child process against the Xero sandbox with faults
 * on (5xx, dropped connections after the server acted, 429s with Retry-After, latency); the worker is SIGKILLed
 * at random points (mostly right after a batch was journalled and sent) and resumed each time. At the end the
 * destination holds exactly the expected records: no duplicate, no gap, and the id map agrees with it.
 */
let kit: XeroSandboxKit;
let dir: string;
let workerFile: string;

beforeAll(async () => {
  const outDir = resolve('node_modules/.cache/ledgerflow-tests');
  mkdirSync(outDir, { recursive: true });
  workerFile = join(outDir, `engine-worker-${process.pid}.mjs`);
  await build({
    entryPoints: ['electron/engine/process-entry.ts'],
    outfile: workerFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  kit = await startXeroSandboxKit({ seed: 11, scale: 2 });
  dir = mkdtempSync(join(tmpdir(), 'lf-crash-'));
});
afterAll(async () => {
  await kit?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(workerFile, { force: true });
});

const [contactSource, contactDestination] = copyFlow().nodes;
const flow: Flow = copyFlow({
  id: 'crash-resume',
  nodes: [
    contactSource!,
    {
      id: 'prefix-numbers',
      type: 'mapper',
      position: { x: 200, y: 0 },
      // Nordvik numbers its own contacts C10001…; the copies get a prefix so they cannot collide.
      config: { fields: { number: "number ? 'D-' & number" }, keepUnmapped: true },
    },
    contactDestination!,
    {
      id: 'items',
      type: 'source',
      position: { x: 0, y: 200 },
      config: { connection: 'src', entity: 'item' },
    },
    {
      id: 'nordvik-items',
      type: 'destination',
      position: { x: 400, y: 200 },
      config: { connection: 'dst', entity: 'item', match: ['code'], onExisting: 'update' },
    },
  ],
  edges: [
    { id: 'e1', source: 'contacts', target: 'prefix-numbers' },
    { id: 'e3', source: 'prefix-numbers', target: 'nordvik-contacts' },
    { id: 'e2', source: 'items', target: 'nordvik-items' },
  ],
});

const readAll = async (connectionId: string, entity: 'contact' | 'item') => {
  const out: CanonicalRecord[] = [];
  for await (const p of kit.connector(connectionId).read(entity, { pageSize: 1000 })) out.push(...p.records);
  return out;
};

/** A seeded PRNG so a failure can be replayed (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('crash safety: SIGKILL the engine worker at random points and resume', () => {
  it('leaves no duplicate and no gap after ≥ 30 kills', { timeout: 120_000 }, async () => {
    const seed = Number(process.env.LF_CRASH_SEED ?? Date.now() % 100_000);
    const random = prng(seed);
    const storagePath = join(dir, 'engine.sqlite');
    const contactsBefore = await readAll('nordvik', 'contact');
    const itemsBefore = await readAll('nordvik', 'item');
    kit.sb.admin.setFaults('xero', {
      latencyMs: 3,
      jitterMs: 8,
      errorRate: 0.08,
      dropRate: 0.03,
      burst429: { count: 2, problem: 'minute', retryAfterSec: 1 },
      seed,
    });

    let kills = 0;
    const KILLS = 32;
    let lastFailure: string | undefined;
    const lifeTimes: number[] = [];
    let runId: string | undefined;
    let finished: EngineEvent | undefined;
    const started = Date.now();
    for (let life = 0; life < 200 && !finished; life++) {
      let batchesSeen = 0;
      const lifeStarted = Date.now();
      // Mostly right after a batch went out (its intent journalled, the request maybe in flight); sometimes
      // while planning or between batches.
      const killAfterBatches = Math.floor(random() * 2);
      const extraDelay = Math.floor(random() * 30);
      const killWhilePlanning = life === 0 || random() < 0.1;
      let killTimer: NodeJS.Timeout | undefined;
      const worker = forkNodeWorker(workerFile);
      let killed = false;
      const exited = new Promise<void>((r) =>
        worker.onExit((_code, signal) => {
          killed = signal === 'SIGKILL';
          r();
        }),
      );
      const kill = () => {
        // Enough kills: let the last life finish the run.
        if (killTimer || finished || kills >= KILLS) return;
        killTimer = setTimeout(() => worker.kill('SIGKILL'), extraDelay);
      };
      const client = new EngineWorkerClient(worker, {
        storagePath,
        endpoints: kit.endpoints,
        settings: {
          batchSize: 4,
          concurrency: 2,
          retryPolicy: { maxRetries: 10, baseDelayMs: 5, maxDelayMs: 100 },
          rateLimits: { concurrent: 5, perMinute: 100_000 },
        },
        token: (_id, rejected) =>
          rejected ? kit.tokens.refreshAfterUnauthorized(rejected) : kit.tokens.accessToken(),
        onEvent: (event) => {
          if (event.type === 'progress' && event.run.finishedAt) {
            if (event.run.status === 'succeeded') finished = event;
            else lastFailure = JSON.stringify(event.run.error ?? event.run.status);
            void client.shutdown(2_000);
          }
          if (event.type !== 'log') return;
          if (killWhilePlanning && event.line.kind === 'run-started') kill();
          if (event.line.kind === 'batch-sent' && ++batchesSeen > killAfterBatches) kill();
        },
      });
      try {
        if (!runId)
          runId = (
            await client.call<{ runId: string }>('start', { flow, bindings: kitBindings, mode: 'live' })
          ).runId;
        else await client.call('resumeUnfinished');
      } catch {
        // Killed before it answered: the next life resumes.
      }
      // A life that neither finishes nor gets killed (nothing left to send) would wait forever.
      const guard = setTimeout(() => worker.kill('SIGKILL'), 15_000);
      await exited.catch(() => undefined);
      lifeTimes.push(Date.now() - lifeStarted);
      clearTimeout(guard);
      if (lastFailure) throw new Error(`the run ended badly: ${lastFailure} (seed ${seed})`);
      clearTimeout(killTimer);
      if (killed) kills++;
    }
    kit.sb.admin.clearFaults('xero');
    const elapsed = Date.now() - started;

    const store = new SqliteStateStore(storagePath);
    try {
      const run = store.getRun(runId!)!;
      expect(run.status, `seed ${seed}`).toBe('succeeded');
      const letters = store.deadLetters({}).map((l) => `${l.recordKey} ${l.code} ${l.message}`);
      expect(letters, `seed ${seed}`).toEqual([]);
      const check = async (
        entity: 'contact' | 'item',
        destNode: string,
        key: 'name' | 'code',
        before: CanonicalRecord[],
        sources: CanonicalRecord[],
      ) => {
        const after = await readAll('nordvik', entity);
        const idMap = store.idMapAll(flow.id, destNode);
        const live = after.filter((r) => r.data.isActive !== false);
        const byKey = new Map<string, CanonicalRecord[]>();
        for (const r of live) {
          const k = String(r.data[key]).toLowerCase();
          byKey.set(k, [...(byKey.get(k) ?? []), r]);
        }
        let lost = 0;
        let duplicated = 0;
        let inconsistent = 0;
        for (const s of sources) {
          const targets = byKey.get(String(s.data[key]).toLowerCase()) ?? [];
          if (targets.length === 0) lost++;
          if (targets.length > 1) duplicated += targets.length - 1;
          if (idMap.get(s.sourceId) !== targets[0]?.sourceId) inconsistent++;
        }
        const created = store.countPlanItems(run.id, { destNode, actions: ['create'] });
        // Nothing beyond what the plan created: a resend that duplicated would add records here.
        duplicated += Math.max(0, after.length - before.length - created);
        return { lost, duplicated, inconsistent, created };
      };
      const demoContacts = (await readAll('demo', 'contact')).filter((c) => c.data.isActive !== false);
      const demoItems = await readAll('demo', 'item');
      const contacts = await check('contact', 'nordvik-contacts', 'name', contactsBefore, demoContacts);
      const items = await check('item', 'nordvik-items', 'code', itemsBefore, demoItems);
      const figures = {
        seed,
        kills,
        elapsedMs: elapsed,
        lost: contacts.lost + items.lost,
        duplicated: contacts.duplicated + items.duplicated,
        inconsistent: contacts.inconsistent + items.inconsistent,
        created: contacts.created + items.created,
      };
      console.log(`crash-resume: ${JSON.stringify(figures)} lives(ms): ${lifeTimes.join(',')}`);
      expect(kills, `seed ${seed}`).toBeGreaterThanOrEqual(30);
      expect(figures, `seed ${seed}`).toMatchObject({ lost: 0, duplicated: 0, inconsistent: 0 });
      expect(contacts.created).toBeGreaterThan(100);
    } finally {
      store.close();
    }
  });
});
