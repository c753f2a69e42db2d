/**
 * Splits operations into batches of at most `size` such that no batch holds two operations on the same record
 * and every record's operations keep their order across batches (per-key ordering, ARCHITECTURE §5). Greedy:
 * each op goes into the first batch after its key's previous batch that has room. O(n) amortised.
 */
export function orderedBatches<T>(ops: readonly T[], size: number, keyOf: (op: T) => string): T[][] {
  if (size < 1) throw new RangeError('batch size must be at least 1');
  const batches: T[][] = [];
  const lastBatchOfKey = new Map<string, number>();
  // The first batch index that may still have room, per "earliest allowed" index, to avoid rescanning full ones.
  let firstOpen = 0;
  for (const op of ops) {
    const key = keyOf(op);
    let index = Math.max(firstOpen, (lastBatchOfKey.get(key) ?? -1) + 1);
    while (index < batches.length && batches[index]!.length >= size) index++;
    if (index === batches.length) batches.push([]);
    batches[index]!.push(op);
    lastBatchOfKey.set(key, index);
    while (firstOpen < batches.length && batches[firstOpen]!.length >= size) firstOpen++;
  }
  return batches;
}

/**
 * Runs tasks so that tasks with the same key run one after another in submission order, while different keys
 * run in parallel up to `concurrency`.
 */
export class KeyedSerialRunner {
  private readonly tails = new Map<string, Promise<unknown>>();
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly concurrency: number) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(
      () => this.withSlot(task),
      () => this.withSlot(task),
    );
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  private async withSlot<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }
}
