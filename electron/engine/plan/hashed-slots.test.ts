import { describe, expect, it } from 'vitest';
import { HashedSlots } from './hashed-slots';

describe('HashedSlots', () => {
  it('answers every slot added under a key, oldest first, and nothing for an unknown key', () => {
    const index = new HashedSlots(16);
    index.add('number:INV-1', 0);
    index.add('email:a@example.se', 1);
    index.add('number:INV-1', 7);
    index.add('number:INV-1', 3);
    expect(index.get('number:INV-1')).toEqual([0, 7, 3]);
    expect(index.get('email:a@example.se')).toEqual([1]);
    expect(index.get('number:INV-2')).toEqual([]);
    expect(index.get('')).toEqual([]);
    expect(index.count).toBe(4);
  });

  it('keeps every key and the order of its slots while it grows many times over', () => {
    // 16 buckets to start: the table doubles 13 times on the way to 100,000 entries, with keys that share
    // slots scattered between the others (so probe runs cross the array's end and get re-placed).
    const index = new HashedSlots(16);
    const expected = new Map<string, number[]>();
    for (let slot = 0; slot < 100_000; slot++) {
      const key = slot % 5 === 0 ? `shared:${slot % 1000}` : `own:${slot}`;
      index.add(key, slot);
      (expected.get(key) ?? expected.set(key, []).get(key)!).push(slot);
    }
    expect(index.count).toBe(100_000);
    for (const [key, slots] of expected) expect(index.get(key)).toEqual(slots);
    expect(index.get('own:100000')).toEqual([]);
    expect(index.get('shared:1001')).toEqual([]);
  });

  it('tells keys apart that differ in one character, in case, or only in non-ASCII letters', () => {
    const index = new HashedSlots();
    const keys = ['name:malmo', 'name:malmö', 'name:Malmö', 'name:malmö ', 'name:mal', 'name:ma1mo'];
    keys.forEach((k, i) => index.add(k, i));
    keys.forEach((k, i) => expect(index.get(k)).toEqual([i]));
  });

  it('refuses a slot it cannot store', () => {
    const index = new HashedSlots();
    expect(() => index.add('k', -1)).toThrow(RangeError);
    expect(() => index.add('k', 1.5)).toThrow(RangeError);
    expect(() => index.add('k', 2 ** 31)).toThrow(RangeError);
    expect(index.count).toBe(0);
  });
});
