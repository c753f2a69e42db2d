import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordFigures } from './bench-results';
import { invoiceFlow, startBenchWorker, startInvoiceSandbox } from './invoice-sync';

/**
 * Xero API calls of a live sync of 5,000 invoices against the fewest possible (issue 6): the invoices flow as a
 * first sync (`invoiceFlow`: every invoice new to Xero, so all of them are written; the example itself would skip
 * the ones Xero already has) runs live in the engine worker against the sandbox, and the sandbox's own counters
 * count every call that reached Xero's Accounting API (token calls apart). The fewest possible: one write per 50 records (Xero's batch size),
 * plus one paged read (1,000 a page) of everything the sync must know from Xero: its contacts (the customer
 * lookup), its invoices (matching) and its tax rates (validating tax codes).
 */
const N = Number(process.env.LF_BENCH_INVOICES ?? 5_000);
const PAGE = 1000;
const BATCH = 50;

const sandbox = await startInvoiceSandbox(N);
const dir = mkdtempSync(join(tmpdir(), 'lf-bench-calls-'));
const org = sandbox.sb.admin.xero.api.org(sandbox.endpoints.xero.tenantId)!;
const contactsBefore = org.contacts.size;
const invoicesBefore = org.invoices.size;
const worker = await startBenchWorker(sandbox, join(dir, 'engine.sqlite'));
let calls: Record<string, number>;
let written: number;
try {
  sandbox.sb.admin.resetCounters('xero');
  const { run, seconds } = await worker.run(invoiceFlow(), 'live');
  if (run.status !== 'succeeded')
    throw new Error(`the live run ended ${run.status}: ${JSON.stringify(run.error)}`);
  const c = run.counts;
  written = c.written;
  console.log(
    `live run: ${c.read} invoices read, ${c.create} created, ${c.update} updated, ${c.invalid} invalid, ` +
      `${c.written} written, ${c.deadLetters} dead letters in ${seconds.toFixed(2)} s; the run counted ${JSON.stringify(c.apiCalls)}`,
  );
  if (c.deadLetters) throw new Error(`${c.deadLetters} dead letter(s): every planned write should succeed`);
  calls = Object.fromEntries(
    Object.entries(sandbox.sb.admin.counters('xero').operations)
      .filter(([op]) => !/connect\/|\/connections/i.test(op))
      .map(([op, { calls: n }]) => [op, n]),
  );
} finally {
  await worker.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}
const used = Object.values(calls).reduce((a, b) => a + b, 0);
const minimum =
  Math.ceil(written / BATCH) + Math.ceil(contactsBefore / PAGE) + Math.ceil(invoicesBefore / PAGE) + 1;
console.log(`Xero calls by operation: ${JSON.stringify(calls)}`);
console.log(
  `Xero calls: ${used}; fewest possible ${minimum} = ⌈${written}/${BATCH}⌉ writes + ⌈${contactsBefore}/${PAGE}⌉ contact pages + ⌈${invoicesBefore}/${PAGE}⌉ invoice pages + 1 tax rates`,
);
recordFigures(`Engine: Xero calls of a live sync of ${N} invoices (sandbox counters)`, [
  { key: 'xero_calls_per_minimum', value: Number((used / minimum).toFixed(3)), unit: '×', target: '<= 1.05' },
]);
