import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AccessTokenSource } from '../electron/connectors/kit/connector';
import { UndiciHttpClient } from '../electron/connectors/kit/http-client';
import { accountingBaseUrl } from '../electron/connectors/xero/xero-oauth';
import type { ConnectorProvider, EngineSettings } from '../electron/engine/engine';
import type { RunMode, RunRow } from '../electron/engine/state/state-store';
import { forkNodeWorker, type WorkerProcess } from '../electron/host/runs/engine-worker';
import { workerBackend } from '../electron/host/runs/run-supervisor';
import {
  endpointConnectorProvider,
  type ConnectionEndpoint,
} from '../electron/engine/endpoint-connector-provider';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../electron/sandbox/sandbox-server';
import { scaleForVeaInvoices } from '../electron/sandbox/seed/sync-overlaps';
import type { Flow } from '../shared/flow/flow.schema';
import { parseFlowText } from '../shared/flow/flow-validation';

/**
 * What the engine benchmarks share: the sandbox sized to a number of Visma eAccounting invoices, its eAccounting
 * company and Xero's "Ledgerflow Demo AB" bound as connections `vea` and `xero`, the invoices example flow, a
 * first-sync variant of it that writes every invoice, and the engine worker forked as the host forks it.
 */
export interface InvoiceSandbox {
  readonly sb: RunningSandbox;
  readonly scale: number;
  /** Customer invoices the eAccounting company holds (at least the number asked for). */
  readonly invoices: number;
  readonly endpoints: Readonly<Record<'vea' | 'xero', ConnectionEndpoint>>;
  /** An access token for a connection; after `rejected` was refused, a fresh one (the worker's token proxy). */
  token(connectionId: string, rejected?: string): Promise<string>;
  /** Connectors for an engine in this process. */
  readonly provider: ConnectorProvider;
  close(): Promise<void>;
}

/** Starts the sandbox with at least `invoices` eAccounting customer invoices, rate limits off (benchmarks). */
export async function startInvoiceSandbox(
  invoices: number,
  options: SandboxOptions = {},
): Promise<InvoiceSandbox> {
  const seed = options.seed ?? 1;
  const { scale, count } = scaleForVeaInvoices(seed, invoices);
  const sb = await startSandbox({
    port: 0,
    seed,
    scale,
    limits: {
      xero: { enabled: false },
      'visma-eaccounting': { enabled: false },
      'visma-net': { enabled: false },
    },
    // Every invoice may be written: the demo organisation's lock date would refuse the older ones.
    settings: { xero: { behaviour: { enforceLockDate: false } } },
    ...options,
  });
  const x = sb.apis.xero;
  const demo = x.tenants.find((t) => t.name.includes('Demo'))!;
  const endpoints = {
    vea: {
      system: 'visma-eaccounting' as const,
      apiBaseUrl: sb.apis.vismaEaccounting.apiBaseUrl,
      tenantId: sb.apis.vismaEaccounting.company.id,
    },
    xero: { system: 'xero' as const, apiBaseUrl: accountingBaseUrl(x), tenantId: demo.tenantId },
  };
  // Tokens straight from the sandbox (no browser); a refused one is replaced by a newly issued one.
  const issue: Record<string, () => string> = {
    vea: () => sb.admin.vismaEaccounting.issueToken().access_token,
    xero: () => sb.admin.xero.issueToken().access_token,
  };
  const tokens = new Map<string, string>();
  const token = async (id: string, rejected?: string): Promise<string> => {
    const current = tokens.get(id);
    if (current && current !== rejected) return current;
    const next = issue[id]?.();
    if (!next) throw new Error(`no sandbox connection ${id}`);
    tokens.set(id, next);
    return next;
  };
  const http = new UndiciHttpClient();
  const source = (id: string): AccessTokenSource => ({
    accessToken: () => token(id),
    refreshAfterUnauthorized: (rejected) => token(id, rejected),
  });
  const provider = endpointConnectorProvider(endpoints, source, http);
  // eAccounting's rows without an article of their own use its service articles; Xero gets them as items (as a
  // bookkeeper sets up before the first sync), with the sales account and tax type of their VAT rate.
  const services = await (
    await provider.connector('xero')
  ).write(
    'item',
    serviceItems.map(([code, accountCode, taxCode]) => ({
      kind: 'create' as const,
      key: code,
      data: { code, name: `Service ${code}`, salesAccountCode: accountCode, taxCode, unitPrice: '0' },
    })),
  );
  const refused = services.find((r) => !r.ok);
  if (refused && !refused.ok) throw refused.error;
  return {
    sb,
    scale,
    invoices: count,
    endpoints,
    token,
    provider,
    async close() {
      await http.close();
      await sb.close();
    },
  };
}

/** eAccounting's service articles (sandbox seed) as Xero items: code, sales account, tax type. */
const serviceItems: ReadonlyArray<readonly [string, string, string]> = [
  ['TJ25', '200', 'OUTPUT'],
  ['TJ12', '210', 'TAX001'],
  ['TJ06', '210', 'TAX003'],
  ['TJ00', '220', 'ZERORATEDOUTPUT'],
];

/** The invoices flow's connection keys bound to the sandbox connections. */
export const invoiceBindings = { src: 'vea', dst: 'xero' } as const;

/**
 * flows-examples/visma-eaccounting-to-xero-invoices.flow.json as it stands (its connection keys are `src` and
 * `dst`, as `invoiceBindings`). Against the sandbox it matches eAccounting invoice k to Xero's `INV-000k` and,
 * as its destination skips existing invoices, plans nearly all of them as skips and creates the few Xero lacks.
 */
export function exampleInvoicesFlow(): Flow {
  const file = resolve('flows-examples/visma-eaccounting-to-xero-invoices.flow.json');
  const parsed = parseFlowText(readFileSync(file, 'utf8'));
  if (!parsed.ok)
    throw new Error(`${file}: ${parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  return parsed.flow;
}

/**
 * Visma eAccounting → Xero invoices as a first sync into an organisation that has none of them yet, for the
 * benchmarks that write: the example flow's kind of nodes (a filter for paid and sent invoices with a total, the
 * customer looked up in Xero, VAT codes translated to Xero tax types, a reference), but invoice numbers stay
 * eAccounting's (`1`, `2`, …), unlike Xero's `INV-0001`, so a live run creates every invoice. eAccounting's
 * customer numbers are Xero's without the `C` (docs/sandbox.md, Overlaps), so a mapper adds it before the
 * lookup; a second value map gives each line Xero's sales account (an approved invoice needs one on every line,
 * and not every article is a Xero item with a sales account).
 */
export function invoiceFlow(id = 'bench-vea-xero-invoices'): Flow {
  return {
    format: 'ledgerflow.flow',
    version: 1,
    id,
    name: 'Visma eAccounting → Xero: invoices (benchmark)',
    mode: 'shadow',
    connections: {
      src: { system: 'visma-eaccounting', label: 'Ledgerflow Demo AB sandbox' },
      dst: { system: 'xero', label: 'Ledgerflow Demo AB' },
    },
    nodes: [
      {
        id: 'invoices',
        type: 'source',
        position: { x: 0, y: 0 },
        config: { connection: 'src', entity: 'invoice' },
      },
      {
        id: 'paid-or-sent',
        type: 'filter',
        position: { x: 300, y: 0 },
        config: {
          all: [
            { field: 'status', op: 'in', value: ['paid', 'authorised'] },
            { field: 'total', op: '>', value: '0' },
          ],
        },
      },
      {
        id: 'customer-number',
        type: 'mapper',
        position: { x: 600, y: 0 },
        config: { fields: { 'contact.number': "'C' & contact.number" }, keepUnmapped: true },
      },
      {
        id: 'customer-in-xero',
        type: 'lookup',
        position: { x: 900, y: 0 },
        config: {
          connection: 'dst',
          entity: 'contact',
          from: 'contact.number',
          matchOn: 'number',
          into: 'contact.id',
          onMissing: 'fail',
        },
      },
      {
        id: 'vat',
        type: 'value-map',
        position: { x: 1200, y: 0 },
        config: {
          field: 'lines.taxCode',
          table: [
            { from: '10', to: 'OUTPUT' },
            { from: '11', to: 'TAX001' },
            { from: '12', to: 'TAX003' },
            { from: '36', to: 'ZERORATEDOUTPUT' },
            { from: '39', to: 'ECOUTPUTSERVICES' },
            { from: '42', to: 'EXEMPTOUTPUT' },
          ],
          unmapped: 'fail',
        },
      },
      {
        id: 'sales-account',
        type: 'value-map',
        position: { x: 1350, y: 0 },
        config: {
          field: 'lines.itemCode',
          into: 'lines.accountCode',
          table: [
            { from: 'TJ12', to: '210' },
            { from: 'TJ06', to: '210' },
            { from: 'TJ00', to: '220' },
          ],
          unmapped: 'default',
          default: '200',
        },
      },
      {
        id: 'reference',
        type: 'mapper',
        position: { x: 1500, y: 0 },
        config: { fields: { reference: "'VEA-' & number" }, keepUnmapped: true },
      },
      {
        id: 'xero-invoices',
        type: 'destination',
        position: { x: 1800, y: 0 },
        config: {
          connection: 'dst',
          entity: 'invoice',
          match: ['externalId', 'number'],
          onExisting: 'update',
          createOnlyFields: ['reference'],
        },
      },
    ],
    edges: [
      { id: 'e1', source: 'invoices', target: 'paid-or-sent' },
      { id: 'e2', source: 'paid-or-sent', target: 'customer-number' },
      { id: 'e3', source: 'customer-number', target: 'customer-in-xero' },
      { id: 'e4', source: 'customer-in-xero', target: 'vat' },
      { id: 'e5', source: 'vat', target: 'sales-account' },
      { id: 'e7', source: 'sales-account', target: 'reference' },
      { id: 'e6', source: 'reference', target: 'xero-invoices' },
    ],
  };
}

/**
 * The built engine worker (`npm run build` emits dist/node/engine-worker.js), copied aside so that a rebuild by
 * someone else while a benchmark runs cannot pull the file from under a fork. Node resolves its packages from
 * the repository's node_modules, as for the original.
 */
export function builtWorkerEntry(): string {
  const built = resolve('dist/node/engine-worker.js');
  if (!existsSync(built)) throw new Error('dist/node/engine-worker.js is missing: run `npm run build` first');
  const dir = resolve('bench/tmp');
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, `engine-worker-${process.pid}.js`);
  copyFileSync(built, copy);
  return copy;
}

/**
 * Engine settings of the benchmarks: the sandbox runs with its rate limits off, so the engine's budget is
 * lifted too (5 calls at a time per connection, as Xero allows, but no per-minute cap): what is measured is the
 * engine and the wire, not the waiting a real tenant's limits impose.
 */
export const benchSettings: EngineSettings = {
  rateLimits: { concurrent: 5, perMinute: 1_000_000, perDay: 1_000_000_000 },
  retryPolicy: { maxRetries: 10, baseDelayMs: 5, maxDelayMs: 100 },
};

/** The engine in its own process, as the host runs it. */
export interface BenchWorker {
  /** The worker's process id (undefined until it is forked). */
  pid(): number | undefined;
  /** Starts a run and resolves when it has finished, with its wall time. */
  run(flow: Flow, mode: RunMode): Promise<{ run: RunRow; seconds: number }>;
  close(): Promise<void>;
}

/**
 * Forks the built engine worker through the host's own `workerBackend` (fork, `resumeUnfinished`, endpoints and
 * the token proxy), bound to the sandbox's connections.
 */
export async function startBenchWorker(
  s: InvoiceSandbox,
  storagePath: string,
  settings: EngineSettings = benchSettings,
): Promise<BenchWorker> {
  const entryFile = builtWorkerEntry();
  let worker: WorkerProcess | undefined;
  const finished = new Map<string, RunRow>();
  const waiting = new Map<string, (run: RunRow) => void>();
  const backend = workerBackend({
    fork: (file) => (worker = forkNodeWorker(file)),
    entryFile,
    storagePath,
    endpoints: async () => s.endpoints,
    token: (id, rejected) => s.token(id, rejected),
    settings,
    onEvent: (event) => {
      if (event.type !== 'progress' || !event.run.finishedAt) return;
      finished.set(event.run.id, event.run);
      waiting.get(event.run.id)?.(event.run);
    },
  });
  // The first call forks the worker and waits until it is ready.
  await backend.call('listRuns', { limit: 1 });
  return {
    pid: () => worker?.pid,
    async run(flow, mode) {
      const started = performance.now();
      const { runId } = await backend.call<{ runId: string }>('start', {
        flow,
        bindings: invoiceBindings,
        mode,
      });
      const run = finished.get(runId) ?? (await new Promise<RunRow>((r) => waiting.set(runId, r)));
      return { run, seconds: (performance.now() - started) / 1000 };
    },
    async close() {
      await backend.close();
      rmSync(entryFile, { force: true });
    },
  };
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
