import { describe, expect, it } from 'vitest';
import { createError } from '../../../shared/errors/ledgerflow-error';
import { ManualClock } from './engine-clock';
import { defaultRetryPolicy, isRetryable, retryDelayMs, withRetry } from './retry-policy';

const unavailable = () => createError('LF-2003', 'Xero is unavailable (503)');
const limited = (retryAfterMs: number) => createError('LF-2002', 'rate limited', { retryAfterMs });

describe('retry policy', () => {
  it('retries operational errors only', () => {
    expect(isRetryable(unavailable())).toBe(true);
    expect(isRetryable(limited(1000))).toBe(true);
    expect(isRetryable(createError('LF-2001', 'A validation exception occurred'))).toBe(false);
    expect(isRetryable(createError('LF-2004'))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });

  it('backs off exponentially with full jitter, capped, never below Retry-After', () => {
    const half = () => 0.5;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, unavailable(), defaultRetryPolicy, half))).toEqual([
      250, 500, 1000, 2000,
    ]);
    expect(retryDelayMs(20, unavailable(), defaultRetryPolicy, () => 1)).toBe(60_000);
    expect(retryDelayMs(1, limited(42_000), defaultRetryPolicy, half)).toBe(42_000);
  });

  it('gives up after 10 retries and rethrows the last error', async () => {
    const clock = new ManualClock();
    let attempts = 0;
    const retries: number[] = [];
    const run = withRetry(
      async () => {
        attempts++;
        throw unavailable();
      },
      { clock, random: () => 0, onRetry: (n) => retries.push(n.retry) },
    );
    const outcome = run.catch((e: unknown) => e);
    await clock.advance(0);
    expect(await outcome).toMatchObject({ code: 'LF-2003' });
    expect(attempts).toBe(11);
    expect(retries).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('waits out Retry-After, then succeeds; a user error is not retried', async () => {
    const clock = new ManualClock();
    let attempts = 0;
    const run = withRetry(
      async () => {
        attempts++;
        if (attempts === 1) throw limited(5_000);
        return 'written';
      },
      { clock, random: () => 0 },
    );
    await clock.advance(4_999);
    expect(attempts).toBe(1);
    await clock.advance(1);
    await expect(run).resolves.toBe('written');
    let userAttempts = 0;
    await expect(
      withRetry(
        async () => {
          userAttempts++;
          throw createError('LF-2001', 'Contact name is required');
        },
        { clock },
      ),
    ).rejects.toMatchObject({ code: 'LF-2001' });
    expect(userAttempts).toBe(1);
  });
});
