import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSandboxArgs, sandboxBanner } from './sandbox-command';
import { migrateSnapshot, startSandbox, type SandboxSnapshot } from './sandbox-server';
import { startVeaEnv } from './visma-eaccounting/vea-test-client.test-helper';
import { startVnEnv } from './visma-net/vn-test-client.test-helper';

type Json = Record<string, any>;
const v = (value: unknown) => ({ value });

describe('snapshots and persistence with the Visma APIs (format version 2)', () => {
  it('snapshot/restore brings back both Visma companies; tokens issued since stay valid', async () => {
    const env = await startVeaEnv({ scale: 0.05 });
    try {
      const snap = env.sb.admin.snapshot();
      expect(snap.version).toBe(2);
      expect(Object.keys(snap.apis)).toEqual(['xero', 'visma-eaccounting', 'visma-net']);
      const terms = ((await env.call('GET', '/termsofpayments')).json as Json).Data[0] as Json;
      const c = await env.call('POST', '/customers', {
        Name: 'Snapshot Visma AB',
        InvoiceCity: 'Visby',
        InvoicePostalCode: '62155',
        IsActive: true,
        IsPrivatePerson: false,
        TermsOfPaymentId: terms.Id,
      });
      const id = String((c.json as Json).Id);
      const vnTok = env.sb.admin.vismaNet.issueToken().access_token;
      const vnCall = (method: string, path: string, body?: unknown) =>
        fetch(`${env.sb.apis.vismaNet.apiBaseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${vnTok}`, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      const post = await vnCall('POST', '/v1/customer', { name: v('Snapshot Visma AS') });
      const vnUrl = String(post.headers.get('location'));
      env.sb.admin.restore(snap);
      expect((await env.call('GET', `/customers/${id}`)).status).toBe(404);
      expect((await fetch(vnUrl, { headers: { authorization: `Bearer ${vnTok}` } })).status).toBe(404);
      // the snapshot's seeded invoices kept their rows (written out in the snapshot)
      const inv = ((await env.call('GET', '/customerinvoices?$pagesize=1')).json as Json).Data[0] as Json;
      expect((inv.Rows as unknown[]).length).toBeGreaterThan(0);
      const vnInv = (await (await vnCall('GET', '/v1/customerinvoice?pageSize=1')).json()) as Json[];
      expect((vnInv[0]?.invoiceLines as unknown[]).length).toBeGreaterThan(0);
    } finally {
      await env.sb.close();
    }
  });

  it('migrates a version-1 snapshot (Xero only) and refuses unknown versions clearly', async () => {
    const sb = await startSandbox({ port: 0, scale: 0.05 });
    try {
      const v2 = sb.admin.snapshot();
      const v1 = { version: 1 as const, seed: 77, scale: 0.05, apis: { xero: v2.apis.xero } };
      sb.admin.restore(v1);
      expect(sb.apis.xero.tenants).toEqual(
        v2.apis.xero.tenants.map((t) => ({
          tenantId: t.organisation.OrganisationID,
          name: t.organisation.Name,
        })),
      );
      // the Visma APIs were seeded fresh from the v1 snapshot's seed
      const fresh = await startSandbox({ port: 0, seed: 77, scale: 0.05 });
      try {
        expect(sb.apis.vismaNet.tenants).toEqual(fresh.apis.vismaNet.tenants);
        expect(sb.apis.vismaEaccounting.company).toEqual(fresh.apis.vismaEaccounting.company);
      } finally {
        await fresh.close();
      }
      expect(() => migrateSnapshot({ ...v2, version: 3 })).toThrow(
        /unsupported sandbox snapshot version 3 \(this build reads versions 1 and 2\)/,
      );
      expect(() => migrateSnapshot({ version: 2, seed: 1, scale: 1, apis: { xero: v2.apis.xero } })).toThrow(
        /must hold/,
      );
      const r = await fetch(`${sb.adminUrl}/restore`, {
        method: 'POST',
        body: JSON.stringify({ ...v2, version: 9 }),
      });
      expect(r.status).toBe(400);
      expect(((await r.json()) as Json).error).toMatch(/version 9/);
    } finally {
      await sb.close();
    }
  });

  it('persists Visma data and client-credential grants; loads a version-1 file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-sandbox-visma-'));
    const file = join(dir, 'state.json');
    try {
      const a = await startVnEnv({ scale: 0.05, persistFile: file });
      const post = await a.call('POST', '/v1/customer', { name: v('Persisted AS') });
      expect(post.status).toBe(201);
      const number = String(post.headers.get('location')).split('/').pop() as string;
      const token = a.token;
      await a.sb.close();
      const saved = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')) as SandboxSnapshot;
      expect(saved.version).toBe(2);
      const b = await startVnEnv({ seed: 999, scale: 0.05, persistFile: file });
      try {
        b.token = token; // the old token still works: its grant was persisted
        const got = await b.call('GET', `/v1/customer/${number}`);
        expect(got.status).toBe(200);
        expect((got.json as Json).name).toBe('Persisted AS');
      } finally {
        await b.sb.close();
      }
      // an old part-1 persist file (version 1) still loads
      writeFileSync(
        file,
        JSON.stringify({ version: 1, seed: saved.seed, scale: saved.scale, apis: { xero: saved.apis.xero } }),
      );
      const c = await startSandbox({ port: 0, persistFile: file });
      try {
        expect(c.apis.xero.tenants.length).toBe(2);
        expect(c.apis.vismaNet.tenants.length).toBe(2);
      } finally {
        await c.close();
      }
      expect(existsSync(file)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sandbox command with the Visma APIs', () => {
  it('applies fault flags to every API, or after --api to one', () => {
    const { options } = parseSandboxArgs([
      '--latency',
      '5',
      '--api',
      'visma-net',
      '--error-rate',
      '0.5',
      '--no-limits',
    ]);
    expect(options.faults?.xero).toEqual({ latencyMs: 5 });
    expect(options.faults?.['visma-eaccounting']).toEqual({ latencyMs: 5 });
    expect(options.faults?.['visma-net']).toEqual({ latencyMs: 5, errorRate: 0.5 });
    expect(options.settings?.['visma-net']).toEqual({ limits: { enabled: false } });
    expect(options.settings?.xero).toBeUndefined();
    expect(() => parseSandboxArgs(['--api', 'visma'])).toThrow(/unknown api 'visma'/);
  });

  it('parses the Visma flags', () => {
    const { options } = parseSandboxArgs([
      '--eaccounting-limit-minute',
      '100',
      '--eaccounting-page-size',
      '20',
      '--eaccounting-max-page-size',
      '200',
      '--eaccounting-rotate-refresh',
      '--vismanet-limit-hour',
      '500',
      '--vismanet-page-size',
      '50',
      '--vismanet-max-page-size',
      '2000',
      '--token-ttl',
      '120',
    ]);
    expect(options.settings?.['visma-eaccounting']).toEqual({
      limits: { perMinute: 100 },
      behaviour: { defaultPageSize: 20, maxPageSize: 200 },
      oauth: { rotateRefreshTokens: true, accessTokenTtlSec: 120 },
    });
    expect(options.settings?.['visma-net']).toEqual({
      limits: { perHour: 500 },
      behaviour: { defaultPageSize: 50, maxPageSize: 2000 },
      oauth: { accessTokenTtlSec: 120 },
    });
  });

  it('prints both Visma APIs in the banner', async () => {
    const sb = await startSandbox({ port: 0, scale: 0.05 });
    try {
      const text = sandboxBanner(sb);
      for (const s of [
        sb.apis.vismaEaccounting.apiBaseUrl,
        sb.apis.vismaEaccounting.identityHost,
        sb.apis.vismaEaccounting.clientSecret,
        sb.apis.vismaEaccounting.company.id,
        sb.apis.vismaNet.apiHost,
        sb.apis.vismaNet.connectHost,
        sb.apis.vismaNet.clientSecret,
        ...sb.apis.vismaNet.tenants.map((t) => t.tenantId),
      ])
        expect(text).toContain(s);
    } finally {
      await sb.close();
    }
  });
});
