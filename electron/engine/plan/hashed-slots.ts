/**
 * A multimap from string keys to small integers (slots), for indexes that hold hundreds of thousands of keys for
 * a whole run in the worker. Keys are not kept: each is reduced to a 64-bit hash (two 32-bit FNV-1a-style lanes)
 * and stored in typed arrays with open addressing (linear probing). At 565,000 keys that is 12 MB, where a
 * `Map<number, …>` of 52-bit hashes took 38 MB (its table plus a boxed heap number per key) and twice that while
 * it grew. Two different keys share a hash with a chance of about 2^-64 per pair: a false hit is possible in
 * principle, so callers use a hit for what it is (e.g. "possible duplicate") and show the record it points to.
 *
 * A key may be added with several slots; `get` returns them in the order they were added (there is no removal,
 * so the probe sequence keeps that order).
 */
export class HashedSlots {
  private capacity = 0;
  private size = 0;
  private lanesA = new Uint32Array(0);
  private lanesB = new Uint32Array(0);
  /** slot + 1 per bucket; 0 marks an empty bucket. */
  private slots = new Int32Array(0);

  constructor(initialCapacity = 1024) {
    this.allocate(nextPowerOfTwo(Math.max(16, initialCapacity)));
  }

  get count(): number {
    return this.size;
  }

  add(key: string, slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= 0x7fffffff)
      throw new RangeError(`slot ${slot} is no non-negative 31-bit integer`);
    if ((this.size + 1) * 4 > this.capacity * 3) this.grow();
    hash(key);
    this.place(hashA, hashB, slot + 1);
    this.size++;
  }

  /** Every slot added under `key`, oldest first (empty when there is none). */
  get(key: string): number[] {
    hash(key);
    const a = hashA;
    const b = hashB;
    const mask = this.capacity - 1;
    const found: number[] = [];
    for (let i = a & mask; this.slots[i] !== 0; i = (i + 1) & mask)
      if (this.lanesA[i] === a && this.lanesB[i] === b) found.push(this.slots[i]! - 1);
    return found;
  }

  private place(a: number, b: number, stored: number): void {
    const mask = this.capacity - 1;
    let i = a & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.lanesA[i] = a;
    this.lanesB[i] = b;
    this.slots[i] = stored;
  }

  private allocate(capacity: number): void {
    this.capacity = capacity;
    this.lanesA = new Uint32Array(capacity);
    this.lanesB = new Uint32Array(capacity);
    this.slots = new Int32Array(capacity);
  }

  /**
   * Doubles the table. Entries are re-placed in their old bucket order, which keeps the slots of one key in the
   * order they were added (they meet again in the same new probe run, earlier ones first).
   */
  private grow(): void {
    const { lanesA, lanesB, slots, capacity } = this;
    this.allocate(capacity * 2);
    // Start at an empty bucket so that no probe run is split at the array's end.
    let start = 0;
    while (slots[start] !== 0) start++;
    for (let n = 0; n < capacity; n++) {
      const i = (start + n) & (capacity - 1);
      if (slots[i] !== 0) this.place(lanesA[i]!, lanesB[i]!, slots[i]!);
    }
  }
}

let hashA = 0;
let hashB = 0;

/** Two 32-bit FNV-1a-style lanes with different primes over the key's UTF-16 code units (into hashA, hashB). */
function hash(key: string): void {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  // A final mix: the bucket comes from lane a's low bits, which plain FNV spreads poorly for short keys.
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  hashA = a >>> 0;
  hashB = b >>> 0;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
