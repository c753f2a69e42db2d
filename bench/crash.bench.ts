import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startXeroSandboxKit } from '../electron/engine/engine-sandbox.test-helper';
import { crashAndResume, crashSettings } from '../test-support/crash-resume';
import { recordFigures } from './bench-results';
import { builtWorkerEntry } from './invoice-sync';

/**
 * The longer crash-and-resume session (issue 6; the suite's test kills 32 times): the built engine worker runs
 * a live flow (Demo AB's contacts and items to Nordvik) against the Xero sandbox with faults on (8 % 5xx, 3 %
 * connections dropped after the server acted, 429 bursts, latency) and is SIGKILLed at 200 random points,
 * resumed each time; then the destination and the id map are checked record by record
 * (test-support/crash-resume.ts, shared with electron/host/runs/crash-resume.test.ts). The sandbox is larger than
 * the test's so that 200 kills still find batches to interrupt; `LF_CRASH_SEED` replays a session.
 */
const KILLS = Number(process.env.LF_CRASH_KILLS ?? 200);
const seed = Number(process.env.LF_CRASH_SEED ?? Date.now() % 100_000);

// Scale 25: about 1,000 contacts and 200 items to copy, in batches of 2: some 600 batches, far more than 200
// kills interrupt (each life sends one or two before it is killed), so the last kill still finds work.
const kit = await startXeroSandboxKit({ seed: 11, scale: 25 });
const dir = mkdtempSync(join(tmpdir(), 'lf-bench-crash-'));
const workerFile = builtWorkerEntry();
let result: Awaited<ReturnType<typeof crashAndResume>>;
try {
  result = await crashAndResume({
    kit,
    workerFile,
    storagePath: join(dir, 'engine.sqlite'),
    kills: KILLS,
    seed,
    lifeGuardMs: 30_000,
    settings: { ...crashSettings, batchSize: 2 },
  });
} finally {
  await kit.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(workerFile, { force: true });
}
const { lifeTimesMs, deadLetters, ...figures } = result;
console.log(`crash-resume (seed ${seed}): ${JSON.stringify(figures)}`);
const lives = [...lifeTimesMs].sort((a, b) => a - b);
console.log(
  `life times: median ${lives[Math.floor(lives.length / 2)]} ms, longest ${lives.at(-1)} ms; ${deadLetters.length} dead letter(s)`,
);
for (const letter of deadLetters.slice(0, 5)) console.log(`  dead letter: ${letter}`);
if (result.runStatus !== 'succeeded') console.error(`the run ended ${result.runStatus} (seed ${seed})`);
recordFigures(`Engine: crash and resume, ${KILLS} SIGKILLs of the worker with faults on (seed ${seed})`, [
  { key: 'crash_resume_kills', value: result.kills, unit: 'kills', target: `>= ${KILLS}` },
  // A dead-lettered record is missing at the destination, so it counts as lost as well.
  { key: 'crash_resume_lost', value: result.lost, unit: 'records', target: '<= 0' },
  { key: 'crash_resume_duplicated', value: result.duplicated, unit: 'records', target: '<= 0' },
]);
if (result.inconsistent) console.error(`${result.inconsistent} id map entries disagree with the destination`);
if (
  result.runStatus !== 'succeeded' ||
  result.lost ||
  result.duplicated ||
  result.inconsistent ||
  deadLetters.length
)
  process.exitCode = 1;
