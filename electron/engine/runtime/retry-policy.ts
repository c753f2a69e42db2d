import { LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { EngineClock } from './engine-clock';

/** How retries back off (ARCHITECTURE §5: up to 10 retries, exponential backoff with jitter, Retry-After). */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The engine's default policy. */
export const defaultRetryPolicy: RetryPolicy = { maxRetries: 10, baseDelayMs: 500, maxDelayMs: 60_000 };

/** Whether an error is worth retrying: operational errors are; user errors (a 400, a lost grant) and bugs are not. */
export function isRetryable(error: unknown): boolean {
  return error instanceof LedgerflowError && error.kind === 'operational';
}

/** The API's Retry-After carried by an error (LF-2002 details), in ms. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof LedgerflowError)) return undefined;
  const details = error.details as { retryAfterMs?: unknown } | undefined;
  return typeof details?.retryAfterMs === 'number' ? details.retryAfterMs : undefined;
}

/**
 * The delay before retry number `retry` (1-based): "full jitter" exponential backoff, never shorter than the
 * API's Retry-After. `random` is injectable so tests are exact.
 */
export function retryDelayMs(
  retry: number,
  error: unknown,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.round(random() * ceiling);
  return Math.max(jittered, retryAfterOf(error) ?? 0);
}

/** What `withRetry` reports before each retry (for the live log). */
export interface RetryNotice {
  readonly retry: number;
  readonly delayMs: number;
  readonly error: unknown;
}

/**
 * Runs `task`, retrying operational failures with backoff up to `policy.maxRetries` times. The last error is
 * rethrown as it is (the caller dead-letters it); user errors are rethrown at once.
 */
export async function withRetry<T>(
  task: (attempt: number) => Promise<T>,
  options: {
    clock: EngineClock;
    policy?: RetryPolicy;
    random?: () => number;
    signal?: AbortSignal;
    onRetry?: (notice: RetryNotice) => void;
  },
): Promise<T> {
  const policy = options.policy ?? defaultRetryPolicy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      if (!isRetryable(error) || attempt > policy.maxRetries) throw error;
      const delayMs = retryDelayMs(attempt, error, policy, options.random);
      options.onRetry?.({ retry: attempt, delayMs, error });
      await options.clock.sleep(delayMs, options.signal);
    }
  }
}
