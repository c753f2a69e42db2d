import type { CallCounters } from './call-counters';
import type { FaultInjector, FaultPlan } from './fault-injector';
import type { SimRequest, SimResponse } from './http-kit';
import type { SimClock } from './sim-clock';

/** What an API answers to one request. `done` runs after the response is written (releases concurrency). */
export interface ApiResult {
  response: SimResponse;
  done?: () => void;
  /** True when the call changed state (the server then schedules a save of the persisted file). */
  mutated?: boolean;
}

/** Shared services the server hands to every API. */
export interface ApiServices {
  clock: SimClock;
  counters: CallCounters;
}

/** Seed parameters every API derives its data from. */
export interface SeedParams {
  seed: number;
  scale: number;
}

/**
 * One simulated API plugged into the sandbox server (Xero, Visma eAccounting, Visma.net).
 * The server owns the socket, routing by prefix, body reading, faults, counters, admin and persistence; the API
 * owns its routes, auth, limits, data and how its faults look on the wire.
 */
export interface SandboxApi {
  /** Short name used in the admin endpoint, counters and snapshots ("xero", "visma-eaccounting", "visma-net"). */
  readonly name: string;
  /** Mount prefix on the sandbox server ("/xero"). */
  readonly prefix: string;
  readonly faults: FaultInjector;
  /** Largest request body accepted, bytes. */
  readonly maxBodyBytes: number;
  /** The counter name of a request (e.g. `GET /Invoices`), or undefined for paths the API does not serve. */
  operationOf(req: SimRequest): string;
  /** Handles a request (path is relative to the prefix). */
  handle(req: SimRequest): Promise<ApiResult> | ApiResult;
  /** How a planned fault looks on this API's wire (5xx body, 429 headers). */
  faultResponse(plan: FaultPlan, req: SimRequest): SimResponse;
  /** URLs, credentials and tenants for the startup banner and RunningSandbox.apis. */
  describe(baseUrl: string): unknown;
  /** The API's tunable settings (limits, behaviour, token lifetimes). */
  getSettings(): unknown;
  /** Merges a settings patch; returns the new settings. */
  patchSettings(patch: unknown): unknown;
  /** Serializable state. */
  snapshot(): unknown;
  /**
   * Replaces the state with a snapshot. With `keepAuth` the current tokens and grants stay valid (and are
   * connected to the restored tenants); without it the snapshot's own auth state is loaded (persist files).
   */
  restore(state: unknown, opts?: { keepAuth?: boolean }): void;
  /** Re-seeds the data. */
  reset(seed: SeedParams): void;
  /** API-specific admin actions (e.g. `expire-tokens`). Throws for an unknown action. */
  adminAction(action: string, body: unknown): unknown;
}
