import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox, type SandboxApiName } from './sandbox-server';
import { rawCall, type RawAnswer } from './visma-eaccounting/vea-test-client.test-helper';

type Json = Record<string, any>;
let sb: RunningSandbox;
let veaToken = '';
let vnToken = '';

beforeAll(async () => {
  sb = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    seed: 11,
    scale: 0.05,
    limits: {
      xero: { enabled: false },
      'visma-eaccounting': { enabled: false },
      'visma-net': { enabled: false },
    },
  });
});
// Fresh tokens per test (one test expires every token).
beforeEach(() => {
  veaToken = sb.admin.vismaEaccounting.issueToken().access_token;
  vnToken = sb.admin.vismaNet.issueToken().access_token;
});
afterEach(() => sb.admin.clearFaults());
afterAll(async () => {
  await sb.close();
});

/** One call to each Visma API, the way a connector makes it. */
const calls: Record<'visma-eaccounting' | 'visma-net', () => Promise<RawAnswer>> = {
  'visma-eaccounting': () =>
    rawCall(`${sb.apis.vismaEaccounting.apiBaseUrl}/customers?$pagesize=2`, {
      headers: { authorization: `Bearer ${veaToken}` },
    }),
  'visma-net': () =>
    rawCall(`${sb.apis.vismaNet.apiBaseUrl}/v1/customer?pageSize=2`, {
      headers: { authorization: `Bearer ${vnToken}` },
    }),
};

describe.each(['visma-eaccounting', 'visma-net'] as const)('faults of %s', (api) => {
  const call = calls[api];
  const other = calls[api === 'visma-net' ? 'visma-eaccounting' : 'visma-net'];

  it("answers a 429 burst in the API's own form, then recovers; other APIs are not affected", async () => {
    sb.admin.setFaults(api, { burst429: { count: 2, problem: 'minute', retryAfterSec: 7 } });
    const r = await call();
    expect(r.status).toBe(429);
    if (api === 'visma-eaccounting') {
      // visma-notes.md §1.6: ErrorCode 4010, the wait in the message, no headers
      expect(r.json).toMatchObject({
        ErrorCode: 4010,
        DeveloperErrorMessage: expect.stringContaining('Try again in 7 seconds'),
      });
      expect(r.headers.get('retry-after')).toBeNull();
    } else {
      // visma-notes.md §2.6: Retry-After and the X-RateLimit-* headers
      expect(r.headers.get('retry-after')).toBe('7');
      expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(r.headers.get('x-ratelimit-policy')).toBe('4-fixed-window');
      expect(r.json).toMatchObject({ statusCode: 429 });
    }
    expect((await other()).status).toBe(200);
    const xero = await rawCall(`${sb.apis.xero.apiBaseUrl}/Organisation`, {});
    expect(xero.status).toBe(401);
    expect((await call()).status).toBe(429);
    expect((await call()).status).toBe(200);
  });

  it("fails with 500/502/503 in the API's own form, at a rate and for the next N calls", async () => {
    sb.admin.setFaults(api, { errorRate: 1, errorStatuses: [500] });
    const e500 = await call();
    expect(e500.status).toBe(500);
    if (api === 'visma-eaccounting')
      expect(e500.json).toMatchObject({ ErrorCode: 5000, ErrorId: expect.any(String) });
    else
      expect(e500.json).toMatchObject({
        ExceptionType: 'IPPException',
        ExceptionFaultCode: expect.any(String),
      });
    sb.admin.setFaults(api, { errorStatuses: [503] });
    const e503 = await call();
    expect(e503.status).toBe(503);
    expect(e503.json).toMatchObject(api === 'visma-eaccounting' ? { ErrorCode: 5001 } : { statusCode: 503 });
    sb.admin.setFaults(api, { errorStatuses: [502] });
    const e502 = await call();
    expect(e502.status).toBe(502);
    expect(e502.headers.get('content-type')).toContain('text/html');
    sb.admin.clearFaults(api);
    sb.admin.setFaults(api, { failNext: { status: 503, count: 2 } });
    expect([(await call()).status, (await call()).status, (await call()).status]).toEqual([503, 503, 200]);
  });

  it('stretches bodies (slowBodyMs), adds jitter, and repeats random faults for a fault seed', async () => {
    sb.admin.setFaults(api, { slowBodyMs: 150, jitterMs: 20 });
    const t0 = performance.now();
    const r = await call();
    expect(r.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    sb.admin.clearFaults(api);
    const run = async () => {
      sb.admin.setFaults(api, { errorRate: 0.5, errorStatuses: [503], seed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 10; i++) out.push((await call()).status);
      return out;
    };
    const a = await run();
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(await run()).toEqual(a);
  });

  it('adds latency and drops connections mid-body', async () => {
    sb.admin.setFaults(api, { latencyMs: 120 });
    const t0 = performance.now();
    expect((await call()).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
    sb.admin.setFaults(api, { latencyMs: 0, dropNext: 1 });
    await expect(call()).rejects.toThrow();
    expect((await call()).status).toBe(200);
    expect(
      sb.admin.counters(api).operations[api === 'visma-net' ? 'GET /v1/customer' : 'GET /customers']?.byStatus
        .dropped,
    ).toBe(1);
  });

  it("expires every token: 401 in the API's own form", async () => {
    expect((await call()).status).toBe(200);
    if (api === 'visma-eaccounting') sb.admin.vismaEaccounting.expireTokens();
    else sb.admin.vismaNet.expireTokens();
    const r = await call();
    expect(r.status).toBe(401);
    if (api === 'visma-eaccounting') {
      expect(r.json).toMatchObject({
        ErrorCode: 4005,
        DeveloperErrorMessage: expect.stringContaining('Authorization has been denied'),
      });
    } else {
      expect(r.json).toMatchObject({
        ExceptionType: 'IPPException',
        ExceptionMessage: expect.stringContaining('token has expired'),
      });
      expect(r.headers.get('www-authenticate')).toContain('invalid_token');
    }
    expect((await other()).status).toBe(200);
  });

  it('applies to the token endpoint too (a refresh can be made to fail)', async () => {
    sb.admin.setFaults(api, { failNext: { status: 503, count: 1 } });
    const url = api === 'visma-net' ? sb.apis.vismaNet.tokenUrl : sb.apis.vismaEaccounting.tokenUrl;
    const r = await rawCall(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(r.status).toBe(503);
  });

  it('is driven over the admin endpoint as well', async () => {
    const admin = (method: string, path: string, body?: unknown) =>
      rawCall(`${sb.adminUrl}${path}`, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
    expect((await admin('PATCH', `/faults/${api}`, { failNext: { status: 500, count: 1 } })).status).toBe(
      200,
    );
    expect((await call()).status).toBe(500);
    const status = (await admin('GET', '')).json as Json;
    expect(status.apis[api].faults.failNext).toBeNull();
    expect((await admin('POST', `/apis/${api}/expire-tokens`)).json).toEqual({ ok: true });
    expect((await call()).status).toBe(401);
    const issued = (await admin('POST', `/apis/${api}/issue-token`)).json as Json;
    expect(typeof issued.access_token).toBe('string');
    const settings = (await admin('PATCH', `/settings/${api}`, { limits: { enabled: false } })).json as Json;
    expect(settings.limits.enabled).toBe(false);
    expect((await admin('GET', `/counters/${api}`)).json).toMatchObject({ total: expect.any(Number) });
  });
});

it('names the three APIs in faults and admin', () => {
  const names: SandboxApiName[] = ['xero', 'visma-eaccounting', 'visma-net'];
  for (const n of names) expect(sb.admin.getFaults(n).errorRate).toBe(0);
});
