import type { CanonicalRecord } from '../shared/records/canonical-record';
import type { Flow } from '../shared/flow/flow.schema';
import type { EngineEvent, EngineSettings } from '../electron/engine/engine';
import { copyFlow, kitBindings, type XeroSandboxKit } from '../electron/engine/engine-sandbox.test-helper';
import { SqliteStateStore } from '../electron/engine/state/sqlite-state-store';
import { EngineWorkerClient, forkNodeWorker } from '../electron/host/runs/engine-worker';
import type { FaultSettings } from '../electron/sandbox/kit/fault-injector';
import { seededRandom } from './flow-examples';

/**
 * Crash safety (ARCHITECTURE §5.6), shared by electron/host/runs/crash-resume.test.ts (≥ 30 kills, fast) and
 * bench/crash.bench.ts (≥ 200 kills): a live flow runs in a child process against the Xero sandbox with faults
 * on; the worker is SIGKILLed at random points (mostly right after a batch was journalled and sent, sometimes
 * while planning) and resumed each time; at the end the destination is compared with the sources.
 */

/** Contacts (numbers prefixed by a mapper, so they cannot collide with Nordvik's own) and items, Demo → Nordvik. */
export function crashFlow(): Flow {
  const [contactSource, contactDestination] = copyFlow().nodes;
  return copyFlow({
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
}

/** Faults on the Xero API while the worker is being killed: 5xx, connections dropped after the server acted, 429s, latency. */
export const crashFaults = (seed: number): Partial<FaultSettings> => ({
  latencyMs: 3,
  jitterMs: 8,
  errorRate: 0.08,
  dropRate: 0.03,
  burst429: { count: 2, problem: 'minute', retryAfterSec: 1 },
  seed,
});

/** Engine settings for the crashing worker: small batches (many kill points), fast retries, no rate budget. */
export const crashSettings: EngineSettings = {
  batchSize: 4,
  concurrency: 2,
  retryPolicy: { maxRetries: 10, baseDelayMs: 5, maxDelayMs: 100 },
  rateLimits: { concurrent: 5, perMinute: 100_000 },
};

/** What a crash-and-resume session found. */
export interface CrashResumeResult {
  readonly seed: number;
  /** Workers SIGKILLed. */
  readonly kills: number;
  readonly lives: number;
  readonly elapsedMs: number;
  readonly lifeTimesMs: readonly number[];
  readonly runStatus: string;
  /** Dead letters left (`record code message`). */
  readonly deadLetters: readonly string[];
  /** Source records with no counterpart at the destination. */
  readonly lost: number;
  /** Records at the destination beyond one per source record (by match key, and beyond what the plan created). */
  readonly duplicated: number;
  /** Source records whose id map entry does not name their counterpart. */
  readonly inconsistent: number;
  /** Records the run's plan created. */
  readonly created: number;
  readonly createdContacts: number;
}

/**
 * Runs `crashFlow()` live in a forked worker (`workerFile`: the built engine worker), killing it `kills` times
 * at random points (seeded: `seed` replays a session) and resuming each time, with the sandbox's Xero faults on;
 * then reads both tenants and the state database and counts what was lost, duplicated or mis-mapped. Throws
 * when the run ends other than by succeeding.
 */
export async function crashAndResume(o: {
  readonly kit: XeroSandboxKit;
  readonly workerFile: string;
  readonly storagePath: string;
  readonly kills: number;
  readonly seed: number;
  readonly maxLives?: number;
  /** A life that neither finishes nor gets killed (nothing left to send) is killed after this long. */
  readonly lifeGuardMs?: number;
  /** The worker's engine settings (default `crashSettings`). */
  readonly settings?: EngineSettings;
}): Promise<CrashResumeResult> {
  const { kit, seed } = o;
  const flow = crashFlow();
  const random = seededRandom(seed);
  const readAll = async (connectionId: string, entity: 'contact' | 'item') => {
    const out: CanonicalRecord[] = [];
    for await (const p of kit.connector(connectionId).read(entity, { pageSize: 1000 }))
      out.push(...p.records);
    return out;
  };
  const contactsBefore = await readAll('nordvik', 'contact');
  const itemsBefore = await readAll('nordvik', 'item');
  kit.sb.admin.setFaults('xero', crashFaults(seed));

  let kills = 0;
  let lastFailure: string | undefined;
  const lifeTimesMs: number[] = [];
  let runId: string | undefined;
  let finished: EngineEvent | undefined;
  let lives = 0;
  const started = Date.now();
  for (; lives < (o.maxLives ?? o.kills * 6) && !finished; lives++) {
    let batchesSeen = 0;
    const lifeStarted = Date.now();
    // Mostly right after a batch went out (its intent journalled, the request maybe in flight); sometimes
    // while planning or between batches.
    const killAfterBatches = Math.floor(random() * 2);
    const extraDelay = Math.floor(random() * 30);
    const killWhilePlanning = lives === 0 || random() < 0.1;
    let killTimer: NodeJS.Timeout | undefined;
    const worker = forkNodeWorker(o.workerFile);
    let killed = false;
    const exited = new Promise<void>((r) =>
      worker.onExit((_code, signal) => {
        killed = signal === 'SIGKILL';
        r();
      }),
    );
    const kill = () => {
      // Enough kills: let the last life finish the run.
      if (killTimer || finished || kills >= o.kills) return;
      killTimer = setTimeout(() => worker.kill('SIGKILL'), extraDelay);
    };
    const client = new EngineWorkerClient(worker, {
      storagePath: o.storagePath,
      endpoints: kit.endpoints,
      settings: o.settings ?? crashSettings,
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
        runId = (await client.call<{ runId: string }>('start', { flow, bindings: kitBindings, mode: 'live' }))
          .runId;
      else await client.call('resumeUnfinished');
    } catch {
      // Killed before it answered: the next life resumes.
    }
    const guard = setTimeout(() => worker.kill('SIGKILL'), o.lifeGuardMs ?? 15_000);
    await exited.catch(() => undefined);
    lifeTimesMs.push(Date.now() - lifeStarted);
    clearTimeout(guard);
    clearTimeout(killTimer);
    if (lastFailure) throw new Error(`the run ended badly: ${lastFailure} (seed ${seed})`);
    if (killed) kills++;
  }
  kit.sb.admin.clearFaults('xero');
  const elapsedMs = Date.now() - started;

  const store = new SqliteStateStore(o.storagePath);
  try {
    const run = runId ? store.getRun(runId) : undefined;
    if (!run) throw new Error(`no run was started (seed ${seed})`);
    const deadLetters = store.deadLetters({}).map((l) => `${l.recordKey} ${l.code} ${l.message}`);
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
    return {
      seed,
      kills,
      lives,
      elapsedMs,
      lifeTimesMs,
      runStatus: run.status,
      deadLetters,
      lost: contacts.lost + items.lost,
      duplicated: contacts.duplicated + items.duplicated,
      inconsistent: contacts.inconsistent + items.inconsistent,
      created: contacts.created + items.created,
      createdContacts: contacts.created,
    };
  } finally {
    store.close();
  }
}
