import { createError } from '../../../shared/errors/ledgerflow-error';
import type { EngineClock } from './engine-clock';

/** The breaker's state. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** When the breaker opens and how long it stays open. */
export interface BreakerSettings {
  /** Consecutive operational failures that open it. */
  readonly failureThreshold: number;
  /** How long it stays open before letting one probe through. Doubles on each failed probe, up to the max. */
  readonly openMs: number;
  readonly maxOpenMs: number;
}

/** Defaults: 5 failures in a row open it for 30 s, up to 5 minutes. */
export const defaultBreakerSettings: BreakerSettings = {
  failureThreshold: 5,
  openMs: 30_000,
  maxOpenMs: 300_000,
};

/**
 * A circuit breaker per connection (ARCHITECTURE §5): after repeated operational failures it stops calls for a
 * while instead of hammering a failing API, then lets one probe through (half-open); the probe's success closes
 * it, its failure opens it again for longer. User errors (a refused record) say nothing about the API's health
 * and are not counted.
 */
export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private failures = 0;
  private openUntil = 0;
  private currentOpenMs: number;
  private probeInFlight = false;

  constructor(
    private readonly clock: EngineClock,
    private readonly settings: BreakerSettings = defaultBreakerSettings,
    private readonly onChange: (state: BreakerState, reopensInMs?: number) => void = () => undefined,
  ) {
    this.currentOpenMs = settings.openMs;
  }

  /** The current state (open turns half-open once its time is up). */
  get current(): BreakerState {
    if (this.state === 'open' && this.clock.now() >= this.openUntil) this.transition('half-open');
    return this.state;
  }

  /**
   * Asks to make a call. Throws LF-3001 (operational, with `retryAfterMs`) while open, or while a half-open probe
   * is already out.
   */
  beforeCall(): void {
    const state = this.current;
    if (state === 'closed') return;
    if (state === 'half-open' && !this.probeInFlight) {
      this.probeInFlight = true;
      return;
    }
    const retryAfterMs = Math.max(0, this.openUntil - this.clock.now()) || this.settings.openMs;
    throw createError(
      'LF-3001',
      `The connection's circuit breaker is open; next try in ${Math.ceil(retryAfterMs / 1000)} s`,
      {
        retryAfterMs,
      },
    );
  }

  /** Reports a successful call. */
  onSuccess(): void {
    this.failures = 0;
    this.probeInFlight = false;
    this.currentOpenMs = this.settings.openMs;
    if (this.state !== 'closed') this.transition('closed');
  }

  /** Reports a failed call; only operational failures count. */
  onFailure(kind: 'user' | 'operational' | 'unexpected'): void {
    if (kind !== 'operational') {
      if (this.probeInFlight) this.onSuccess();
      return;
    }
    if (this.state === 'half-open' || this.probeInFlight) {
      this.probeInFlight = false;
      this.currentOpenMs = Math.min(this.settings.maxOpenMs, this.currentOpenMs * 2);
      return this.open();
    }
    this.failures++;
    if (this.failures >= this.settings.failureThreshold) this.open();
  }

  private open(): void {
    this.openUntil = this.clock.now() + this.currentOpenMs;
    this.failures = 0;
    this.transition('open', this.currentOpenMs);
  }

  private transition(state: BreakerState, reopensInMs?: number): void {
    this.state = state;
    this.onChange(state, reopensInMs);
  }
}
