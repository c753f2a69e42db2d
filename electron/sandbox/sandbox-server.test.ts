import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSandboxArgs, sandboxBanner } from './sandbox-command';
import { startSandbox, type RunningSandbox } from './sandbox-server';
import { startXeroEnv, type XeroTestEnv } from './xero/xero-test-client.test-helper';

type Json = Record<string, unknown>;

describe('faults (scoped to the xero API)', () => {
  let env: XeroTestEnv;
  beforeAll(async () => {
    env = await startXeroEnv({ scale: 0.05 });
  });
  afterEach(() => env.sb.admin.clearFaults('xero'));
  afterAll(async () => {
    await env.sb.close();
  });

  it('adds fixed latency and jitter', async () => {
    env.sb.admin.setFaults('xero', { latencyMs: 150, jitterMs: 50 });
    const t0 = performance.now();
    expect((await env.call('GET', '/Organisation')).status).toBe(200);
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(145);
    expect(ms).toBeLessThan(1500);
  });

  it('fails with 500/502/503 at the configured rate, deterministically per fault seed', async () => {
    env.sb.admin.setFaults('xero', { errorRate: 1, errorStatuses: [502] });
    const r = await env.call('GET', '/Organisation');
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toContain('text/html');
    env.sb.admin.setFaults('xero', { errorRate: 1, errorStatuses: [500] });
    expect((await env.call('GET', '/Organisation')).json).toMatchObject({ Type: 'UnknownErrorException' });
    const run = async () => {
      env.sb.admin.setFaults('xero', { errorRate: 0.5, errorStatuses: [503], seed: 77 });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await env.call('GET', '/Organisation')).status);
      return out;
    };
    const a = await run();
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(await run()).toEqual(a);
  });

  it('forces the next N calls to fail, then recovers', async () => {
    env.sb.admin.setFaults('xero', { failNext: { status: 503, count: 2 } });
    const s = [];
    for (let i = 0; i < 3; i++) s.push((await env.call('GET', '/Organisation')).status);
    expect(s).toEqual([503, 503, 200]);
  });

  it('answers a 429 burst with Retry-After, X-Rate-Limit-Problem and the remaining headers', async () => {
    env.sb.admin.setFaults('xero', { burst429: { count: 2, problem: 'minute', retryAfterSec: 7 } });
    const r = await env.call('GET', '/Invoices?page=1');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.headers.get('x-rate-limit-problem')).toBe('minute');
    expect(r.headers.get('x-minlimit-remaining')).toMatch(/^\d+$/);
    expect((await env.call('GET', '/Invoices?page=1')).status).toBe(429);
    expect((await env.call('GET', '/Invoices?page=1')).status).toBe(200);
  });

  it('drops the connection mid-body', async () => {
    env.sb.admin.setFaults('xero', { dropNext: 1 });
    await expect(env.call('GET', '/Contacts?page=1')).rejects.toThrow();
    expect((await env.call('GET', '/Contacts?page=1')).status).toBe(200);
  });

  it('streams slow bodies', async () => {
    env.sb.admin.setFaults('xero', { slowBodyMs: 200 });
    const t0 = performance.now();
    const r = await env.call('GET', '/Contacts?page=1');
    expect(r.status).toBe(200);
    expect((r.json as { Contacts: unknown[] }).Contacts.length).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(180);
  });

  it('expires tokens (401 TokenExpired) and revokes them (401) on demand', async () => {
    env.sb.admin.xero.expireTokens();
    const r = await env.call('GET', '/Organisation');
    expect(r.status).toBe(401);
    expect(String((r.json as Json).Detail)).toMatch(/^TokenExpired/);
    env.token = env.sb.admin.xero.issueToken().access_token;
    expect((await env.call('GET', '/Organisation')).status).toBe(200);
    env.sb.admin.xero.revokeTokens();
    expect((await env.call('GET', '/Organisation')).status).toBe(401);
    env.token = env.sb.admin.xero.issueToken().access_token;
  });

  it('counts calls per operation (including faulted ones)', async () => {
    env.sb.admin.resetCounters('xero');
    await env.call('GET', '/Invoices?page=1');
    await env.call('GET', '/Invoices?page=2');
    env.sb.admin.setFaults('xero', { failNext: { status: 500, count: 1 } });
    await env.call('GET', '/Invoices/INV-0001');
    const c = env.sb.admin.counters('xero');
    expect(c.operations['GET /Invoices']).toEqual({ calls: 2, byStatus: { '200': 2 } });
    expect(c.operations['GET /Invoices/{InvoiceID}']).toEqual({ calls: 1, byStatus: { '500': 1 } });
    expect(c.total).toBe(3);
  });
});

describe('Xero rate limits (xero-notes.md §2.1) with a time scale', () => {
  let sb: RunningSandbox;
  afterEach(async () => {
    await sb?.close();
  });
  const call = (token: string, tenant: string) =>
    fetch(`${sb.apis.xero.apiBaseUrl}/Organisation`, {
      headers: { authorization: `Bearer ${token}`, 'xero-tenant-id': tenant },
    });

  it('enforces the per-minute limit and resets after a (scaled) minute', async () => {
    sb = await startSandbox({ port: 0, scale: 0.05, timeScale: 60, limits: { xero: { perMinute: 3 } } });
    const t = sb.admin.xero.issueToken();
    const tenant = t.tenants[0]!.tenantId;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await call(t.access_token, tenant));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(statuses[2]!.headers.get('x-minlimit-remaining')).toBe('0');
    const limited = statuses[3]!;
    expect(limited.headers.get('x-rate-limit-problem')).toBe('minute');
    expect(Number(limited.headers.get('retry-after'))).toBe(1);
    // the other tenant has its own window
    expect((await call(t.access_token, t.tenants[1]!.tenantId)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1050));
    expect((await call(t.access_token, tenant)).status).toBe(200);
  });

  it('enforces the day, app-minute and concurrency limits', async () => {
    sb = await startSandbox({ port: 0, scale: 0.05, limits: { xero: { perDay: 2, perMinute: 100 } } });
    const t = sb.admin.xero.issueToken();
    const tenant = t.tenants[0]!.tenantId;
    await call(t.access_token, tenant);
    await call(t.access_token, tenant);
    const day = await call(t.access_token, tenant);
    expect([
      day.status,
      day.headers.get('x-rate-limit-problem'),
      day.headers.get('x-daylimit-remaining'),
    ]).toEqual([429, 'day', '0']);
    expect(Number(day.headers.get('retry-after'))).toBeGreaterThan(3600);
    sb.admin.xero.setLimits({ perDay: 1000, appPerMinute: 4 });
    sb.admin.xero.api.adminAction('reset-limits', {});
    const both = await Promise.all([0, 1, 2, 3].map((i) => call(t.access_token, t.tenants[i % 2]!.tenantId)));
    expect(both.every((r) => r.status === 200)).toBe(true);
    const app = await call(t.access_token, tenant);
    expect(app.headers.get('x-rate-limit-problem')).toBe('appminute');
    sb.admin.xero.setLimits({ appPerMinute: 10_000, concurrent: 1 });
    sb.admin.xero.api.adminAction('reset-limits', {});
    sb.admin.setFaults('xero', { latencyMs: 200 });
    const par = await Promise.all([call(t.access_token, tenant), call(t.access_token, tenant)]);
    const codes = par.map((r) => r.status).sort();
    expect(codes).toEqual([200, 429]);
    expect(par.find((r) => r.status === 429)!.headers.get('x-rate-limit-problem')).toBe('concurrent');
  });
});

describe('admin endpoint, snapshot/restore, reset, persistence and determinism', () => {
  it('drives faults, settings, counters and actions over HTTP', async () => {
    const sb = await startSandbox({ port: 0, scale: 0.05 });
    try {
      const admin = sb.adminUrl;
      const status = (await (await fetch(admin)).json()) as { apis: { xero: { tenants: unknown[] } } };
      expect(status.apis.xero.tenants).toHaveLength(2);
      const patched = await fetch(`${admin}/faults/xero`, {
        method: 'PATCH',
        body: JSON.stringify({ latencyMs: 5 }),
      });
      expect(((await patched.json()) as Json).latencyMs).toBe(5);
      expect(
        (await fetch(`${admin}/faults/xero`, { method: 'PATCH', body: JSON.stringify({ errorRate: 3 }) }))
          .status,
      ).toBe(400);
      expect((await fetch(`${admin}/faults/visma`)).status).toBe(404);
      const settings = await fetch(`${admin}/settings/xero`, {
        method: 'PATCH',
        body: JSON.stringify({ limits: { perMinute: 1000 } }),
      });
      expect(((await settings.json()) as { limits: Json }).limits.perMinute).toBe(1000);
      const tok = (await (await fetch(`${admin}/apis/xero/issue-token`, { method: 'POST' })).json()) as {
        access_token: string;
        tenants: { tenantId: string }[];
      };
      const org = await fetch(`${sb.apis.xero.apiBaseUrl}/Organisation`, {
        headers: { authorization: `Bearer ${tok.access_token}`, 'xero-tenant-id': tok.tenants[0]!.tenantId },
      });
      expect(org.status).toBe(200);
      const counters = (await (await fetch(`${admin}/counters/xero`)).json()) as { total: number };
      expect(counters.total).toBe(1);
      await fetch(`${admin}/apis/xero/expire-tokens`, { method: 'POST' });
      const after = await fetch(`${sb.apis.xero.apiBaseUrl}/Organisation`, {
        headers: { authorization: `Bearer ${tok.access_token}`, 'xero-tenant-id': tok.tenants[0]!.tenantId },
      });
      expect(after.status).toBe(401);
      const clock = (await (
        await fetch(`${admin}/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 86_400_000 }) })
      ).json()) as { simNow: string };
      expect(Date.parse(clock.simNow)).toBeGreaterThan(Date.now() + 86_000_000);
    } finally {
      await sb.close();
    }
  });

  it('snapshot/restore and reset bring back earlier state', async () => {
    const env = await startXeroEnv({ scale: 0.05 });
    try {
      const snap = env.sb.admin.snapshot();
      const created = await env.call('PUT', '/Contacts', { Contacts: [{ Name: 'Snapshot Test AB' }] });
      const id = ((created.json as { Contacts: Json[] }).Contacts[0] as Json).ContactID as string;
      expect((await env.call('GET', `/Contacts/${id}`)).status).toBe(200);
      env.sb.admin.restore(snap);
      expect((await env.call('GET', `/Contacts/${id}`)).status).toBe(404);
      // a token issued after the snapshot survives the restore
      env.token = env.sb.admin.xero.issueToken().access_token;
      env.sb.admin.restore(snap);
      expect((await env.call('GET', '/Organisation')).status).toBe(200);
      await env.call('PUT', '/Contacts', { Contacts: [{ Name: 'Reset Test AB' }] });
      env.sb.admin.reset();
      const found = await env.call('GET', `/Contacts?where=${encodeURIComponent('Name=="Reset Test AB"')}`);
      expect((found.json as { Contacts: unknown[] }).Contacts).toEqual([]);
      // tokens survive a reset
      expect(found.status).toBe(200);
      // a reset with another seed makes new tenants, and existing tokens are connected to them
      env.sb.admin.reset({ seed: 1234 });
      const newTenant = env.sb.apis.xero.tenants[0]!.tenantId;
      expect(newTenant).not.toBe(env.tenantId);
      expect(
        (await env.call('GET', '/Organisation', undefined, { 'xero-tenant-id': newTenant })).status,
      ).toBe(200);
      expect((await env.call('GET', '/Organisation')).status).toBe(403);
      // a snapshot is plain JSON and round-trips through the admin endpoint
      const viaHttp = await (await fetch(`${env.sb.adminUrl}/snapshot`)).json();
      expect(
        (await fetch(`${env.sb.adminUrl}/restore`, { method: 'POST', body: JSON.stringify(viaHttp) })).status,
      ).toBe(200);
    } finally {
      await env.sb.close();
    }
  });

  it('persists to a JSON file atomically and loads it on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-sandbox-'));
    const file = join(dir, 'state.json');
    try {
      const a = await startXeroEnv({ scale: 0.05, persistFile: file });
      const r = await a.call('PUT', '/Contacts', {
        Contacts: [{ Name: 'Persisted AB', ContactNumber: 'P-1' }],
      });
      expect(r.status).toBe(200);
      const tenants = a.sb.apis.xero.tenants;
      await a.sb.close();
      expect(existsSync(file)).toBe(true);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const b = await startXeroEnv({ seed: 999, scale: 0.05, persistFile: file });
      try {
        expect(b.sb.apis.xero.tenants).toEqual(tenants);
        const got = await b.call('GET', '/Contacts/P-1');
        expect(((got.json as { Contacts: Json[] }).Contacts[0] as Json).Name).toBe('Persisted AB');
        const lines = await b.call('GET', '/Invoices?page=1&pageSize=3');
        expect(
          ((lines.json as { Invoices: Json[] }).Invoices[0]?.LineItems as unknown[]).length,
        ).toBeGreaterThan(0);
      } finally {
        await b.sb.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is deterministic: the same seed gives the same tenants and data', async () => {
    const strip = (j: unknown) =>
      JSON.stringify(j, (k, v) => (k === 'Id' || k === 'DateTimeUTC' ? undefined : v));
    const fetchAll = async (seed: number) => {
      const env = await startXeroEnv({ seed, scale: 0.1 });
      try {
        const inv = await env.call('GET', '/Invoices?page=3&pageSize=20');
        const con = await env.call('GET', '/Contacts?page=1&pageSize=20');
        return { tenants: env.sb.apis.xero.tenants, inv: strip(inv.json), con: strip(con.json) };
      } finally {
        await env.sb.close();
      }
    };
    const a = await fetchAll(42);
    const b = await fetchAll(42);
    const c = await fetchAll(43);
    expect(b).toEqual(a);
    expect(c.inv).not.toEqual(a.inv);
    expect(c.tenants).not.toEqual(a.tenants);
  });

  it('binds to loopback only', async () => {
    await expect(startSandbox({ host: '0.0.0.0', port: 0 })).rejects.toThrow(/loopback/);
  });
});

describe('sandbox command', () => {
  it('parses every flag into options', () => {
    const { options, help } = parseSandboxArgs([
      '--port',
      '0',
      '--seed',
      '5',
      '--scale',
      '2',
      '--persist',
      '/tmp/x.json',
      '--latency',
      '10',
      '--jitter',
      '5',
      '--error-rate',
      '0.1',
      '--drop-rate',
      '0.01',
      '--slow-body',
      '20',
      '--burst-429',
      '3',
      '--time-scale=60',
      '--no-limits',
      '--token-ttl',
      '60',
      '--refresh-grace',
      '10',
      '--deny-consent',
    ]);
    expect(help).toBe(false);
    expect(options).toMatchObject({ port: 0, seed: 5, scale: 2, persistFile: '/tmp/x.json', timeScale: 60 });
    expect(options.faults?.xero).toMatchObject({
      latencyMs: 10,
      jitterMs: 5,
      errorRate: 0.1,
      dropRate: 0.01,
      slowBodyMs: 20,
      burst429: { count: 3 },
    });
    expect(options.settings?.xero).toMatchObject({
      limits: { enabled: false },
      oauth: { accessTokenTtlSec: 60, refreshGraceSec: 10, autoApprove: false },
    });
    expect(parseSandboxArgs(['--help']).help).toBe(true);
    expect(() => parseSandboxArgs(['--error-rate', '2'])).toThrow(/not a number/);
    expect(() => parseSandboxArgs(['--bogus'])).toThrow(/unknown option/);
  });
  it('prints base URLs, credentials and tenant ids', async () => {
    const sb = await startSandbox({ port: 0, scale: 0.05 });
    try {
      const text = sandboxBanner(sb);
      expect(text).toContain(sb.apis.xero.apiBaseUrl);
      expect(text).toContain(sb.apis.xero.clientSecret);
      for (const t of sb.apis.xero.tenants) expect(text).toContain(t.tenantId);
    } finally {
      await sb.close();
    }
  });
});
