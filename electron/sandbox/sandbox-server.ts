import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin, type AdminTarget } from './kit/admin.routes';
import { CallCounters, type ApiCounters } from './kit/call-counters';
import { FaultInjector, type FaultSettings } from './kit/fault-injector';
import {
  BodyTooLargeError,
  flattenHeaders,
  json,
  readBody,
  text,
  writeResponse,
  type SimRequest,
  type SimResponse,
} from './kit/http-kit';
import { readJsonFile, writeJsonAtomic } from './kit/json-file-store';
import type { ApiResult, SandboxApi, SeedParams } from './kit/sandbox-api';
import { SimClock } from './kit/sim-clock';
import type { TokenResponse } from './kit/oauth-server';
import {
  XeroApi,
  type XeroDescription,
  type XeroSettings,
  type XeroSettingsPatch,
  type XeroState,
  type XeroTenantInfo,
} from './xero/xero-api';

/** Names of the simulated APIs (part 2 adds the Visma ones). */
export type SandboxApiName = 'xero';

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** Interface to bind; loopback only (default 127.0.0.1). */
  host?: string;
  /** Port; 0 picks a free one (default 0). */
  port?: number;
  /** Seed of the generated data (default 1). */
  seed?: number;
  /** Size multiplier of the generated company (1 ≈ 1,000 invoices; 100 ≈ 100,000). Default 1. */
  scale?: number;
  /** Keep state in this JSON file: loaded at start when it exists, saved (atomically) after changes and on close. */
  persistFile?: string;
  /** Simulated time runs this many times faster than wall time (60: a rate-limit minute lasts one second). */
  timeScale?: number;
  /** Initial faults per API. */
  faults?: Partial<Record<SandboxApiName, Partial<FaultSettings>>>;
  /** Initial rate limits per API (shorthand for `settings.xero.limits`). */
  limits?: { xero?: XeroSettingsPatch['limits'] };
  /** Initial settings per API. */
  settings?: { xero?: XeroSettingsPatch };
  /** Log each request to this function (the CLI passes console.log with --verbose). */
  log?: (line: string) => void;
}

/** The Xero part of RunningSandbox.apis. */
export interface XeroEndpoints extends XeroDescription {
  tenants: XeroTenantInfo[];
}

/** A whole-sandbox snapshot (what `/__sandbox/snapshot` returns and `persistFile` holds). */
export interface SandboxSnapshot {
  version: 1;
  seed: number;
  scale: number;
  apis: { xero: XeroState };
}

/** In-process admin helpers (the same operations as the `/__sandbox` endpoint). */
export interface SandboxAdmin {
  getFaults(api: SandboxApiName): FaultSettings;
  setFaults(api: SandboxApiName, patch: Partial<FaultSettings>): FaultSettings;
  clearFaults(api?: SandboxApiName): void;
  counters(api: SandboxApiName): ApiCounters;
  resetCounters(api?: SandboxApiName): void;
  /** Re-seeds every API (optionally with a new seed/scale); tokens survive and are connected to the new tenants. */
  reset(seed?: Partial<SeedParams>): void;
  snapshot(): SandboxSnapshot;
  /** Brings back a snapshot's data; the tokens issued since stay valid. */
  restore(snapshot: SandboxSnapshot): void;
  /** Writes the persist file now; false when no persistFile was configured. */
  persist(): boolean;
  advanceClock(ms: number): void;
  setTimeScale(scale: number): void;
  xero: {
    settings(): XeroSettings;
    patchSettings(patch: XeroSettingsPatch): XeroSettings;
    setLimits(limits: XeroSettingsPatch['limits']): XeroSettings;
    /** A token pair connected to every tenant, without the browser flow. */
    issueToken(opts?: {
      scopes?: string[];
      clientId?: string;
    }): TokenResponse & { tenants: XeroTenantInfo[] };
    /** Every access token issued so far becomes expired (401 TokenExpired). */
    expireTokens(): void;
    /** Every grant is revoked and every connection dropped. */
    revokeTokens(): void;
    /** The live API object (direct data access for tests and benchmarks). */
    api: XeroApi;
  };
}

/** A started sandbox. */
export interface RunningSandbox {
  /** e.g. http://127.0.0.1:54321 */
  baseUrl: string;
  host: string;
  port: number;
  adminUrl: string;
  apis: { xero: XeroEndpoints };
  admin: SandboxAdmin;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Starts the sandbox: one HTTP server on one loopback port serving every simulated API under its own prefix
 * (`/xero/...`) plus the admin endpoint `/__sandbox`. Resolves once it is listening.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the sandbox binds to loopback only (got host '${host}')`);
  let seed: SeedParams = { seed: options.seed ?? 1, scale: options.scale ?? 1 };
  const clock = new SimClock(options.timeScale ?? 1);
  const counters = new CallCounters();
  const services = { clock, counters };
  const xeroFaults = new FaultInjector(options.faults?.xero ?? {});
  const xeroSettings: XeroSettingsPatch = {
    ...(options.settings?.xero ?? {}),
    ...(options.limits?.xero
      ? { limits: { ...(options.settings?.xero?.limits ?? {}), ...options.limits.xero } }
      : {}),
  };
  const xero = new XeroApi({ seed, settings: xeroSettings, faults: xeroFaults, services });
  const apis = new Map<string, SandboxApi>([[xero.name, xero]]);

  const snapshot = (): SandboxSnapshot => ({
    version: 1,
    seed: seed.seed,
    scale: seed.scale,
    apis: { xero: xero.snapshot() },
  });
  const restore = (s: SandboxSnapshot, keepAuth: boolean): void => {
    if (!s || s.version !== 1 || !s.apis?.xero) throw new Error('not a sandbox snapshot (version 1)');
    seed = { seed: s.seed, scale: s.scale };
    xero.restore(s.apis.xero, { keepAuth });
  };
  if (options.persistFile) {
    const saved = readJsonFile(options.persistFile) as SandboxSnapshot | undefined;
    // A persisted sandbox brings back its own grants and refresh tokens, so the app stays connected.
    if (saved) restore(saved, false);
  }

  let saveTimer: NodeJS.Timeout | undefined;
  const persistNow = (): boolean => {
    if (!options.persistFile) return false;
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    writeJsonAtomic(options.persistFile, snapshot());
    return true;
  };
  const schedulePersist = (): void => {
    if (!options.persistFile || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      try {
        persistNow();
      } catch (e) {
        options.log?.(`sandbox: could not save ${options.persistFile}: ${(e as Error).message}`);
      }
    }, 500);
    saveTimer.unref();
  };

  let baseUrl = '';
  const target: AdminTarget = {
    apis,
    counters,
    clock,
    baseUrl: () => baseUrl,
    reset: (p) => {
      seed = { seed: p?.seed ?? seed.seed, scale: p?.scale ?? seed.scale };
      for (const a of apis.values()) a.reset(seed);
      schedulePersist();
    },
    snapshot,
    restore: (s) => {
      restore(s as SandboxSnapshot, true);
      schedulePersist();
    },
    persist: persistNow,
  };

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    void serve(req, res).catch((e: unknown) => {
      options.log?.(`sandbox: internal error: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent)
        writeResponse(res, json(500, { error: 'sandbox internal error', message: (e as Error).message }));
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === '/__sandbox' || url.pathname.startsWith('/__sandbox/')) {
      const body = await readBody(req, 1_000_000_000);
      writeResponse(res, handleAdmin(target, method, url.pathname.slice('/__sandbox'.length), body));
      return;
    }
    const api = [...apis.values()].find(
      (a) => url.pathname === a.prefix || url.pathname.startsWith(`${a.prefix}/`),
    );
    if (!api) {
      writeResponse(
        res,
        text(
          404,
          `No simulated API here. Try ${[...apis.values()].map((a) => a.prefix).join(', ')} or /__sandbox.`,
        ),
      );
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, api.maxBodyBytes);
    } catch (e) {
      if (e instanceof BodyTooLargeError) {
        writeResponse(res, text(413, 'Request Entity Too Large', { connection: 'close' }));
        counters.record(api.name, `${method} (too large)`, 413);
        return;
      }
      throw e;
    }
    const sim: SimRequest = {
      method,
      path: url.pathname.slice(api.prefix.length) || '/',
      fullPath: url.pathname,
      query: url.searchParams,
      headers: flattenHeaders(req),
      body,
      origin: baseUrl,
      raw: req,
    };
    const operation = api.operationOf(sim);
    const plan = api.faults.plan();
    let result: ApiResult;
    if (plan.rateLimited || plan.failStatus !== undefined)
      result = { response: api.faultResponse(plan, sim) };
    else result = await api.handle(sim);
    try {
      if (plan.delayMs > 0) await sleep(plan.delayMs);
      if (plan.drop) {
        await dropMidBody(res, result.response);
        counters.record(api.name, operation, 'dropped');
      } else {
        if (plan.slowBodyMs > 0) await writeSlowly(res, result.response, plan.slowBodyMs);
        else writeResponse(res, result.response);
        counters.record(api.name, operation, result.response.status);
      }
    } finally {
      result.done?.();
    }
    options.log?.(
      `${method} ${url.pathname}${url.search} → ${plan.drop ? 'dropped' : result.response.status}`,
    );
    if (result.mutated) schedulePersist();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const urlHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  baseUrl = `http://${urlHost}:${addr.port}`;

  const admin: SandboxAdmin = {
    getFaults: (name) => apis.get(name)!.faults.get(),
    setFaults: (name, patch) => apis.get(name)!.faults.patch(patch),
    clearFaults: (name) => {
      for (const a of apis.values()) if (!name || a.name === name) a.faults.clear();
    },
    counters: (name) => counters.get(name),
    resetCounters: (name) => counters.reset(name),
    reset: (p) => target.reset(p),
    snapshot,
    restore: (s) => target.restore(s),
    persist: persistNow,
    advanceClock: (ms) => clock.advance(ms),
    setTimeScale: (s) => clock.setTimeScale(s),
    xero: {
      settings: () => xero.getSettings(),
      patchSettings: (p) => xero.patchSettings(p),
      setLimits: (limits) => xero.patchSettings({ limits: limits ?? {} }),
      issueToken: (o) => xero.issueToken(o),
      expireTokens: () => xero.expireTokens(),
      revokeTokens: () => xero.revokeTokens(),
      api: xero,
    },
  };

  return {
    baseUrl,
    host,
    port: addr.port,
    adminUrl: `${baseUrl}/__sandbox`,
    get apis() {
      return { xero: xero.describe(baseUrl) };
    },
    admin,
    close: async () => {
      if (options.persistFile) {
        try {
          persistNow();
        } catch (e) {
          options.log?.(`sandbox: could not save ${options.persistFile}: ${(e as Error).message}`);
        }
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

/** Writes the headers and half the body, then kills the socket (the "dropped connection mid-body" fault). */
async function dropMidBody(res: ServerResponse, r: SimResponse): Promise<void> {
  const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  const full = body.length > 1 ? body : Buffer.from('{"Id":"dropped", "padding":"................"}');
  res.writeHead(r.status, { ...r.headers, 'content-length': String(full.length) });
  res.write(full.subarray(0, Math.floor(full.length / 2)));
  await sleep(5);
  res.socket?.destroy();
}

/** Streams the body in small chunks over `totalMs` (the "slow body" fault). */
async function writeSlowly(res: ServerResponse, r: SimResponse, totalMs: number): Promise<void> {
  const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  res.writeHead(r.status, { ...r.headers, 'content-length': String(body.length) });
  const chunks = Math.max(1, Math.min(20, body.length));
  const size = Math.ceil(body.length / chunks);
  for (let i = 0; i < chunks; i++) {
    res.write(body.subarray(i * size, (i + 1) * size));
    await sleep(totalMs / chunks);
  }
  res.end();
}
