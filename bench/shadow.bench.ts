import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordFigures } from './bench-results';
import { exampleInvoicesFlow, median, startBenchWorker, startInvoiceSandbox } from './invoice-sync';

/**
 * A shadow run of 10,000 invoices end to end (issue 6): flows-examples/visma-eaccounting-to-xero-invoices.flow.json
 * (filter, customer lookup, VAT value map, mapper, destination) in the engine worker, forked as the host forks it,
 * against the sandbox simulators over HTTP on loopback: read every invoice, look its customer up in Xero, match
 * it against Xero's invoices, validate, diff, review and store the plan. Timed from `start` to the finished run;
 * the median of three runs (the machine is shared, so single runs are noisy).
 */
const N = Number(process.env.LF_BENCH_INVOICES ?? 10_000);
const RUNS = 3;

const sandbox = await startInvoiceSandbox(N);
const dir = mkdtempSync(join(tmpdir(), 'lf-bench-shadow-'));
const worker = await startBenchWorker(sandbox, join(dir, 'engine.sqlite'));
const seconds: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const { run, seconds: s } = await worker.run(exampleInvoicesFlow(), 'shadow');
    if (run.status !== 'succeeded')
      throw new Error(`the shadow run ended ${run.status}: ${JSON.stringify(run.error)}`);
    const c = run.counts;
    console.log(
      `shadow run ${i + 1}: ${c.read} invoices read, ${c.create} to create, ${c.update} to update, ${c.skip} to skip, ${c.invalid} invalid; ` +
        `API calls ${JSON.stringify(c.apiCalls)} in ${s.toFixed(2)} s`,
    );
    seconds.push(s);
  }
} finally {
  await worker.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `eAccounting held ${sandbox.invoices} invoices (sandbox scale ${sandbox.scale}); runs: ${seconds.map((s) => s.toFixed(2)).join(', ')} s`,
);
recordFigures(`Engine: shadow run of ${N} invoices against the sandbox (worker process, HTTP)`, [
  { key: 'shadow_10k_invoices_s', value: Number(median(seconds).toFixed(2)), unit: 's', target: '<= 5' },
]);
