import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Connector,
  ConnectorDescription,
  FetchRefs,
  RecordPage,
  WriteOp,
  WriteResult,
} from '../electron/connectors/kit/connector';
import { createEngine } from '../electron/engine/engine';
import type { Flow } from '../shared/flow/flow.schema';
import { canonicalFields } from '../shared/records/canonical-fields';
import type { CanonicalRecord } from '../shared/records/canonical-record';
import { recordFigures } from './bench-results';

/**
 * Plan throughput (issue 6): records per second through a 10-field mapper, a filter and the destination's
 * match + diff, with no network: the source and destination are in-memory connectors, everything else (the
 * compiled pipeline, the planner, the SQLite plan store) is the real engine. 30% of the records already exist
 * at the destination (half of those changed), so the diff does real work.
 */
const N = Number(process.env.LF_BENCH_RECORDS ?? 100_000);
const PAGE = 1_000;

const description: ConnectorDescription = {
  system: 'xero',
  rateLimits: { concurrentPerTenant: 1_000, perMinutePerTenant: 1e9, perDayPerTenant: 1e12 },
  entities: [
    {
      entity: 'contact',
      apiName: 'Contacts',
      fields: canonicalFields.contact,
      capabilities: {
        read: true,
        write: true,
        batchSize: 50,
        idempotency: true,
        delta: 'none',
        paging: 'page',
        maxPageSize: PAGE,
        matchKeys: ['number', 'email', 'name'],
      },
    },
  ],
};

const contact = (i: number, changed = false): CanonicalRecord => ({
  entity: 'contact',
  sourceId: `src-${i}`,
  updatedAt: '2026-11-01T00:00:00Z',
  data: {
    id: `src-${i}`,
    number: `C${String(i).padStart(6, '0')}`,
    name: `Customer ${i} AB`,
    kind: 'company',
    isCustomer: true,
    email: `Billing${i}@Example.se`,
    phone: `+46 8 ${1000 + (i % 9000)}`,
    orgNumber: `556${String(i).padStart(7, '0')}`,
    vatNumber: `SE556${String(i).padStart(7, '0')}01`,
    currency: 'SEK',
    paymentTermsDays: 30,
    address: {
      line1: `Storgatan ${i % 200}`,
      postalCode: '11122',
      city: changed ? 'Malmö' : 'Stockholm',
      country: 'SE',
    },
    isActive: i % 10 !== 0,
  },
  raw: {},
});

/** An in-memory system: reads pages of generated contacts; matches against a prepared destination set. */
function memoryConnector(role: 'source' | 'destination'): Connector {
  const existing = new Map<string, CanonicalRecord>();
  if (role === 'destination')
    for (let i = 0; i < N; i += 10 / 3) {
      const n = Math.floor(i);
      // What the mapper makes of source record n, so half the matches are unchanged and half (moved city) updates.
      const source = contact(n, n % 2 === 0);
      const number = `C-${String(n).padStart(6, '0')}`;
      const email = String(source.data.email).toLowerCase();
      existing.set(number, { ...source, sourceId: `dst-${n}`, data: { ...source.data, number, email } });
    }
  return {
    system: 'xero',
    describe: () => description,
    async *read(): AsyncIterable<RecordPage> {
      if (role !== 'source') return;
      for (let page = 0; page * PAGE < N; page++) {
        const records: CanonicalRecord[] = [];
        for (let i = page * PAGE; i < Math.min(N, (page + 1) * PAGE); i++) records.push(contact(i));
        yield { records, page: page + 1, cursor: undefined };
      }
    },
    async fetch(_entity, refs: FetchRefs): Promise<CanonicalRecord[]> {
      if (!('key' in refs) || refs.key !== 'number') return [];
      return refs.values.flatMap((v) => (existing.has(v) ? [existing.get(v)!] : []));
    },
    async write(_entity, ops: readonly WriteOp[]): Promise<WriteResult[]> {
      throw new Error(`the plan benchmark never writes (${ops.length} ops)`);
    },
  };
}

const flow: Flow = {
  format: 'ledgerflow.flow',
  version: 1,
  id: 'bench-plan',
  name: 'Plan benchmark',
  mode: 'shadow',
  connections: { src: { system: 'xero' }, dst: { system: 'xero' } },
  nodes: [
    {
      id: 'read',
      type: 'source',
      position: { x: 0, y: 0 },
      config: { connection: 'src', entity: 'contact' },
    },
    {
      id: 'map',
      type: 'mapper',
      position: { x: 1, y: 0 },
      config: {
        fields: {
          number: "'C-' & $substring(number, 1)",
          name: '$trim(name)',
          email: '$lowercase(email)',
          phone: 'phone',
          orgNumber: 'orgNumber',
          vatNumber: 'vatNumber',
          currency: "currency ? currency : 'SEK'",
          paymentTermsDays: 'paymentTermsDays + 0',
          'address.city': 'address.city',
          isCustomer: 'isCustomer',
        },
        keepUnmapped: true,
      },
    },
    {
      id: 'active',
      type: 'filter',
      position: { x: 2, y: 0 },
      config: { all: [{ field: 'isActive', op: '=', value: true }] },
    },
    {
      id: 'write',
      type: 'destination',
      position: { x: 3, y: 0 },
      config: { connection: 'dst', entity: 'contact', match: ['number'], onExisting: 'update' },
    },
  ],
  edges: [
    { id: 'e1', source: 'read', target: 'map' },
    { id: 'e2', source: 'map', target: 'active' },
    { id: 'e3', source: 'active', target: 'write' },
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'lf-bench-plan-'));
const connectors = { src: memoryConnector('source'), dst: memoryConnector('destination') };
const engine = createEngine({
  storagePath: join(dir, 'engine.sqlite'),
  connectors: {
    connections: async () =>
      new Map([
        ['src', { system: 'xero' as const }],
        ['dst', { system: 'xero' as const }],
      ]),
    connector: async (id) => connectors[id as 'src' | 'dst'],
  },
});
const started = performance.now();
const handle = await engine.start({ flow, bindings: { src: 'src', dst: 'dst' }, mode: 'shadow' });
const run = await handle.done;
const seconds = (performance.now() - started) / 1000;
await engine.close();
rmSync(dir, { recursive: true, force: true });
if (run.status !== 'succeeded') {
  console.error(`the shadow run ended ${run.status}: ${JSON.stringify(run.error)}`);
  process.exit(1);
}
console.log(`shadow run of ${N} contacts: ${JSON.stringify(run.counts)} in ${seconds.toFixed(2)} s`);
recordFigures('Engine: plan throughput (no network)', [
  { key: 'plan_records_per_s', value: Math.round(N / seconds), unit: 'records/s', target: '>= 50000' },
]);
