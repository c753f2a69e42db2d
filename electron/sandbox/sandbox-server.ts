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
  VismaEaccountingApi,
  type VeaDescription,
  type VeaSettings,
  type VeaSettingsPatch,
  type VeaState,
} from './visma-eaccounting/vea-api';
import {
  VismaNetApi,
  type VnDescription,
  type VnSettings,
  type VnSettingsPatch,
  type VnState,
} from './visma-net/vn-api';
import {
  XeroApi,
  type XeroDescription,
  type XeroSettings,
  type XeroSettingsPatch,
  type XeroState,
  type XeroTenantInfo,
} from './xero/xero-api';

/** Names of the simulated APIs, as the admin endpoint, counters, snapshots and `--api` spell them. */
export type SandboxApiName = 'xero' | 'visma-eaccounting' | 'visma-net';

/** Every simulated API, in mount order. */
export const SANDBOX_API_NAMES: readonly SandboxApiName[] = ['xero', 'visma-eaccounting', 'visma-net'];

/** Settings patches per API (keyed by API name). */
export interface SandboxSettingsPatches {
  xero?: XeroSettingsPatch;
  'visma-eaccounting'?: VeaSettingsPatch;
  'visma-net'?: VnSettingsPatch;
}

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** Interface to bind; loopback only (default 127.0.0.1). */
  host?: string;
  /** Port; 0 picks a free one (default 0). */
  port?: number;
  /** Seed of the generated data (default 1); every API projects the same neutral company from it. */
  seed?: number;
  /** Size multiplier of the generated company (1 ≈ 1,000 invoices; 100 ≈ 100,000). Default 1. */
  scale?: number;
  /** Keep state in this JSON file: loaded at start when it exists, saved (atomically) after changes and on close. */
  persistFile?: string;
  /** Simulated time runs this many times faster than wall time (60: a rate-limit minute lasts one second). */
  timeScale?: number;
  /** Initial faults per API. */
  faults?: Partial<Record<SandboxApiName, Partial<FaultSettings>>>;
  /** Initial rate limits per API (shorthand for `settings[api].limits`). */
  limits?: {
    xero?: XeroSettingsPatch['limits'];
    'visma-eaccounting'?: VeaSettingsPatch['limits'];
    'visma-net'?: VnSettingsPatch['limits'];
  };
  /** Initial settings per API. */
  settings?: SandboxSettingsPatches;
  /** Log each request to this function (the CLI passes console.log with --verbose). */
  log?: (line: string) => void;
}

/** The Xero part of RunningSandbox.apis. */
export interface XeroEndpoints extends XeroDescription {
  tenants: XeroTenantInfo[];
}

/** The current snapshot format. Version 1 (part 1) held only Xero; see `migrateSnapshot`. */
export const SANDBOX_SNAPSHOT_VERSION = 2;

/** A whole-sandbox snapshot (what `/__sandbox/snapshot` returns and `persistFile` holds). */
export interface SandboxSnapshot {
  version: 2;
  seed: number;
  scale: number;
  apis: { xero: XeroState; 'visma-eaccounting': VeaState; 'visma-net': VnState };
}

/** A version-1 snapshot (Xero only), still accepted by `restore` and persist files. */
export interface SandboxSnapshotV1 {
  version: 1;
  seed: number;
  scale: number;
  apis: { xero: XeroState };
}

/**
 * Checks a snapshot's version and brings an old one up to date. Version 1 (Xero only) is migrated: its Xero state
 * is kept and the Visma APIs are seeded fresh from its seed and scale (`visma` left undefined). Anything else is
 * refused with a message that says which versions this build reads.
 */
export function migrateSnapshot(raw: unknown): {
  seed: number;
  scale: number;
  xero: XeroState;
  visma?: { 'visma-eaccounting': VeaState; 'visma-net': VnState };
} {
  const s = raw as Partial<SandboxSnapshot> | Partial<SandboxSnapshotV1> | undefined;
  if (!s || typeof s !== 'object' || typeof s.version !== 'number' || !s.apis)
    throw new Error('not a sandbox snapshot (no version or apis)');
  if (typeof s.seed !== 'number' || typeof s.scale !== 'number')
    throw new Error('not a sandbox snapshot (no seed/scale)');
  if (s.version === 1) {
    if (!s.apis.xero) throw new Error('sandbox snapshot version 1 without Xero state');
    return { seed: s.seed, scale: s.scale, xero: s.apis.xero };
  }
  if (s.version === 2) {
    const a = s.apis as SandboxSnapshot['apis'];
    if (!a.xero || !a['visma-eaccounting'] || !a['visma-net'])
      throw new Error('sandbox snapshot version 2 must hold xero, visma-eaccounting and visma-net');
    return {
      seed: s.seed,
      scale: s.scale,
      xero: a.xero,
      visma: { 'visma-eaccounting': a['visma-eaccounting'], 'visma-net': a['visma-net'] },
    };
  }
  throw new Error(
    `unsupported sandbox snapshot version ${String(s.version)} (this build reads versions 1 and ${SANDBOX_SNAPSHOT_VERSION})`,
  );
}

/** In-process admin helpers (the same operations as the `/__sandbox` endpoint). */
export interface SandboxAdmin {
  getFaults(api: SandboxApiName): FaultSettings;
  setFaults(api: SandboxApiName, patch: Partial<FaultSettings>): FaultSettings;
  /** Turns off the faults of one API, or of all. */
  clearFaults(api?: SandboxApiName): void;
  counters(api: SandboxApiName): ApiCounters;
  resetCounters(api?: SandboxApiName): void;
  /** Re-seeds every API (optionally with a new seed/scale); tokens survive (Xero's are connected to the new tenants). */
  reset(seed?: Partial<SeedParams>): void;
  snapshot(): SandboxSnapshot;
  /** Brings back a snapshot's data (version 1 or 2); the tokens issued since stay valid. */
  restore(snapshot: SandboxSnapshot | SandboxSnapshotV1): void;
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
  /** The `visma-eaccounting` API. */
  vismaEaccounting: {
    settings(): VeaSettings;
    patchSettings(patch: VeaSettingsPatch): VeaSettings;
    setLimits(limits: VeaSettingsPatch['limits']): VeaSettings;
    /** A token pair (with refresh token) for the demo company, without the browser flow. */
    issueToken(opts?: { scopes?: string[] }): TokenResponse & { company: { id: string; name: string } };
    /** Every access token issued so far becomes expired (401, ErrorCode 4005). */
    expireTokens(): void;
    /** Every grant is revoked. */
    revokeTokens(): void;
    api: VismaEaccountingApi;
  };
  /** The `visma-net` API. */
  vismaNet: {
    settings(): VnSettings;
    patchSettings(patch: VnSettingsPatch): VnSettings;
    setLimits(limits: VnSettingsPatch['limits']): VnSettings;
    /** A client-credentials token for one company (default: the first tenant). */
    issueToken(opts?: { scopes?: string[]; tenantId?: string }): TokenResponse & { tenantId: string };
    /** Every access token issued so far becomes expired (401). */
    expireTokens(): void;
    revokeTokens(): void;
    api: VismaNetApi;
  };
}

/** URLs, credentials and tenants of every API (what the banner prints). */
export interface SandboxApis {
  xero: XeroEndpoints;
  vismaEaccounting: VeaDescription;
  vismaNet: VnDescription;
}

/** A started sandbox. */
export interface RunningSandbox {
  /** e.g. http://127.0.0.1:54321 */
  baseUrl: string;
  host: string;
  port: number;
  adminUrl: string;
  apis: SandboxApis;
  admin: SandboxAdmin;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Starts the sandbox: one HTTP server on one loopback port serving every simulated API under its own prefix
 * (`/xero/…`, `/visma-eaccounting/…`, `/visma-net/…`) plus the admin endpoint `/__sandbox`. Resolves once it is
 * listening.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the sandbox binds to loopback only (got host '${host}')`);
  let seed: SeedParams = { seed: options.seed ?? 1, scale: options.scale ?? 1 };
  const clock = new SimClock(options.timeScale ?? 1);
  const counters = new CallCounters();
  const services = { clock, counters };
  const settingsOf = <K extends SandboxApiName>(name: K): NonNullable<SandboxSettingsPatches[K]> => {
    const base = (options.settings?.[name] ?? {}) as Record<string, unknown>;
    const limits = options.limits?.[name];
    return (
      limits ? { ...base, limits: { ...((base.limits as object | undefined) ?? {}), ...limits } } : base
    ) as NonNullable<SandboxSettingsPatches[K]>;
  };
  const faultsOf = (name: SandboxApiName): FaultInjector => new FaultInjector(options.faults?.[name] ?? {});
  const xero = new XeroApi({ seed, settings: settingsOf('xero'), faults: faultsOf('xero'), services });
  const vea = new VismaEaccountingApi({
    seed,
    settings: settingsOf('visma-eaccounting'),
    faults: faultsOf('visma-eaccounting'),
    services,
  });
  const vn = new VismaNetApi({
    seed,
    settings: settingsOf('visma-net'),
    faults: faultsOf('visma-net'),
    services,
  });
  const apis = new Map<string, SandboxApi>([
    [xero.name, xero],
    [vea.name, vea],
    [vn.name, vn],
  ]);
  const apiOf = (name: SandboxApiName): SandboxApi => {
    const a = apis.get(name);
    if (!a) throw new Error(`unknown api '${name}' (known: ${SANDBOX_API_NAMES.join(', ')})`);
    return a;
  };

  const snapshot = (): SandboxSnapshot => ({
    version: 2,
    seed: seed.seed,
    scale: seed.scale,
    apis: { xero: xero.snapshot(), 'visma-eaccounting': vea.snapshot(), 'visma-net': vn.snapshot() },
  });
  const restore = (raw: unknown, keepAuth: boolean): void => {
    const s = migrateSnapshot(raw);
    seed = { seed: s.seed, scale: s.scale };
    xero.restore(s.xero, { keepAuth });
    if (s.visma) {
      vea.restore(s.visma['visma-eaccounting'], { keepAuth });
      vn.restore(s.visma['visma-net'], { keepAuth });
    } else {
      // A version-1 snapshot predates the Visma APIs: they start from fresh seed data.
      vea.reset(seed);
      vn.reset(seed);
    }
  };
  if (options.persistFile) {
    const saved = readJsonFile(options.persistFile);
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
      restore(s, true);
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
    getFaults: (name) => apiOf(name).faults.get(),
    setFaults: (name, patch) => apiOf(name).faults.patch(patch),
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
    vismaEaccounting: {
      settings: () => vea.getSettings(),
      patchSettings: (p) => vea.patchSettings(p),
      setLimits: (limits) => vea.patchSettings({ limits: limits ?? {} }),
      issueToken: (o) => vea.issueToken(o),
      expireTokens: () => vea.expireTokens(),
      revokeTokens: () => vea.revokeTokens(),
      api: vea,
    },
    vismaNet: {
      settings: () => vn.getSettings(),
      patchSettings: (p) => vn.patchSettings(p),
      setLimits: (limits) => vn.patchSettings({ limits: limits ?? {} }),
      issueToken: (o) => vn.issueToken(o),
      expireTokens: () => vn.expireTokens(),
      revokeTokens: () => vn.revokeTokens(),
      api: vn,
    },
  };

  return {
    baseUrl,
    host,
    port: addr.port,
    adminUrl: `${baseUrl}/__sandbox`,
    get apis() {
      return {
        xero: xero.describe(baseUrl),
        vismaEaccounting: vea.describe(baseUrl),
        vismaNet: vn.describe(baseUrl),
      };
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
