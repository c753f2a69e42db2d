import type { SimClock } from './sim-clock';

/** One fixed-window limit, counted per key of its scope (e.g. per tenant, or per app). */
export interface WindowLimit {
  /** Name reported when the limit is hit (Xero: `minute`, `day`, `appminute`). */
  name: string;
  /** Which key the window counts: the tenant/company key or the app (client id) key. */
  scope: 'tenant' | 'app';
  /** Calls allowed per window; `Infinity` or a value <= 0 disables it. */
  limit: number;
  /** Window length in simulated milliseconds. */
  windowMs: number;
}

/** Rate-limit settings of one API. */
export interface RateLimitSettings {
  enabled: boolean;
  /** Calls in flight per tenant; <= 0 disables. */
  concurrent: number;
  windows: WindowLimit[];
}

/** What the limiter says about one call. */
export type RateDecision =
  | { ok: true; remaining: Record<string, number>; release: () => void }
  | {
      ok: false;
      problem: string;
      /** Seconds (simulated) until the breached window resets; absent for concurrency. */
      retryAfterSimMs?: number;
      remaining: Record<string, number>;
    };

interface WindowState {
  start: number;
  count: number;
}

/**
 * Fixed-window rate limiter plus a per-tenant concurrency gate. Windows start at the first call of each key
 * (so, as xero-notes.md §2.1 says of Xero, they reset at different times for each tenant) and run on the
 * simulated clock, so a time scale shortens them.
 */
export class RateLimiter {
  private readonly windows = new Map<string, WindowState>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private settings: RateLimitSettings,
    private readonly clock: SimClock,
  ) {}

  /** Current settings (a copy). */
  getSettings(): RateLimitSettings {
    return { ...this.settings, windows: this.settings.windows.map((w) => ({ ...w })) };
  }

  /** Replaces settings; counters are kept unless `resetCounters` is true. */
  setSettings(settings: RateLimitSettings, resetCounters = false): void {
    this.settings = settings;
    if (resetCounters) this.reset();
  }

  /** Clears every window and the in-flight counts. */
  reset(): void {
    this.windows.clear();
    this.inFlight.clear();
  }

  /** Remaining calls per window for a key pair, without counting a call. */
  peek(tenantKey: string, appKey: string): Record<string, number> {
    const now = this.clock.now();
    const out: Record<string, number> = {};
    for (const w of this.settings.windows) {
      const st = this.current(w, w.scope === 'tenant' ? tenantKey : appKey, now);
      out[w.name] = this.isActive(w) ? Math.max(0, w.limit - st.count) : w.limit;
    }
    return out;
  }

  /** Simulated milliseconds until each window of a key pair resets (a fresh window reports its full length). */
  resetIn(tenantKey: string, appKey: string): Record<string, number> {
    const now = this.clock.now();
    const out: Record<string, number> = {};
    for (const w of this.settings.windows) {
      const st = this.current(w, w.scope === 'tenant' ? tenantKey : appKey, now);
      out[w.name] = Math.max(0, st.start + w.windowMs - now);
    }
    return out;
  }

  /** Tries to admit a call; on success the caller must call `release()` when the response is done. */
  acquire(tenantKey: string, appKey: string): RateDecision {
    if (!this.settings.enabled) {
      return { ok: true, remaining: this.peek(tenantKey, appKey), release: () => undefined };
    }
    const now = this.clock.now();
    const flying = this.inFlight.get(tenantKey) ?? 0;
    if (this.settings.concurrent > 0 && flying >= this.settings.concurrent) {
      return { ok: false, problem: 'concurrent', remaining: this.peek(tenantKey, appKey) };
    }
    const states = this.settings.windows.map((w) => ({
      w,
      st: this.current(w, w.scope === 'tenant' ? tenantKey : appKey, now),
    }));
    for (const { w, st } of states) {
      if (this.isActive(w) && st.count >= w.limit) {
        return {
          ok: false,
          problem: w.name,
          retryAfterSimMs: Math.max(0, st.start + w.windowMs - now),
          remaining: this.peek(tenantKey, appKey),
        };
      }
    }
    for (const { st } of states) st.count++;
    this.inFlight.set(tenantKey, flying + 1);
    let released = false;
    return {
      ok: true,
      remaining: this.peek(tenantKey, appKey),
      release: () => {
        if (released) return;
        released = true;
        const n = (this.inFlight.get(tenantKey) ?? 1) - 1;
        if (n <= 0) this.inFlight.delete(tenantKey);
        else this.inFlight.set(tenantKey, n);
      },
    };
  }

  private isActive(w: WindowLimit): boolean {
    return Number.isFinite(w.limit) && w.limit > 0;
  }

  private current(w: WindowLimit, key: string, now: number): WindowState {
    const id = `${w.name}\u0000${key}`;
    let st = this.windows.get(id);
    if (!st || now >= st.start + w.windowMs) {
      st = { start: now, count: 0 };
      this.windows.set(id, st);
    }
    return st;
  }
}
