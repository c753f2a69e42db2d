import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/flow/flow.schema';
import type { CanonicalRecord } from '../../shared/records/canonical-record';
import { createEngine, type Engine, type EngineEvent } from './engine';
import {
  contactsAndInvoicesFlow,
  copyFlow,
  kitBindings,
  startXeroSandboxKit,
  type XeroSandboxKit,
} from './engine-sandbox.test-helper';

let kit: XeroSandboxKit;
let dir: string;
const fast = {
  retryPolicy: { maxRetries: 10, baseDelayMs: 5, maxDelayMs: 50 },
  rateLimits: { concurrent: 5, perMinute: 100_000 },
};

const readAll = async (connectionId: string, entity: 'contact' | 'item' | 'invoice') => {
  const out: CanonicalRecord[] = [];
  for await (const p of kit.connector(connectionId).read(entity, { pageSize: 1000 })) out.push(...p.records);
  return out;
};

beforeAll(async () => {
  kit = await startXeroSandboxKit();
  dir = mkdtempSync(join(tmpdir(), 'lf-engine-'));
});
afterAll(async () => {
  await kit?.close();
  rmSync(dir, { recursive: true, force: true });
});

function engineAt(name: string, events: EngineEvent[] = []): Engine {
  return createEngine({
    storagePath: join(dir, `${name}.sqlite`),
    connectors: kit.provider,
    onEvent: (e) => events.push(e),
    settings: fast,
  });
}

describe('engine: shadow, then live, against the Xero sandbox', () => {
  it('a live run right after a shadow run does exactly what the shadow run showed; the next run is a no-op', async () => {
    const events: EngineEvent[] = [];
    const engine = engineAt('shadow-live', events);
    const before = await readAll('nordvik', 'contact');
    const shadow = await (
      await engine.start({ flow: copyFlow(), bindings: kitBindings, mode: 'shadow' })
    ).done;
    expect(shadow.status).toBe('succeeded');
    expect(shadow.counts.create).toBeGreaterThan(50);
    expect(await readAll('nordvik', 'contact')).toHaveLength(before.length);
    const shadowPlan = engine.planItems(shadow.id, {}, 0, 10_000).items;

    const live = await (await engine.start({ flow: copyFlow(), bindings: kitBindings, mode: 'live' })).done;
    expect(live.status).toBe('succeeded');
    const livePlan = engine.planItems(live.id, {}, 0, 10_000).items;
    const shape = (items: typeof livePlan) =>
      items
        .map((i) => [i.recordKey, i.action, i.reason ?? '', JSON.stringify(i.diff ?? [])].join('|'))
        .sort();
    expect(shape(livePlan)).toEqual(shape(shadowPlan));
    expect(live.counts).toMatchObject({ create: shadow.counts.create, update: shadow.counts.update });
    expect(live.counts.written).toBe(shadow.counts.create + shadow.counts.update - live.counts.deadLetters);
    const after = await readAll('nordvik', 'contact');
    expect(after.length - before.length).toBe(live.counts.create - live.counts.deadLetters);
    const names = after
      .filter((c) => c.data.isActive !== false)
      .map((c) => String(c.data.name).toLowerCase());
    expect(new Set(names).size).toBe(names.length);

    const again = await (await engine.start({ flow: copyFlow(), bindings: kitBindings, mode: 'live' })).done;
    expect(again.counts).toMatchObject({ create: 0, update: 0 });
    expect(events.some((e) => e.type === 'log' && e.line.kind === 'batch-done')).toBe(true);
    expect(events.some((e) => e.type === 'progress' && e.run.status === 'succeeded')).toBe(true);
    await engine.close();
  });
});

describe('engine: the end of a run', () => {
  it('is announced only when the flow can be started again at once', async () => {
    const events: EngineEvent[] = [];
    const engine = engineAt('announce', events);
    const flow = copyFlow({ id: 'announce' });
    // Start the flow again the moment its run is announced as ended, as a user (or a script) would.
    const again = new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const ended = events.find((e) => e.type === 'progress' && e.run.status === 'succeeded');
        if (!ended) return;
        clearInterval(timer);
        engine.start({ flow, bindings: kitBindings, mode: 'shadow' }).then((h) => resolve(h.runId), reject);
      }, 0);
    });
    const first = await (await engine.start({ flow, bindings: kitBindings, mode: 'shadow' })).done;
    const secondId = await again;
    expect(secondId).not.toBe(first.id);
    // Every log line of the first run is stored by the time its end is announced.
    const announced = events.find((e) => e.type === 'progress' && e.run.status === 'succeeded');
    expect(announced).toBeDefined();
    expect(engine.logLines(first.id, 0, 10_000).at(-1)?.message).toMatch(/^Run succeeded/);
    await engine.close();
  });
});

describe('engine: a source filter that lists values', () => {
  it('reads once per value and plans a record two reads find once', async () => {
    const engine = engineAt('listed-filter');
    const contacts = await readAll('demo', 'contact');
    const active = contacts.find((c) => c.data.isActive !== false)!;
    const archived = contacts.find((c) => c.data.isActive === false);
    const other = contacts.find((c) => c !== active && c.data.isActive !== false)!;
    const name = String(active.data.name);
    // The sandbox compares names as Xero does, without case: two of these reads find the same contact.
    const names = [
      name,
      name.toUpperCase(),
      String(other.data.name),
      ...(archived ? [String(archived.data.name)] : []),
    ];
    const flow = copyFlow({ id: 'listed-filter' });
    flow.nodes[0] = {
      ...flow.nodes[0]!,
      config: { connection: 'src', entity: 'contact', filter: { name: names, isActive: [true, false] } },
    } as Flow['nodes'][number];
    const run = await (await engine.start({ flow, bindings: kitBindings, mode: 'shadow' })).done;
    expect(run.status).toBe('succeeded');
    const expected = [active, other, ...(archived ? [archived] : [])].map((c) => c.sourceId).sort();
    expect(run.counts.read).toBe(expected.length);
    const planned = engine.planItems(run.id, {}, 0, 100).items.map((i) => i.recordKey);
    expect([...planned].sort()).toEqual(expected);
    expect(engine.logLines(run.id, 0, 100).map((l) => l.message)).toContain(
      `Reading all contact in ${names.length * 2} reads, one per listed filter value`,
    );
    await engine.close();
  });
});

describe('engine: log lines', () => {
  it('are sent only once they can be read back, in order, every one', async () => {
    const unreadable: number[] = [];
    const seqs: number[] = [];
    let engine: Engine | undefined = undefined;
    engine = createEngine({
      storagePath: join(dir, 'log-order.sqlite'),
      connectors: kit.provider,
      settings: fast,
      onEvent: (e) => {
        if (e.type !== 'log') return;
        seqs.push(e.line.seq);
        // A log panel that opens now and catches up from the store must find this line there.
        if (engine!.logLines(e.line.runId, e.line.seq - 1, 1)[0]?.message !== e.line.message)
          unreadable.push(e.line.seq);
      },
    });
    const run = await (
      await engine.start({ flow: copyFlow({ id: 'log-order' }), bindings: kitBindings, mode: 'shadow' })
    ).done;
    expect(run.status).toBe('succeeded');
    expect(unreadable).toEqual([]);
    expect(seqs.length).toBeGreaterThan(3);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(engine.logLines(run.id, 0, 10_000)).toHaveLength(seqs.length);
    await engine.close();
  });
});

describe('engine: dead letters, lookups through this run’s creates, cancel, delta', () => {
  const prefixMapper = {
    id: 'prefix',
    type: 'mapper' as const,
    position: { x: 200, y: 0 },
    config: { fields: { number: "number ? 'D-' & number" }, keepUnmapped: true },
  };

  it('dead-letters refused records with the API message, and retries them through the fixed flow', async () => {
    const engine = engineAt('dead-letters');
    const flow = copyFlow({ id: 'dead-letters' });
    const live = await (await engine.start({ flow, bindings: kitBindings, mode: 'live' })).done;
    expect(live.status).toBe('succeeded');
    const letters = engine.deadLetters({ flowId: flow.id, status: 'open' });
    // Nordvik numbers its own contacts C10001…: Demo's copies with the same numbers are refused.
    expect(letters.length).toBeGreaterThan(0);
    expect(letters.length).toBe(live.counts.deadLetters);
    expect(letters[0]).toMatchObject({
      code: 'LF-2001',
      apiMessage: expect.stringMatching(/already assigned to another contact/),
      attempts: 1,
      payload: { name: expect.any(String) },
    });
    const fixed = copyFlow({
      id: 'dead-letters',
      nodes: [copyFlow().nodes[0]!, prefixMapper, copyFlow().nodes[1]!],
      edges: [
        { id: 'a', source: 'contacts', target: 'prefix' },
        { id: 'b', source: 'prefix', target: 'nordvik-contacts' },
      ],
    });
    const retry = await (
      await engine.retryDeadLetters(
        letters.map((l) => l.id),
        fixed,
        kitBindings,
      )
    ).done;
    expect(retry).toMatchObject({ status: 'succeeded', kind: 'retry' });
    expect(retry.counts).toMatchObject({ create: letters.length, deadLetters: 0, written: letters.length });
    expect(engine.deadLetters({ flowId: flow.id, status: 'open' })).toEqual([]);
    const nordvik = await readAll('nordvik', 'contact');
    for (const l of letters) expect(nordvik.filter((c) => c.data.name === l.payload.name)).toHaveLength(1);
    expect(engine.discardDeadLetters(['nope'])).toBe(0);
    await engine.close();
  });

  it('a refused update names the destination record it was for, as the destination knew it', async () => {
    const engine = engineAt('update-letter');
    const first = await (
      await engine.start({ flow: copyFlow({ id: 'update-letter' }), bindings: kitBindings, mode: 'live' })
    ).done;
    expect(first.status).toBe('succeeded');
    // Contacts now in Nordvik (created now, or matched by an earlier test's run), by their Nordvik id.
    const synced = engine
      .planItems(first.id, { actions: ['create', 'update', 'unchanged'] }, 0, 1000)
      .items.filter((i) => i.status !== 'dead' && (i.resultId ?? i.targetId) && i.label);
    const [a, b] = [synced[0]!, synced[1]!];
    const nameOf = (i: (typeof synced)[number]) => i.label!;
    // Demo renames contact A to B's name: Xero refuses the update, B's name being taken. (A new source node
    // reads everything again: it has no cursor; the id map is the destination's.)
    const renaming = copyFlow({
      id: 'update-letter',
      nodes: [
        { ...copyFlow().nodes[0]!, id: 'all-contacts' },
        {
          id: 'rename',
          type: 'mapper',
          position: { x: 200, y: 0 },
          config: {
            fields: { name: `name = ${JSON.stringify(nameOf(a))} ? ${JSON.stringify(nameOf(b))} : name` },
            keepUnmapped: true,
          },
        },
        {
          id: 'nordvik-contacts',
          type: 'destination',
          position: { x: 400, y: 0 },
          config: { connection: 'dst', entity: 'contact', match: ['externalId'], onExisting: 'update' },
        },
      ],
      edges: [
        { id: 'a', source: 'all-contacts', target: 'rename' },
        { id: 'b', source: 'rename', target: 'nordvik-contacts' },
      ],
    });
    const live = await (await engine.start({ flow: renaming, bindings: kitBindings, mode: 'live' })).done;
    expect(live.status).toBe('succeeded');
    const letter = engine
      .deadLetters({ flowId: 'update-letter', status: 'open' })
      .find((l) => l.runId === live.id && l.recordKey === a.recordKey);
    expect(letter).toMatchObject({
      action: 'update',
      targetId: a.resultId ?? a.targetId,
      payload: { name: nameOf(b) },
      apiMessage: expect.stringMatching(/already assigned to another contact/),
    });
    expect(letter!.targetLabel).toMatch(
      new RegExp(`^${nameOf(a).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( · |$)`),
    );
    await engine.close();
  });

  it('cancels cleanly between batches; a shadow run moves no cursor; a live run reads only changes next time', async () => {
    const engine = engineAt('cancel-delta');
    const flow = copyFlow({
      id: 'items-delta',
      nodes: [
        {
          id: 'items',
          type: 'source',
          position: { x: 0, y: 0 },
          config: { connection: 'src', entity: 'item' },
        },
        {
          id: 'nordvik-items',
          type: 'destination',
          position: { x: 300, y: 0 },
          config: { connection: 'dst', entity: 'item', match: ['code'], onExisting: 'skip' },
        },
      ],
      edges: [{ id: 'e', source: 'items', target: 'nordvik-items' }],
    });
    const slow = createEngine({
      storagePath: join(dir, 'cancel-delta.sqlite'),
      connectors: kit.provider,
      settings: { ...fast, batchSize: 1, concurrency: 1 },
    });
    await engine.close();
    const handle = await slow.start({ flow, bindings: kitBindings, mode: 'live' });
    let cancelled = false;
    const timer = setInterval(() => {
      if (slow.getRun(handle.runId).counts.written >= 2 && !cancelled) {
        cancelled = true;
        handle.cancel();
      }
    }, 5);
    const run = await handle.done;
    clearInterval(timer);
    expect(run.status).toBe('cancelled');
    expect(run.counts.written, JSON.stringify(run.counts)).toBeLessThan(run.counts.create);
    const items = slow.planItems(run.id, {}, 0, 1000).items;
    expect(items.filter((i) => i.status === 'inflight')).toEqual([]);
    expect(slow.store.cursor(flow.id, 'items')).toBeUndefined();

    const full = await (await slow.start({ flow, bindings: kitBindings, mode: 'live' })).done;
    expect(full.status).toBe('succeeded');
    expect(full.counts.create).toBe(run.counts.create - run.counts.written);
    expect(full.counts.skip).toBeGreaterThanOrEqual(run.counts.written);
    expect(slow.store.cursor(flow.id, 'items')).toBeDefined();
    const shadow = await (await slow.start({ flow, bindings: kitBindings, mode: 'shadow' })).done;
    expect(shadow.counts.create + shadow.counts.update).toBe(0);
    // The next read is a delta from the stored cursor (the seeded items share their timestamps, so the
    // one-second overlap still returns them all: the plan says skip, nothing is written twice).
    const lines = slow.logLines(shadow.id, 0, 100).map((l) => l.message);
    expect(lines.some((m) => m.startsWith('Reading item changed since'))).toBe(true);
    await slow.close();
  });

  it('an invoice refers to a contact this same run creates: planned as a reference, written with the new id', async () => {
    const engine = engineAt('invoices');
    const flow = contactsAndInvoicesFlow();
    const shadow = await (await engine.start({ flow, bindings: kitBindings, mode: 'shadow' })).done;
    expect(shadow.status).toBe('succeeded');
    const planned = engine.planItems(shadow.id, { destNode: 'nordvik-invoices' }, 0, 1000);
    expect(
      planned.total,
      JSON.stringify(planned.items.slice(0, 3).map((i) => [i.action, i.reason])),
    ).toBeGreaterThan(3);
    const live = await (await engine.start({ flow, bindings: kitBindings, mode: 'live' })).done;
    expect(live.status).toBe('succeeded');
    const liveInvoices = engine.planItems(live.id, { destNode: 'nordvik-invoices' }, 0, 1000).items;
    expect(liveInvoices.map((i) => `${i.recordKey}:${i.action}`).sort()).toEqual(
      planned.items.map((i) => `${i.recordKey}:${i.action}`).sort(),
    );
    const created = liveInvoices.filter((i) => i.action === 'create' && i.status === 'done');
    expect(created.length).toBeGreaterThan(0);
    const contactIds = engine.store.idMapAll(flow.id, 'nordvik-contacts');
    const written = await kit.connector('nordvik').fetch('invoice', { ids: created.map((i) => i.resultId!) });
    const nordvikContactIds = new Set(contactIds.values());
    for (const inv of written)
      expect(nordvikContactIds.has((inv.data.contact as { id: string }).id)).toBe(true);
    await engine.close();
  });
});

describe('engine: records a live run found invalid are read again', () => {
  let own: XeroSandboxKit;
  beforeAll(async () => {
    own = await startXeroSandboxKit();
  });
  afterAll(async () => {
    await own?.close();
  });

  it('reads them again by id on the next delta run, so fixing the flow is enough to sync them', async () => {
    const engine = createEngine({
      storagePath: join(dir, 'rereads.sqlite'),
      connectors: own.provider,
      settings: fast,
    });
    // Contacts whose name has an "o" fail in the mapper until the flow is fixed.
    const withEmail = (email: string) =>
      copyFlow({
        id: 'rereads',
        nodes: [
          copyFlow().nodes[0]!,
          {
            id: 'map',
            type: 'mapper',
            position: { x: 200, y: 0 },
            config: { fields: { number: "number ? 'R-' & number", email }, keepUnmapped: true },
          },
          copyFlow().nodes[1]!,
        ],
        edges: [
          { id: 'a', source: 'contacts', target: 'map' },
          { id: 'b', source: 'map', target: 'nordvik-contacts' },
        ],
      });
    const broken = withEmail("$contains(name, 'o') ? $error('names with an o are not ready') : email");
    const fixed = withEmail('email');
    const messages = (runId: string) => engine.logLines(runId, 0, 10_000).map((l) => l.message);

    const first = await (await engine.start({ flow: broken, bindings: kitBindings, mode: 'live' })).done;
    expect(first.status).toBe('succeeded');
    const invalid = engine
      .planItems(first.id, { actions: ['invalid'] }, 0, 1000)
      .items.map((i) => i.recordKey);
    expect(invalid.length).toBeGreaterThan(0);
    expect(engine.store.rereads('rereads', 'contacts')).toEqual([...invalid].sort());
    expect(engine.store.cursor('rereads', 'contacts')).toBeDefined();

    // The seeded contacts are a minute apart, so the delta read returns only the newest: the invalid ones
    // come from the list, and a shadow run shows it (with the flow still broken, they stay invalid).
    const shadow = await (await engine.start({ flow: broken, bindings: kitBindings, mode: 'shadow' })).done;
    expect(shadow.counts.invalid).toBe(invalid.length);
    expect(messages(shadow.id)).toContain(
      `Reading again ${invalid.length} contacts the last live run found invalid`,
    );
    expect(shadow.counts.read).toBeLessThan(first.counts.read);

    const second = await (await engine.start({ flow: fixed, bindings: kitBindings, mode: 'live' })).done;
    expect(second.status).toBe('succeeded');
    expect(second.counts).toMatchObject({ invalid: 0, create: invalid.length, written: invalid.length });
    expect(engine.store.rereads('rereads', 'contacts')).toEqual([]);
    const demo = new Map<string, string>();
    for await (const p of own.connector('demo').read('contact', {}))
      for (const c of p.records) demo.set(c.sourceId, String(c.data.name));
    const nordvik = new Set<string>();
    for await (const p of own.connector('nordvik').read('contact', {}))
      for (const c of p.records) nordvik.add(String(c.data.name));
    for (const key of invalid) expect(nordvik.has(demo.get(key)!)).toBe(true);

    const third = await (await engine.start({ flow: fixed, bindings: kitBindings, mode: 'shadow' })).done;
    expect(third.counts).toMatchObject({ create: 0, invalid: 0 });
    expect(messages(third.id).some((m) => m.startsWith('Reading again'))).toBe(false);
    await engine.close();
  });
});
