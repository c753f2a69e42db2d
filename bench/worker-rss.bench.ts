import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordFigures } from './bench-results';
import { exampleInvoicesFlow, startBenchWorker, startInvoiceSandbox } from './invoice-sync';

/**
 * Peak RSS of the engine worker at 100,000 invoices (issue 6): the built worker (dist/node/engine-worker.js),
 * forked and driven as the host does (workerBackend), plans the invoices example flow over 100,000 Visma eAccounting
 * invoices against the sandbox (which runs here, in the benchmark's process: its memory is not the worker's).
 * The peak is the kernel's high-water mark of the worker's resident set (VmHWM), read before it exits; where
 * there is no /proc, the largest RSS seen by sampling `ps` every 100 ms.
 */
const N = Number(process.env.LF_BENCH_INVOICES ?? 100_000);

/** Peak resident set of a process in MB: VmHWM from /proc (Linux), else undefined. */
function peakRssMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Current resident set of a process in MB through `ps` (macOS, or no /proc). */
function rssMb(pid: number): number | undefined {
  try {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
  } catch {
    return undefined;
  }
}

const seeding = performance.now();
const sandbox = await startInvoiceSandbox(N);
console.log(
  `sandbox: ${sandbox.invoices} eAccounting invoices (scale ${sandbox.scale}) in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
);
const dir = mkdtempSync(join(tmpdir(), 'lf-bench-rss-'));
const worker = await startBenchWorker(sandbox, join(dir, 'engine.sqlite'));
const pid = worker.pid()!;
let sampled = 0;
// Sampling blocks this process (the sandbox's) for a moment each time: only where the kernel keeps no peak.
const sampler =
  peakRssMb(pid) === undefined
    ? setInterval(() => (sampled = Math.max(sampled, rssMb(pid) ?? 0)), 100)
    : undefined;
let peak: number;
try {
  const atStart = peakRssMb(pid) ?? rssMb(pid) ?? 0;
  const { run, seconds } = await worker.run(exampleInvoicesFlow(), 'shadow');
  if (run.status !== 'succeeded')
    throw new Error(`the run ended ${run.status}: ${JSON.stringify(run.error)}`);
  peak = peakRssMb(pid) ?? sampled;
  const c = run.counts;
  console.log(
    `shadow run: ${c.read} invoices read, ${c.create} to create, ${c.skip} to skip, ${c.invalid} invalid in ${seconds.toFixed(1)} s; ` +
      `worker RSS ${atStart.toFixed(0)} MB when idle, peak ${peak.toFixed(0)} MB`,
  );
} finally {
  clearInterval(sampler);
  await worker.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}
recordFigures(`Engine: worker peak RSS planning ${N} invoices`, [
  { key: 'worker_peak_rss_mb_100k', value: Math.round(peak), unit: 'MB', target: '<= 300' },
]);
