/**
 * The engine's clock port: time in epoch milliseconds and cancellable sleeps. Real in the worker and the CLI,
 * manual in tests so retries, rate limits and breakers are tested without waiting.
 */
export interface EngineClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Rejects with the signal's reason (an AbortError by default). */
function aborted(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('The run was cancelled', 'AbortError');
}

/** The real clock. */
export const systemEngineClock: EngineClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(aborted(signal));
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = () => {
        clearTimeout(timer);
        reject(aborted(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock that moves only when told: `advance(ms)` wakes sleepers in time order. */
export class ManualClock implements EngineClock {
  private time: number;
  private sleepers: Array<{ at: number; resolve: () => void }> = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(aborted(signal));
      const sleeper = { at: this.time + Math.max(0, ms), resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(aborted(signal));
        },
        { once: true },
      );
    });
  }

  /** Moves time forward, waking every sleeper due on the way (and letting their continuations run). */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.time = Math.max(this.time, due.at);
      due.resolve();
    }
    this.time = target;
    await flushMicrotasks();
  }

  /** How many sleeps are pending. */
  get pending(): number {
    return this.sleepers.length;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
