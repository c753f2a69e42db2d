import { Prng } from './prng';

/** Fault settings of one API. Every field is optional when patching; see `defaultFaults()`. */
export interface FaultSettings {
  /** Fixed delay before each response, real milliseconds. */
  latencyMs: number;
  /** Extra uniformly random delay in [0, jitterMs], real milliseconds. */
  jitterMs: number;
  /** Probability (0..1) that a call fails with one of `errorStatuses`. */
  errorRate: number;
  /** Statuses the random errors use, picked uniformly. */
  errorStatuses: number[];
  /** The next `count` calls fail with `status` (e.g. 503, or 429 for a burst). */
  failNext: { status: number; count: number } | null;
  /** The next `count` calls get a 429 as if a limit were hit (`problem` and `retryAfterSec` go in the headers). */
  burst429: { count: number; problem: string; retryAfterSec: number } | null;
  /** Probability (0..1) that the connection is dropped half-way through the response body. */
  dropRate: number;
  /** Drop the connection on the next N calls. */
  dropNext: number;
  /** Stretch every response body over this many real milliseconds (0 = off). */
  slowBodyMs: number;
  /** Seed of the fault generator, so random faults repeat across runs. */
  seed: number;
}

/** The fault defaults: everything off. */
export function defaultFaults(): FaultSettings {
  return {
    latencyMs: 0,
    jitterMs: 0,
    errorRate: 0,
    errorStatuses: [500, 502, 503],
    failNext: null,
    burst429: null,
    dropRate: 0,
    dropNext: 0,
    slowBodyMs: 0,
    seed: 1,
  };
}

/** What to do to one call. */
export interface FaultPlan {
  delayMs: number;
  /** Replace the response with this status (5xx or forced). */
  failStatus?: number;
  /** Replace the response with a simulated 429. */
  rateLimited?: { problem: string; retryAfterSec: number };
  /** Destroy the socket after writing part of the body. */
  drop: boolean;
  slowBodyMs: number;
}

/**
 * Decides, per call, which faults apply. One injector per API, so faults are scoped per API (the Visma
 * simulators get their own). Random choices come from a seeded generator so a failing run can be repeated.
 */
export class FaultInjector {
  private settings: FaultSettings;
  private prng: Prng;

  constructor(initial: Partial<FaultSettings> = {}) {
    this.settings = { ...defaultFaults(), ...initial };
    this.prng = new Prng(this.settings.seed);
  }

  /** A copy of the current settings. */
  get(): FaultSettings {
    return structuredClone(this.settings);
  }

  /** Merges a patch into the settings (a new `seed` restarts the random sequence). */
  patch(patch: Partial<FaultSettings>): FaultSettings {
    validateFaultPatch(patch);
    this.settings = { ...this.settings, ...patch };
    if (patch.seed !== undefined) this.prng = new Prng(patch.seed);
    return this.get();
  }

  /** Turns every fault off. */
  clear(): void {
    this.settings = { ...defaultFaults(), seed: this.settings.seed };
  }

  /** Plans the faults of the next call (consumes one-shot counters). */
  plan(): FaultPlan {
    const s = this.settings;
    const delayMs = s.latencyMs + (s.jitterMs > 0 ? this.prng.next() * s.jitterMs : 0);
    const plan: FaultPlan = { delayMs, drop: false, slowBodyMs: s.slowBodyMs };
    if (s.burst429 && s.burst429.count > 0) {
      plan.rateLimited = { problem: s.burst429.problem, retryAfterSec: s.burst429.retryAfterSec };
      s.burst429 = s.burst429.count > 1 ? { ...s.burst429, count: s.burst429.count - 1 } : null;
      return plan;
    }
    if (s.failNext && s.failNext.count > 0) {
      plan.failStatus = s.failNext.status;
      s.failNext = s.failNext.count > 1 ? { ...s.failNext, count: s.failNext.count - 1 } : null;
      return plan;
    }
    if (s.errorRate > 0 && s.errorStatuses.length > 0 && this.prng.chance(s.errorRate)) {
      plan.failStatus = this.prng.pick(s.errorStatuses);
      return plan;
    }
    if (s.dropNext > 0) {
      s.dropNext--;
      plan.drop = true;
    } else if (s.dropRate > 0 && this.prng.chance(s.dropRate)) {
      plan.drop = true;
    }
    return plan;
  }
}

function validateFaultPatch(p: Partial<FaultSettings>): void {
  const rate = (v: number | undefined, name: string): void => {
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new Error(`${name} must be between 0 and 1`);
  };
  const nonNeg = (v: number | undefined, name: string): void => {
    if (v !== undefined && !(v >= 0)) throw new Error(`${name} must be >= 0`);
  };
  rate(p.errorRate, 'errorRate');
  rate(p.dropRate, 'dropRate');
  nonNeg(p.latencyMs, 'latencyMs');
  nonNeg(p.jitterMs, 'jitterMs');
  nonNeg(p.slowBodyMs, 'slowBodyMs');
  nonNeg(p.dropNext, 'dropNext');
  if (p.errorStatuses && !p.errorStatuses.every((s) => Number.isInteger(s) && s >= 400 && s <= 599)) {
    throw new Error('errorStatuses must be HTTP error statuses');
  }
}
