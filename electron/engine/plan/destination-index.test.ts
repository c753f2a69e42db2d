import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import { ConnectionGateway } from '../connection-gateway';
import { startXeroSandboxKit, type XeroSandboxKit } from '../engine-sandbox.test-helper';
import { systemEngineClock } from '../runtime/engine-clock';
import { DestinationIndex } from './destination-index';

let kit: XeroSandboxKit;

beforeAll(async () => {
  // Demo AB: about 280 contacts and 2,000 invoices (two pages of 1,000).
  kit = await startXeroSandboxKit({ seed: 3, scale: 2 });
});
afterAll(async () => {
  await kit?.close();
});

/** A fresh gateway (as one run has) to a tenant. */
const gatewayTo = (connectionId: string) =>
  new ConnectionGateway(
    connectionId,
    kit.connector(connectionId),
    { clock: systemEngineClock },
    { onRetry: () => undefined, onBreaker: () => undefined, onCall: () => undefined },
  );

/** Xero calls the sandbox saw while `work` ran, by operation and query shape. */
async function callsDuring<T>(work: () => Promise<T>): Promise<{ result: T; calls: number }> {
  kit.sb.admin.resetCounters('xero');
  const result = await work();
  return { result, calls: kit.sb.admin.counters('xero').total };
}

const ids = (records: readonly CanonicalRecord[]) => records.map((r) => r.sourceId).sort();

/** Demo AB's sales invoices (numbered INV-…, each number once), in summary. */
async function demoInvoices(): Promise<CanonicalRecord[]> {
  const out: CanonicalRecord[] = [];
  for await (const p of kit.connector('demo').read('invoice', { summary: true })) out.push(...p.records);
  return out.filter((i) => i.data.type === 'sales');
}

describe('DestinationIndex: value by value, or the whole list read once', () => {
  it('a few values are fetched value by value, and the list is not read', async () => {
    const gateway = gatewayTo('demo');
    const index = DestinationIndex.for(gateway, 'contact');
    index.want(['name']);
    const contacts = (await gateway.fetch('contact', { key: 'number', values: ['C10001', 'C10002'] })).slice(
      0,
      2,
    );
    expect(contacts).toHaveLength(2);
    // Upper case: matching ignores case, as the API's where does.
    const names = contacts.map((c) => String(c.data.name).toUpperCase());
    const { result, calls } = await callsDuring(() => index.fetch({ key: 'name', values: names }));
    expect(calls).toBe(1);
    expect(ids(result)).toEqual(ids(contacts));
  });

  it('many values: the list is read once, then answers every question, absent values included', async () => {
    const gateway = gatewayTo('demo');
    const index = DestinationIndex.for(gateway, 'invoice');
    index.want(['number']);
    const all = await demoInvoices();
    const numbers = all.slice(0, 300).map((i) => String(i.data.number));
    const unknown = ['NOPE-1', 'NOPE-2'];
    const { result, calls } = await callsDuring(() =>
      index.fetch({ key: 'number', values: [...numbers.map((n) => n.toLowerCase()), ...unknown] }),
    );
    // Two summary pages of the list, then the 300 whole invoices by id (25 a request), not 13 requests by value.
    expect(calls).toBe(2 + 300 / 25);
    expect(ids(result)).toEqual(ids(await gateway.fetch('invoice', { key: 'number', values: numbers })));
    // Whole records: the lines are there, as a fetch by value would give them.
    expect(result.every((r) => Array.isArray(r.data.lines) && r.data.lines.length > 0)).toBe(true);

    const later = all.slice(300, 700).map((i) => String(i.data.number));
    const { result: stubs, calls: none } = await callsDuring(() =>
      index.fetch({ key: 'number', values: [...later, 'NOPE-3'] }, undefined, true),
    );
    expect(none).toBe(0);
    expect(ids(stubs)).toEqual(ids(all.slice(300, 700)));
    expect(stubs[0]!.data.number).toBe(String(stubs[0]!.data.number).toLowerCase());
  });

  it('ids: existence from the list, an id it lacks is still asked for', async () => {
    const gateway = gatewayTo('demo');
    const index = DestinationIndex.for(gateway, 'invoice');
    index.want(['number']);
    const all = await demoInvoices();
    await index.readAll();
    const known = all.slice(0, 40).map((i) => i.sourceId);
    const missing = '00000000-0000-0000-0000-000000000000';
    const { result, calls } = await callsDuring(() =>
      index.fetch({ ids: [...known, missing] }, undefined, true),
    );
    expect(calls).toBe(1);
    expect(ids(result)).toEqual([...known].sort());
  });

  it('a small list is kept whole: matched records come back whole without another request', async () => {
    const gateway = gatewayTo('demo');
    const index = DestinationIndex.for(gateway, 'contact');
    index.want(['number', 'name']);
    const contacts: CanonicalRecord[] = [];
    for await (const p of kit.connector('demo').read('contact')) contacts.push(...p.records);
    const numbers = contacts
      .filter((c) => typeof c.data.number === 'string')
      .slice(0, 120)
      .map((c) => String(c.data.number));
    const { result, calls } = await callsDuring(() => index.fetch({ key: 'number', values: numbers }));
    expect(calls).toBe(1);
    const byValue = await gateway.fetch('contact', { key: 'number', values: numbers });
    const sorted = (rs: CanonicalRecord[]) => [...rs].sort((x, y) => x.sourceId.localeCompare(y.sourceId));
    expect(sorted(result).map((r) => r.data)).toEqual(sorted(byValue).map((r) => r.data));
  });

  it('observers see every record of the list once, and the list is read once', async () => {
    const gateway = gatewayTo('nordvik');
    const index = DestinationIndex.for(gateway, 'invoice');
    const seen: string[] = [];
    expect(index.observe((r) => seen.push(r.sourceId))).toBe(true);
    const { calls } = await callsDuring(async () => {
      await index.readAll();
      await index.readAll();
    });
    expect(calls).toBe(1);
    const listed: CanonicalRecord[] = [];
    for await (const p of kit.connector('nordvik').read('invoice')) listed.push(...p.records);
    expect([...seen].sort()).toEqual(ids(listed));
    // Too late now: the caller must read for itself.
    expect(index.observe(() => undefined)).toBe(false);
  });

  it('an entity whose list may not hold everything is always fetched by value', async () => {
    const gateway = gatewayTo('demo');
    const index = DestinationIndex.for(gateway, 'payment');
    expect(index.observe(() => undefined)).toBe(false);
    await expect(index.readAll()).rejects.toThrow(/cannot be indexed/);
  });
});
