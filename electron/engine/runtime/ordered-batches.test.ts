import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test-support/flow-examples';
import { KeyedSerialRunner, orderedBatches } from './ordered-batches';

describe('orderedBatches', () => {
  it('fills batches to size and keeps each key once per batch, in order', () => {
    const ops = ['a1', 'b1', 'a2', 'c1', 'a3', 'b2', 'd1'].map((id) => ({ key: id[0]!, id }));
    const batches = orderedBatches(ops, 3, (op) => op.key).map((b) => b.map((op) => op.id));
    expect(batches).toEqual([['a1', 'b1', 'c1'], ['a2', 'b2', 'd1'], ['a3']]);
  });

  it('keeps per-key order, no duplicates and full batches on random input', () => {
    const random = seededRandom(7);
    const ops = Array.from({ length: 5_000 }, (_, i) => ({ key: `k${Math.floor(random() * 300)}`, seq: i }));
    const batches = orderedBatches(ops, 50, (op) => op.key);
    expect(batches.flat()).toHaveLength(ops.length);
    const lastSeq = new Map<string, number>();
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(50);
      expect(new Set(batch.map((op) => op.key)).size).toBe(batch.length);
      for (const op of batch) {
        expect(op.seq).toBeGreaterThan(lastSeq.get(op.key) ?? -1);
        lastSeq.set(op.key, op.seq);
      }
    }
    // No packing can beat either bound; the greedy must stay within 2% of them (the API-call budget is 5%).
    const perKey = new Map<string, number>();
    for (const op of ops) perKey.set(op.key, (perKey.get(op.key) ?? 0) + 1);
    const lowerBound = Math.max(Math.ceil(ops.length / 50), ...perKey.values());
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(lowerBound * 1.02));
  });
});

describe('KeyedSerialRunner', () => {
  it('runs one key in order and different keys in parallel up to the limit', async () => {
    const runner = new KeyedSerialRunner(2);
    const log: string[] = [];
    let running = 0;
    let peak = 0;
    const task = (name: string, ms: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      running--;
    };
    await Promise.all([
      runner.run('a', task('a1', 20)),
      runner.run('a', task('a2', 1)),
      runner.run('b', task('b1', 5)),
      runner.run('c', task('c1', 5)),
    ]);
    expect(peak).toBe(2);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });

  it('keeps going after a failed task of the same key', async () => {
    const runner = new KeyedSerialRunner(1);
    const failed = runner.run('a', async () => {
      throw new Error('boom');
    });
    const next = runner.run('a', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
