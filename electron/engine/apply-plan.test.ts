import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../../shared/records/canonical-record';
import { createEngine, type Engine } from './engine';
import type { PlanItem } from './state/state-store';
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

const readAll = async (connectionId: string) => {
  const out: CanonicalRecord[] = [];
  for await (const p of kit.connector(connectionId).read('contact', { pageSize: 1000 }))
    out.push(...p.records);
  return out;
};

beforeAll(async () => {
  kit = await startXeroSandboxKit();
  dir = mkdtempSync(join(tmpdir(), 'lf-apply-'));
});
afterAll(async () => {
  await kit?.close();
  rmSync(dir, { recursive: true, force: true });
});

const engineAt = (name: string): Engine =>
  createEngine({ storagePath: join(dir, `${name}.sqlite`), connectors: kit.provider, settings: fast });

describe('approve-then-apply', () => {
  it('writes exactly the reviewed plan minus the excluded records, and holds what changed since the review', async () => {
    const engine = engineAt('apply');
    const shadow = await (
      await engine.start({ flow: copyFlow(), bindings: kitBindings, mode: 'shadow' })
    ).done;
    expect(shadow.status).toBe('succeeded');
    const creates = engine.planItems(shadow.id, { actions: ['create'] }, 0, 10_000).items;
    expect(creates.length).toBeGreaterThan(10);
    // Nordvik already uses some of Demo's contact numbers (those creates end as dead letters): pick free ones.
    const taken = new Set((await readAll('nordvik')).map((c) => c.data.number));
    const free = creates.filter((i) => !taken.has(i.payload!.number));
    const [excluded, changed, ...rest] = free;

    // After the review, one record to be created changes at the source.
    const changedName = `${String(changed!.payload!.name)} (renamed)`;
    const [renamed] = await kit
      .connector('demo')
      .write('contact', [{ kind: 'update', key: 'k', id: changed!.recordKey, data: { name: changedName } }]);
    expect(renamed?.ok).toBe(true);

    const before = await readAll('nordvik');
    const applied = await (await engine.apply(shadow.id, [excluded!.seq])).done;
    expect(applied).toMatchObject({ kind: 'apply', mode: 'live', status: 'awaiting-confirmation' });
    expect(applied.apply?.planOf).toBe(shadow.id);
    expect(applied.counts.written).toBe(0);
    expect(await readAll('nordvik')).toHaveLength(before.length);
    const held = engine.planItems(applied.id, { statuses: ['held'] }, 0, 100).items;
    expect(held.map((i) => i.recordKey)).toEqual([changed!.recordKey]);
    expect(held[0]!.payload).toMatchObject({ name: changedName });
    const leftOut = engine.planItems(applied.id, { recordKey: excluded!.recordKey }, 0, 10).items;
    expect(leftOut[0]).toMatchObject({ action: 'skip', reason: 'Left out when the plan was reviewed' });
    // Nothing else may start while the applied plan waits.
    await expect(engine.start({ flow: copyFlow(), bindings: kitBindings, mode: 'shadow' })).rejects.toThrow(
      /waiting for your confirmation/,
    );

    const done = await (await engine.confirm(applied.id, [held[0]!.seq])).done;
    expect(done.status).toBe('succeeded');
    const after = await readAll('nordvik');
    const names = new Set(after.map((c) => c.data.name));
    expect(names.has(changedName)).toBe(true);
    expect(names.has(excluded!.payload!.name)).toBe(false);
    for (const item of rest) expect(names.has(item.payload!.name)).toBe(true);
    expect(after.length - before.length).toBe(creates.length - 1 - done.counts.deadLetters);
    expect(done.counts.deadLetters).toBe(creates.length - free.length);
    expect(done.counts.written).toBe(done.counts.create + done.counts.update - done.counts.deadLetters);
    await expect(engine.confirm(applied.id, [])).rejects.toMatchObject({ code: 'LF-3013' });
    await engine.close();
  });

  it('refuses to apply a plan that is not the newest finished shadow plan', async () => {
    const engine = engineAt('refuse');
    const first = await (
      await engine.start({ flow: copyFlow(), bindings: kitBindings, mode: 'shadow' })
    ).done;
    await (
      await engine.start({ flow: copyFlow(), bindings: kitBindings, mode: 'shadow' })
    ).done;
    await expect(engine.apply(first.id, [])).rejects.toMatchObject({ code: 'LF-3012' });
    const live = await (await engine.start({ flow: copyFlow(), bindings: kitBindings, mode: 'live' })).done;
    await expect(engine.apply(live.id, [])).rejects.toMatchObject({ code: 'LF-3012' });
    await engine.close();
  });

  it('leaves every held record out when none is confirmed, and a cancelled wait ends the run', async () => {
    const engine = engineAt('decline');
    const flow = copyFlow({ id: 'decline' });
    await (
      await engine.start({ flow, bindings: kitBindings, mode: 'live' })
    ).done;
    const shadow = await (await engine.start({ flow, bindings: kitBindings, mode: 'shadow' })).done;
    const [contact] = (await readAll('demo')).filter((c) => c.data.isActive !== false);
    await kit
      .connector('demo')
      .write('contact', [
        { kind: 'update', key: 'k', id: contact!.sourceId, data: { phone: '+46 8 555 0101' } },
      ]);

    const waiting = await (await engine.apply(shadow.id, [])).done;
    expect(waiting.status).toBe('awaiting-confirmation');
    expect(engine.planItems(waiting.id, { statuses: ['held'] }, 0, 10).total).toBe(1);
    const declined = await (await engine.confirm(waiting.id, [])).done;
    expect(declined).toMatchObject({ status: 'succeeded', counts: { written: 0 } });
    expect(engine.planItems(declined.id, { recordKey: contact!.sourceId }, 0, 1).items[0]).toMatchObject({
      action: 'skip',
      status: 'none',
    });

    const again = await (await engine.start({ flow, bindings: kitBindings, mode: 'shadow' })).done;
    await kit
      .connector('demo')
      .write('contact', [
        { kind: 'update', key: 'k', id: contact!.sourceId, data: { phone: '+46 8 555 0102' } },
      ]);
    const cancelled = await (await engine.apply(again.id, [])).done;
    expect(cancelled.status).toBe('awaiting-confirmation');
    expect(engine.cancel(cancelled.id)).toBe(true);
    expect(engine.getRun(cancelled.id).status).toBe('cancelled');
    await engine.close();
  });
});

describe('approve-then-apply with references between records', () => {
  // A sandbox of its own: the tests above already copy Demo's contacts into Nordvik, which would be matched
  // instead of created (and an invoice refers to a contact the plan creates only when there is none yet).
  let own: XeroSandboxKit;
  beforeAll(async () => {
    own = await startXeroSandboxKit();
  });
  afterAll(async () => {
    await own?.close();
  });

  it('leaves out the writes that refer to an excluded record, saying why, instead of sending them', async () => {
    const engine = createEngine({
      storagePath: join(dir, 'apply-refs.sqlite'),
      connectors: own.provider,
      settings: fast,
    });
    const flow = contactsAndInvoicesFlow();
    const shadow = await (await engine.start({ flow, bindings: kitBindings, mode: 'shadow' })).done;
    expect(shadow.status).toBe('succeeded');
    const invoices = engine.planItems(
      shadow.id,
      { destNode: 'nordvik-invoices', actions: ['create'] },
      0,
      1000,
    );
    // An invoice to a contact this plan creates refers to it; exclude that contact.
    const refOf = (i: PlanItem) =>
      (i.payload?.contact as { id?: { $lfRef?: { key: string } } } | undefined)?.id?.$lfRef;
    const referring = invoices.items.filter((i) => refOf(i));
    expect(referring.length).toBeGreaterThan(0);
    const contactKey = refOf(referring[0]!)!.key;
    const contact = engine.planItems(shadow.id, { destNode: 'nordvik-contacts', recordKey: contactKey }, 0, 1)
      .items[0]!;
    expect(contact.action).toBe('create');
    const dependants = referring.filter((i) => refOf(i)!.key === contactKey);

    const applied = await (await engine.apply(shadow.id, [contact.seq])).done;
    expect(applied.status).toBe('succeeded');
    for (const invoice of dependants) {
      const [item] = engine.planItems(
        applied.id,
        { destNode: 'nordvik-invoices', recordKey: invoice.recordKey },
        0,
        1,
      ).items;
      expect(item).toMatchObject({
        action: 'skip',
        status: 'none',
        reason: `Refers to contact '${contact.label}', which was left out when the plan was reviewed`,
      });
    }
    // Nothing was sent for them: no dead letter, and every other invoice was written.
    expect(engine.deadLetters({ flowId: flow.id, status: 'open' }).map((l) => l.recordKey)).not.toEqual(
      expect.arrayContaining(dependants.map((i) => i.recordKey)),
    );
    const written = engine
      .planItems(applied.id, { destNode: 'nordvik-invoices', actions: ['create'] }, 0, 1000)
      .items.filter((i) => i.status === 'done');
    expect(written.length).toBe(invoices.total - dependants.length - applied.counts.deadLetters);
    expect(applied.counts.skip).toBeGreaterThanOrEqual(1 + dependants.length);
    await engine.close();
  });
});
