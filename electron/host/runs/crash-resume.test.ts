import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEngineWorker } from '../../../test-support/engine-worker-build';
import { startXeroSandboxKit, type XeroSandboxKit } from '../../engine/engine-sandbox.test-helper';
import { crashAndResume } from '../../../test-support/crash-resume';

/**
 * Crash safety (ARCHITECTURE §5.6): a live flow runs in a child process against the Xero sandbox with faults
 * on (5xx, dropped connections after the server acted, 429s with Retry-After, latency); the worker is SIGKILLed
 * at random points (mostly right after a batch was journalled and sent) and resumed each time. At the end the
 * destination holds exactly the expected records: no duplicate, no gap, and the id map agrees with it. The
 * session itself is test-support/crash-resume.ts, shared with the longer variant in bench/crash.bench.ts.
 */
let kit: XeroSandboxKit;
let dir: string;
let workerFile: string;

beforeAll(async () => {
  workerFile = await buildEngineWorker('engine-worker');
  kit = await startXeroSandboxKit({ seed: 11, scale: 2 });
  dir = mkdtempSync(join(tmpdir(), 'lf-crash-'));
});
afterAll(async () => {
  await kit?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(workerFile, { force: true });
});

describe('crash safety: SIGKILL the engine worker at random points and resume', () => {
  it('leaves no duplicate and no gap after ≥ 30 kills', { timeout: 120_000 }, async () => {
    const seed = Number(process.env.LF_CRASH_SEED ?? Date.now() % 100_000);
    const r = await crashAndResume({
      kit,
      workerFile,
      storagePath: join(dir, 'engine.sqlite'),
      kills: 32,
      maxLives: 200,
      seed,
    });
    const { lifeTimesMs, deadLetters, ...figures } = r;
    console.log(`crash-resume: ${JSON.stringify(figures)} lives(ms): ${lifeTimesMs.join(',')}`);
    expect(r.runStatus, `seed ${seed}`).toBe('succeeded');
    expect(deadLetters, `seed ${seed}`).toEqual([]);
    expect(r.kills, `seed ${seed}`).toBeGreaterThanOrEqual(30);
    expect(figures, `seed ${seed}`).toMatchObject({ lost: 0, duplicated: 0, inconsistent: 0 });
    expect(r.createdContacts).toBeGreaterThan(100);
  });
});
