import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerState } from './circuit-breaker';
import { ManualClock } from './engine-clock';

describe('CircuitBreaker', () => {
  it('opens after consecutive operational failures, probes when half-open, closes on success', async () => {
    const clock = new ManualClock();
    const changes: BreakerState[] = [];
    const breaker = new CircuitBreaker(clock, { failureThreshold: 3, openMs: 1_000, maxOpenMs: 4_000 }, (s) =>
      changes.push(s),
    );
    breaker.onFailure('operational');
    breaker.onFailure('user'); // a refused record says nothing about the API's health
    breaker.onFailure('operational');
    expect(breaker.current).toBe('closed');
    breaker.onFailure('operational');
    expect(breaker.current).toBe('open');
    expect(() => breaker.beforeCall()).toThrow(expect.objectContaining({ code: 'LF-3001' }));
    await clock.advance(1_000);
    expect(breaker.current).toBe('half-open');
    breaker.beforeCall(); // the one probe
    expect(() => breaker.beforeCall()).toThrow(expect.objectContaining({ code: 'LF-3001' }));
    breaker.onSuccess();
    expect(breaker.current).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens for twice as long when the probe fails, up to the maximum', async () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock, { failureThreshold: 1, openMs: 1_000, maxOpenMs: 3_000 });
    breaker.onFailure('operational');
    for (const expectedOpenMs of [2_000, 3_000, 3_000]) {
      await clock.advance(10_000);
      breaker.beforeCall();
      breaker.onFailure('operational');
      await clock.advance(expectedOpenMs - 1);
      expect(breaker.current).toBe('open');
      await clock.advance(1);
      expect(breaker.current).toBe('half-open');
    }
  });

  it('tells the caller how long until the next try', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock, { failureThreshold: 1, openMs: 30_000, maxOpenMs: 60_000 });
    breaker.onFailure('operational');
    try {
      breaker.beforeCall();
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'LF-3001',
        kind: 'operational',
        details: { retryAfterMs: 30_000 },
      });
    }
  });
});
