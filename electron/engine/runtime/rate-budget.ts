import type { EngineClock } from './engine-clock';

/** The published limits one budget enforces (from the connector's describe()). */
export interface RateBudgetLimits {
  readonly concurrent: number;
  readonly perMinute: number;
  readonly perDay?: number;
}

/** What an API said remains, from its headers (Xero: X-MinLimit-Remaining, X-DayLimit-Remaining). */
export interface RemainingLimits {
  readonly minute?: number;
  readonly day?: number;
}

interface Bucket {
  readonly capacity: number;
  readonly refillPerMs: number;
  tokens: number;
  updatedAt: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * A token bucket per window (minute, day) plus a concurrency limit, for one tenant of one API
 * (ARCHITECTURE §5). Waiters are served first come, first served. The buckets start from the published limits
 * and are lowered to what the API reports as remaining, so a second client sharing the tenant's budget (or a
 * restart) does not make Ledgerflow overrun it; a 429's Retry-After pauses the whole budget.
 */
export class RateBudget {
  private readonly buckets: Bucket[];
  private inFlight = 0;
  private pausedUntil = 0;
  private waiters: Array<{ grant: () => void }> = [];
  private pumping = false;

  constructor(
    private readonly limits: RateBudgetLimits,
    private readonly clock: EngineClock,
  ) {
    const now = clock.now();
    const bucket = (capacity: number, window: number): Bucket => ({
      capacity,
      refillPerMs: capacity / window,
      tokens: capacity,
      updatedAt: now,
    });
    this.buckets = [bucket(limits.perMinute, MINUTE)];
    if (limits.perDay !== undefined) this.buckets.push(bucket(limits.perDay, DAY));
  }

  /**
   * Waits for a call slot: a token in every window and a free concurrency place. Returns the release function,
   * to call when the response has arrived. Rejects if `signal` aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.inFlight--;
        void this.pump();
      };
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      void this.pump();
    });
  }

  /** Lowers the buckets to what the API says remains (never raises them above the refill). */
  observe(remaining: RemainingLimits): void {
    this.refill();
    const [minute, day] = this.buckets;
    if (remaining.minute !== undefined && minute) minute.tokens = Math.min(minute.tokens, remaining.minute);
    if (remaining.day !== undefined && day) day.tokens = Math.min(day.tokens, remaining.day);
  }

  /** After a 429: nothing is sent until `ms` from now (Retry-After), whatever the buckets say. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** How long, from now, until `calls` more calls fit the budget: for ETAs in the UI. */
  estimateWaitMs(calls: number): number {
    this.refill();
    let wait = Math.max(0, this.pausedUntil - this.clock.now());
    for (const b of this.buckets) {
      const short = calls - b.tokens;
      if (short > 0) wait = Math.max(wait, short / b.refillPerMs);
    }
    return Math.ceil(wait);
  }

  private refill(): void {
    const now = this.clock.now();
    for (const b of this.buckets) {
      b.tokens = Math.min(b.capacity, b.tokens + (now - b.updatedAt) * b.refillPerMs);
      b.updatedAt = now;
    }
  }

  /** Hands slots to waiters in order, sleeping until the next token when the budget is spent. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length > 0 && this.inFlight < this.limits.concurrent) {
        const wait = this.estimateWaitMs(1);
        if (wait > 0) {
          await this.clock.sleep(wait);
          continue;
        }
        const waiter = this.waiters.shift()!;
        this.inFlight++;
        for (const b of this.buckets) b.tokens -= 1;
        waiter.grant();
      }
    } finally {
      this.pumping = false;
    }
  }
}
