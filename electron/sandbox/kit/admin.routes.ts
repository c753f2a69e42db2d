import type { CallCounters } from './call-counters';
import type { FaultSettings } from './fault-injector';
import { json, parseJsonBody, type SimResponse } from './http-kit';
import type { SandboxApi, SeedParams } from './sandbox-api';
import type { SimClock } from './sim-clock';

/** What the admin endpoint can drive (implemented by the sandbox server). */
export interface AdminTarget {
  apis: Map<string, SandboxApi>;
  counters: CallCounters;
  clock: SimClock;
  baseUrl(): string;
  reset(seed?: Partial<SeedParams>): void;
  snapshot(): unknown;
  restore(state: unknown): void;
  persist(): boolean;
}

/**
 * The `/__sandbox` admin endpoint (JSON in, JSON out). Paths:
 * `GET /` status · `GET|DELETE /counters[/:api]` · `GET|PATCH|DELETE /faults/:api` ·
 * `GET|PATCH /settings/:api` · `POST /reset` · `GET /snapshot` · `POST /restore` · `POST /clock` ·
 * `POST /persist` · `POST /apis/:api/:action`.
 */
export function handleAdmin(t: AdminTarget, method: string, path: string, body: Buffer): SimResponse {
  const parts = path.split('/').filter((s) => s !== '');
  const api = (name: string | undefined): SandboxApi => {
    const a = name ? t.apis.get(name) : undefined;
    if (!a)
      throw new AdminError(404, `unknown api '${name ?? ''}' (known: ${[...t.apis.keys()].join(', ')})`);
    return a;
  };
  const payload = (): unknown => {
    try {
      return parseJsonBody(body) ?? {};
    } catch {
      throw new AdminError(400, 'body is not JSON');
    }
  };
  try {
    const [head, a1, a2] = parts;
    if (!head && method === 'GET') {
      const apis: Record<string, unknown> = {};
      for (const [name, a] of t.apis) {
        apis[name] = {
          ...(a.describe(t.baseUrl()) as object),
          faults: a.faults.get(),
          settings: a.getSettings(),
          counters: t.counters.get(name),
        };
      }
      return json(200, {
        baseUrl: t.baseUrl(),
        timeScale: t.clock.timeScale,
        simNow: new Date(t.clock.now()).toISOString(),
        apis,
      });
    }
    if (head === 'counters') {
      if (method === 'GET') {
        if (a1) return json(200, t.counters.get(api(a1).name));
        const all: Record<string, unknown> = {};
        for (const name of t.apis.keys()) all[name] = t.counters.get(name);
        return json(200, all);
      }
      if (method === 'DELETE') {
        t.counters.reset(a1 ? api(a1).name : undefined);
        return json(200, { ok: true });
      }
    }
    if (head === 'faults' && a1) {
      const a = api(a1);
      if (method === 'GET') return json(200, a.faults.get());
      if (method === 'PATCH' || method === 'PUT' || method === 'POST') {
        try {
          return json(200, a.faults.patch(payload() as Partial<FaultSettings>));
        } catch (e) {
          if (e instanceof AdminError) throw e;
          throw new AdminError(400, (e as Error).message);
        }
      }
      if (method === 'DELETE') {
        a.faults.clear();
        return json(200, a.faults.get());
      }
    }
    if (head === 'settings' && a1) {
      const a = api(a1);
      if (method === 'GET') return json(200, a.getSettings());
      if (method === 'PATCH' || method === 'PUT' || method === 'POST')
        return json(200, a.patchSettings(payload()));
    }
    if (head === 'reset' && method === 'POST') {
      t.reset(payload() as Partial<SeedParams>);
      return json(200, { ok: true });
    }
    if (head === 'snapshot' && method === 'GET') return json(200, t.snapshot());
    if (head === 'restore' && method === 'POST') {
      const body = payload();
      try {
        t.restore(body);
      } catch (e) {
        // A snapshot of an unknown version or shape is the caller's mistake (400), with the reason.
        throw new AdminError(400, (e as Error).message);
      }
      return json(200, { ok: true });
    }
    if (head === 'persist' && method === 'POST') return json(200, { ok: t.persist() });
    if (head === 'clock' && method === 'POST') {
      const b = payload() as { advanceMs?: number; timeScale?: number };
      if (typeof b.timeScale === 'number') t.clock.setTimeScale(b.timeScale);
      if (typeof b.advanceMs === 'number') t.clock.advance(b.advanceMs);
      return json(200, { timeScale: t.clock.timeScale, simNow: new Date(t.clock.now()).toISOString() });
    }
    if (head === 'apis' && a1 && a2 && method === 'POST') {
      try {
        return json(200, api(a1).adminAction(a2, payload()));
      } catch (e) {
        if (e instanceof AdminError) throw e;
        throw new AdminError(400, (e as Error).message);
      }
    }
    return json(404, { error: `no admin route ${method} /__sandbox/${parts.join('/')}` });
  } catch (e) {
    if (e instanceof AdminError) return json(e.status, { error: e.message });
    return json(500, { error: (e as Error).message });
  }
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
