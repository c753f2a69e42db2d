import { describe, expect, it } from 'vitest';
import { ManualClock } from './engine-clock';
import { RateBudget } from './rate-budget';

describe('RateBudget', () => {
  it('never has more calls in flight than the concurrency limit', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ concurrent: 5, perMinute: 1000 }, clock);
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const release = await budget.acquire();
        inFlight++;
        peak = Math.max(peak, inFlight);
        await Promise.resolve();
        inFlight--;
        release();
      }),
    );
    expect(peak).toBe(5);
  });

  it('spreads calls over time once the per-minute tokens are spent', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ concurrent: 100, perMinute: 60 }, clock);
    const grantedAt: number[] = [];
    const start = clock.now();
    const all = Array.from({ length: 70 }, () =>
      budget.acquire().then((release) => (grantedAt.push(clock.now() - start), release())),
    );
    await clock.advance(0);
    expect(grantedAt).toHaveLength(60);
    await clock.advance(10_000);
    expect(grantedAt).toHaveLength(70);
    await Promise.all(all);
    // The 61st call waits for one token to refill: 1 per second at 60/min.
    expect(grantedAt[60]).toBe(1000);
    expect(grantedAt[69]).toBe(10_000);
  });

  it('lowers its tokens to what the API says remains, and pauses for Retry-After', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ concurrent: 5, perMinute: 60, perDay: 5000 }, clock);
    budget.observe({ minute: 2, day: 4000 });
    expect(budget.estimateWaitMs(2)).toBe(0);
    expect(budget.estimateWaitMs(3)).toBe(1000);
    budget.pauseFor(7_000);
    expect(budget.estimateWaitMs(1)).toBe(7_000);
    let granted = false;
    const pending = budget.acquire().then((release) => ((granted = true), release()));
    await clock.advance(6_999);
    expect(granted).toBe(false);
    await clock.advance(1);
    await pending;
    expect(granted).toBe(true);
  });

  it('respects the day window and rejects a waiter whose run is cancelled', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ concurrent: 5, perMinute: 60, perDay: 2 }, clock);
    (await budget.acquire())();
    (await budget.acquire())();
    const controller = new AbortController();
    const third = budget.acquire(controller.signal);
    expect(budget.estimateWaitMs(1)).toBe(43_200_000);
    controller.abort(new Error('cancelled'));
    await expect(third).rejects.toThrow('cancelled');
  });
});
