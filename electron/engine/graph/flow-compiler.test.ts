import { describe, expect, it } from 'vitest';
import type { Flow } from '../../../shared/flow/flow.schema';
import { copyFlow } from '../engine-sandbox.test-helper';
import { deepFreeze } from '../../../shared/records/record-paths';
import type { LookupResolver } from '../nodes/lookup-node';
import { compileFlow } from './flow-compiler';

const xero = new Map([
  ['a', { system: 'xero' as const }],
  ['b', { system: 'xero' as const }],
  ['v', { system: 'visma-net' as const }],
]);
const resolver: LookupResolver = {
  resolve: async (_e, _c, _m, values) =>
    new Map(values.map((v) => [v, { kind: 'id' as const, id: `X-${v}` }])),
};

const withNodes = (nodes: Flow['nodes'], edges: Flow['edges']): Flow => copyFlow({ nodes, edges });
const src = copyFlow().nodes[0]!;
const dst = copyFlow().nodes[1]!;

describe('compileFlow', () => {
  it('refuses unbound connections, wrong systems and incomplete graphs, naming each problem', () => {
    expect(() => compileFlow(copyFlow(), { src: 'a' }, xero, resolver)).toThrow(
      expect.objectContaining({ code: 'LF-3003', message: expect.stringMatching(/'dst'.*not bound/) }),
    );
    expect(() => compileFlow(copyFlow(), { src: 'a', dst: 'v' }, xero, resolver)).toThrow(
      /bound to a visma-net connection/,
    );
    expect(() => compileFlow(copyFlow(), { src: 'a', dst: 'gone' }, xero, resolver)).toThrow(
      /does not exist/,
    );
    const loose = withNodes([src, dst], []);
    expect(() => compileFlow(loose, { src: 'a', dst: 'b' }, xero, resolver)).toThrow(
      expect.objectContaining({
        code: 'LF-3003',
        details: expect.arrayContaining([expect.objectContaining({ severity: 'incomplete' })]),
      }),
    );
  });

  it('expands listed source filter values into one read each, and refuses an empty or oversized list', () => {
    const withFilter = (filter: Record<string, unknown>) =>
      withNodes([{ ...src, config: { ...src.config, filter } } as typeof src, dst], copyFlow().edges);
    const compiled = compileFlow(
      withFilter({ isActive: true, status: ['paid', 'sent', 'paid'], currency: ['SEK', 'EUR'], type: null }),
      { src: 'a', dst: 'b' },
      xero,
      resolver,
    );
    expect(compiled.sources[0]!.reads).toEqual([
      { isActive: true, status: 'paid', currency: 'SEK' },
      { isActive: true, status: 'paid', currency: 'EUR' },
      { isActive: true, status: 'sent', currency: 'SEK' },
      { isActive: true, status: 'sent', currency: 'EUR' },
    ]);
    expect(compileFlow(copyFlow(), { src: 'a', dst: 'b' }, xero, resolver).sources[0]!.reads).toEqual([
      { isActive: true },
    ]);
    expect(() => compileFlow(withFilter({ status: [] }), { src: 'a', dst: 'b' }, xero, resolver)).toThrow(
      expect.objectContaining({
        code: 'LF-3003',
        message: expect.stringMatching(/filter on 'status' lists no values/),
        details: [expect.objectContaining({ path: 'nodes.contacts.config.filter.status' })],
      }),
    );
    const many = Array.from({ length: 8 }, (_, i) => `v${i}`);
    expect(() =>
      compileFlow(withFilter({ a: many, b: many }), { src: 'a', dst: 'b' }, xero, resolver),
    ).toThrow(/make 64 reads \(at most 50\)/);
  });

  it('names the node and field of an expression that does not parse', () => {
    const flow = withNodes(
      [
        src,
        {
          id: 'm',
          type: 'mapper',
          label: 'Names',
          position: { x: 0, y: 0 },
          config: { fields: { name: 'name &' } },
        },
        dst,
      ],
      [
        { id: 'a', source: 'contacts', target: 'm' },
        { id: 'b', source: 'm', target: 'nordvik-contacts' },
      ],
    );
    expect(() => compileFlow(flow, { src: 'a', dst: 'b' }, xero, resolver)).toThrow(
      expect.objectContaining({
        code: 'LF-3004',
        message: expect.stringMatching(/^Mapper 'Names', field 'name': /),
      }),
    );
  });

  it('runs mapper, filter, value-map and lookup over frozen records without mutating them', async () => {
    const flow = withNodes(
      [
        src,
        {
          id: 'm',
          type: 'mapper',
          position: { x: 0, y: 0 },
          config: { fields: { name: '$uppercase(name)', 'contact.id': 'ref' }, keepUnmapped: true },
        },
        {
          id: 'f',
          type: 'filter',
          position: { x: 0, y: 0 },
          config: { all: [{ field: 'total', op: '>', value: '0' }] },
        },
        {
          id: 'v',
          type: 'value-map',
          position: { x: 0, y: 0 },
          config: { field: 'lines.taxCode', table: [{ from: 'MP1', to: 'OUTPUT' }], unmapped: 'fail' },
        },
        {
          id: 'l',
          type: 'lookup',
          position: { x: 0, y: 0 },
          config: { connection: 'dst', entity: 'contact', from: 'contact.id' },
        },
        dst,
      ],
      [
        { id: 'a', source: 'contacts', target: 'm' },
        { id: 'b', source: 'm', target: 'f' },
        { id: 'c', source: 'f', target: 'v' },
        { id: 'd', source: 'v', target: 'l' },
        { id: 'e', source: 'l', target: 'nordvik-contacts' },
      ],
    );
    const compiled = compileFlow(flow, { src: 'a', dst: 'b' }, xero, resolver);
    expect(compiled.reachable.get('contacts')).toEqual(['contacts', 'm', 'f', 'v', 'l', 'nordvik-contacts']);
    const record = (sourceId: string, data: Record<string, unknown>) =>
      deepFreeze({
        sourceNode: 'contacts',
        key: sourceId,
        record: { entity: 'contact' as const, sourceId, updatedAt: undefined, data, raw: {} },
      });
    const items = [
      record('1', {
        name: 'acme',
        total: '10.00',
        ref: 'R1',
        lines: [{ taxCode: 'MP1' }, { taxCode: 'MP1', x: 1 }],
      }),
      record('2', { name: 'zero', total: '0.00', ref: 'R2', lines: [] }),
      record('3', { name: 'odd', total: '5', ref: 'R3', lines: [{ taxCode: 'MP9' }] }),
    ];
    let page: readonly (typeof items)[number][] = items;
    const rejected: string[] = [];
    for (const id of ['m', 'f', 'v', 'l']) {
      const out = await compiled.transforms.get(id)!.process(page);
      page = out.passed as typeof page;
      rejected.push(...out.rejected.map((r) => `${r.item.key}: ${r.reason}`));
    }
    expect(page.map((i) => i.record.data)).toEqual([
      {
        name: 'ACME',
        total: '10.00',
        ref: 'R1',
        contact: { id: 'X-R1' },
        lines: [{ taxCode: 'OUTPUT' }, { taxCode: 'OUTPUT', x: 1 }],
      },
    ]);
    expect(rejected).toEqual([expect.stringMatching(/^3: Value map 'v': 'MP9' in lines.taxCode has no row/)]);
    expect(items[0]!.record.data.name).toBe('acme');
  });
});
