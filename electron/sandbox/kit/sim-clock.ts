/**
 * The simulators' notion of time. `timeScale` makes simulated time run faster than wall time (60 → one simulated
 * minute per real second) so that tests can live through rate-limit windows and token lifetimes quickly;
 * `advance()` jumps forward explicitly. Simulated time never goes backwards.
 */
export class SimClock {
  private realStart = Date.now();
  private simStart = Date.now();
  private scale: number;

  constructor(timeScale = 1) {
    this.scale = timeScale > 0 ? timeScale : 1;
  }

  /** Current simulated time in epoch milliseconds. */
  now(): number {
    return Math.floor(this.simStart + (Date.now() - this.realStart) * this.scale);
  }

  /** Simulated milliseconds per real millisecond. */
  get timeScale(): number {
    return this.scale;
  }

  /** Changes the speed from now on without a jump in simulated time. */
  setTimeScale(scale: number): void {
    if (!(scale > 0)) throw new Error('timeScale must be > 0');
    this.simStart = this.now();
    this.realStart = Date.now();
    this.scale = scale;
  }

  /** Moves simulated time forward by `ms`. */
  advance(ms: number): void {
    if (ms > 0) this.simStart += ms;
  }

  /** Converts a simulated duration to real milliseconds (for Retry-After and timers). */
  toRealMs(simMs: number): number {
    return simMs / this.scale;
  }
}
