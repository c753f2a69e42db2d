import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/contract/contract-registry';
import { UndiciHttpClient } from '../../connectors/kit/http-client';
import { XeroOAuth } from '../../connectors/xero/xero-oauth';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server';
import { openConfFile } from '../flows/conf-file';
import { createHostServices, type HostServices } from '../host-services';
import { KeytarVault } from '../vault/secret-vault';
import { sandboxSystems } from './sandbox-companies';

/**
 * Connections end to end inside the host: the contract router, the real keychain (keytar over the Secret
 * Service: run inside a D-Bus session with gnome-keyring, as .ci/run does) and the Xero, Visma eAccounting and
 * Visma.net sandboxes over HTTP.
 */
let sb: RunningSandbox;
let dataDir: string;
let services: HostServices;
const vault = new KeytarVault();
const http = new UndiciHttpClient();
const wire: string[] = [];
const logLines: string[] = [];
const changes: Array<{ kind: string; id: string }> = [];

async function call<T = unknown>(channel: string, payload: unknown = {}): Promise<T> {
  const result = await services.router.handle(channel, payload);
  wire.push(JSON.stringify(result));
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}
type List = CallOutput<'connections.list'>;
type Conn = List['connections'][number];

beforeAll(async () => {
  try {
    await vault.read('probe');
  } catch (error) {
    throw new Error(
      `These tests use the real OS keychain and no Secret Service is reachable: run them inside ` +
        `dbus-run-session with an unlocked gnome-keyring (see .ci/run). ${(error as Error).message}`,
    );
  }
  sb = await startSandbox({ port: 0, seed: 3, limits: { xero: { enabled: false } } });
  dataDir = await mkdtemp(join(tmpdir(), 'ledgerflow-connections-'));
  services = createHostServices({
    host: 'browser',
    dataDir,
    openStore: openConfFile,
    appVersion: '0.0.0-test',
    sandbox: { systems: async () => sandboxSystems(sb), baseUrl: sb.baseUrl, close: async () => undefined },
  });
  services.events.subscribeAll((event, payload) => {
    if (event === 'app.onDidLog') logLines.push(JSON.stringify(payload));
    if (event === 'connections.onDidChange') changes.push(payload as { kind: string; id: string });
  });
});

afterAll(async () => {
  if (services) {
    for (const c of services.connections.list())
      await call('connections.remove', { id: c.id }).catch(() => undefined);
    await services.connections.close();
  }
  await http.close();
  await sb?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const conn = async (id: string): Promise<Conn> =>
  (await call<List>('connections.list')).connections.find((c) => c.id === id)!;

describe('connections in the host', () => {
  let demo: Conn;

  let eaccounting: Conn;
  let vismaNet: Conn;

  it('connects the sandbox companies in one call: signed in (PKCE + loopback), tested, secrets in the keychain', async () => {
    const result = await call<CallOutput<'connections.connectSandbox'>>('connections.connectSandbox');
    expect(result.connections).toHaveLength(
      sb.apis.xero.tenants.length + 1 + sb.apis.vismaNet.tenants.length,
    );
    expect(result.pending).toEqual([]);
    for (const c of result.connections.filter((c) => c.system === 'xero')) {
      expect(c).toMatchObject({
        system: 'xero',
        isSandbox: true,
        status: 'connected',
        lastTest: { ok: true },
      });
      expect(c.tenants.length).toBe(sb.apis.xero.tenants.length);
      expect(c.lastTest!.message).toMatch(/^Connected to .+, \d+ contacts$/);
      const secrets = await vault.read(c.id);
      expect(secrets?.refreshToken).toBeTruthy();
      expect(secrets?.accessToken).toBeTruthy();
    }
    // Visma eAccounting: the same PKCE + loopback sign-in, a confidential client whose secret is in the keychain.
    eaccounting = result.connections.find((c) => c.system === 'visma-eaccounting')!;
    expect(eaccounting).toMatchObject({
      isSandbox: true,
      status: 'connected',
      label: 'Ledgerflow Demo AB sandbox (sandbox)',
      tenantId: sb.apis.vismaEaccounting.company.id,
      tenantName: sb.apis.vismaEaccounting.company.name,
      lastTest: { ok: true },
    });
    expect(eaccounting.apiUrl).toBe(`${sb.baseUrl}/visma-eaccounting/api`);
    expect(eaccounting.lastTest!.contactCount).toBeGreaterThan(100);
    const eaSecrets = await vault.read(eaccounting.id);
    expect(eaSecrets).toMatchObject({ clientSecret: sb.apis.vismaEaccounting.clientSecret });
    expect(eaSecrets?.refreshToken).toBeTruthy();
    // Visma.net: one connection per company, client credentials bound to the tenant id (no refresh token).
    const vn = result.connections.filter((c) => c.system === 'visma-net');
    expect(vn.map((c) => c.tenantId).sort()).toEqual(sb.apis.vismaNet.tenants.map((t) => t.tenantId).sort());
    for (const c of vn) {
      expect(c).toMatchObject({ isSandbox: true, status: 'connected', lastTest: { ok: true } });
      const secrets = await vault.read(c.id);
      expect(secrets).toMatchObject({
        clientSecret: sb.apis.vismaNet.clientSecret,
        accessToken: expect.any(String),
      });
      expect(secrets?.refreshToken).toBeUndefined();
    }
    vismaNet = vn.find((c) => c.tenantName === 'Ledgerflow Demo AB')!;
    expect(vismaNet.lastTest!.message).toMatch(/^Connected to Ledgerflow Demo AB, \d+ contacts$/);
    demo = result.connections.find((c) => c.system === 'xero' && c.tenantName === 'Ledgerflow Demo AB')!;
    expect(demo.label).toBe('Ledgerflow Demo AB (sandbox)');
    expect(demo.lastTest!.contactCount).toBeGreaterThan(100);
    // A second click changes nothing: the same connections, still connected.
    const again = await call<CallOutput<'connections.connectSandbox'>>('connections.connectSandbox');
    expect(again.connections.map((c) => c.id).sort()).toEqual(result.connections.map((c) => c.id).sort());
  });

  it('samples canonical records with their raw fields', async () => {
    const { records } = await call<CallOutput<'connectors.sample'>>('connectors.sample', {
      connection: demo.id,
      entity: 'invoice',
      n: 3,
    });
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({
      entity: 'invoice',
      data: { total: expect.any(String) },
      raw: { InvoiceID: records[0]!.sourceId },
    });
  });

  it('samples both Visma companies and gets new tokens after they expire', async () => {
    const ea = await call<CallOutput<'connectors.sample'>>('connectors.sample', {
      connection: eaccounting.id,
      entity: 'invoice',
      n: 2,
    });
    expect(ea.records[0]).toMatchObject({ entity: 'invoice', raw: { Id: ea.records[0]!.sourceId } });
    const vn = await call<CallOutput<'connectors.sample'>>('connectors.sample', {
      connection: vismaNet.id,
      entity: 'salesOrder',
      n: 2,
    });
    expect(vn.records[0]).toMatchObject({ entity: 'salesOrder', raw: { orderType: 'SO' } });
    const eaBefore = (await vault.read(eaccounting.id))!;
    const vnBefore = (await vault.read(vismaNet.id))!;
    sb.admin.vismaEaccounting.expireTokens();
    sb.admin.vismaNet.expireTokens();
    await call('connectors.sample', { connection: eaccounting.id, entity: 'contact', n: 1 });
    await call('connectors.sample', { connection: vismaNet.id, entity: 'contact', n: 1 });
    const eaAfter = (await vault.read(eaccounting.id))!;
    const vnAfter = (await vault.read(vismaNet.id))!;
    expect(eaAfter.accessToken).not.toBe(eaBefore.accessToken);
    expect(eaAfter.refreshToken).toBeTruthy();
    expect(vnAfter.accessToken).not.toBe(vnBefore.accessToken);
    expect(vnAfter.clientSecret).toBe(sb.apis.vismaNet.clientSecret);
    expect((await conn(vismaNet.id)).status).toBe('connected');
  });

  it('adds Visma connections to real companies: eAccounting signs in by PKCE, Visma.net by tenant id', async () => {
    const ea = await call<Conn>('connections.create', {
      system: 'visma-eaccounting',
      label: 'My eAccounting',
      clientId: sb.apis.vismaEaccounting.clientId,
      clientSecret: sb.apis.vismaEaccounting.clientSecret,
      apiUrl: sb.apis.vismaEaccounting.apiHost,
      identityUrl: sb.apis.vismaEaccounting.identityHost,
    });
    expect(ea).toMatchObject({ status: 'not-connected', apiUrl: sb.apis.vismaEaccounting.apiHost });
    const { authorizeUrl, openedByHost } = await call<CallOutput<'connections.authorize'>>(
      'connections.authorize',
      { id: ea.id },
    );
    expect(openedByHost).toBe(false);
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${sb.apis.vismaEaccounting.identityHost}/connect/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toContain('offline_access');
    const approve = await http.send({ method: 'GET', url: authorizeUrl });
    await http.send({ method: 'GET', url: approve.headers.location! });
    await expect.poll(async () => (await conn(ea.id)).status).toBe('connected');
    expect((await conn(ea.id)).tenantId).toBe(sb.apis.vismaEaccounting.company.id);
    expect((await call<CallOutput<'connections.test'>>('connections.test', { id: ea.id })).ok).toBe(true);

    await expect(
      call('connections.create', {
        system: 'visma-net',
        label: 'No tenant',
        clientId: 'X',
        clientSecret: 'y',
      }),
    ).rejects.toMatchObject({ code: 'LF-1001' });
    const nordvik = sb.apis.vismaNet.tenants[1]!;
    const vn = await call<Conn>('connections.create', {
      system: 'visma-net',
      label: 'My Visma.net',
      clientId: sb.apis.vismaNet.clientId,
      clientSecret: sb.apis.vismaNet.clientSecret,
      tenantId: nordvik.tenantId,
      apiUrl: sb.apis.vismaNet.apiHost,
      identityUrl: sb.apis.vismaNet.connectHost,
    });
    expect(vn).toMatchObject({ status: 'not-connected', tenantId: nordvik.tenantId });
    expect(await call('connections.authorize', { id: vn.id })).toEqual({
      authorizeUrl: '',
      openedByHost: true,
    });
    expect((await conn(vn.id)).status).toBe('connected');
    const test = await call<CallOutput<'connections.test'>>('connections.test', { id: vn.id });
    expect(test).toMatchObject({ ok: true });
    const wrong = await call<Conn>('connections.create', {
      system: 'visma-net',
      label: 'Wrong tenant',
      clientId: sb.apis.vismaNet.clientId,
      clientSecret: sb.apis.vismaNet.clientSecret,
      tenantId: '00000000-0000-0000-0000-000000000000',
      apiUrl: sb.apis.vismaNet.apiHost,
      identityUrl: sb.apis.vismaNet.connectHost,
    });
    await expect(call('connections.authorize', { id: wrong.id })).rejects.toMatchObject({ code: 'LF-2004' });
    expect((await conn(wrong.id)).status).toBe('not-connected');
    for (const id of [ea.id, vn.id, wrong.id]) await call('connections.remove', { id });
  });

  it('refreshes an expired token and saves the rotated refresh token together with the one it replaced', async () => {
    const before = (await vault.read(demo.id))!;
    sb.admin.xero.expireTokens();
    await call('connectors.sample', { connection: demo.id, entity: 'account', n: 1 });
    const after = (await vault.read(demo.id))!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.previousRefreshToken).toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect((await conn(demo.id)).status).toBe('connected');
  });

  it('survives a crash between a refresh and its save (the old token still works in its grace period)', async () => {
    const saved = (await vault.read(demo.id))!;
    const x = sb.apis.xero;
    // Someone refreshed with the saved token and crashed before saving the answer: that answer is lost.
    await new XeroOAuth(http, x, { clientId: x.pkceClientId }).refresh(saved.refreshToken!);
    sb.admin.xero.expireTokens();
    // A fresh host process (nothing cached) must still get in with what the keychain holds.
    const fresh = createHostServices({
      host: 'browser',
      dataDir,
      openStore: openConfFile,
      appVersion: '0.0.0-test',
      sandbox: { systems: async () => sandboxSystems(sb), baseUrl: sb.baseUrl, close: async () => undefined },
    });
    const result = await fresh.router.handle('connectors.sample', {
      connection: demo.id,
      entity: 'account',
      n: 1,
    });
    expect(result.ok).toBe(true);
    expect((await vault.read(demo.id))!.refreshToken).not.toBe(saved.refreshToken);
  });

  it('marks a revoked grant "needs reconnect", and one reconnect (browser sign-in) brings it back', async () => {
    sb.admin.xero.revokeTokens();
    sb.admin.xero.expireTokens();
    const test = await call<CallOutput<'connections.test'>>('connections.test', { id: demo.id });
    expect(test).toMatchObject({ ok: false, code: 'LF-2004' });
    const broken = await conn(demo.id);
    expect(broken.status).toBe('needs-reconnect');
    expect(broken.statusMessage).toMatch(/revoked or has expired/);
    const sampled = await services.router.handle('connectors.sample', {
      connection: demo.id,
      entity: 'contact',
      n: 1,
    });
    expect(sampled).toMatchObject({ ok: false, error: { code: 'LF-2004', kind: 'user' } });

    // Reconnect: the renderer opens the URL; the sandbox approves and redirects to the loopback listener.
    const { authorizeUrl, openedByHost } = await call<CallOutput<'connections.authorize'>>(
      'connections.authorize',
      { id: demo.id },
    );
    expect(openedByHost).toBe(false);
    const url = new URL(authorizeUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const approve = await http.send({ method: 'GET', url: authorizeUrl });
    expect(approve.status).toBe(302);
    const landing = await http.send({ method: 'GET', url: approve.headers.location! });
    expect(landing.text).toContain('Ledgerflow is connected');
    await expect.poll(async () => (await conn(demo.id)).status).toBe('connected');
    expect((await call<CallOutput<'connections.test'>>('connections.test', { id: demo.id })).ok).toBe(true);
    expect(changes.filter((c) => c.id === demo.id).length).toBeGreaterThan(3);
  });

  it('adds a connection to a real company: secret to the keychain, base URLs defaulting to the real API', async () => {
    const created = await call<Conn>('connections.create', {
      system: 'xero',
      label: 'My real company',
      clientId: 'REALCLIENTID0001',
      clientSecret: 'real-client-secret-do-not-leak',
    });
    expect(created).toMatchObject({
      status: 'not-connected',
      apiUrl: 'https://api.xero.com',
      isSandbox: false,
    });
    expect((await vault.read(created.id))?.clientSecret).toBe('real-client-secret-do-not-leak');
    const { authorizeUrl } = await call<CallOutput<'connections.authorize'>>('connections.authorize', {
      id: created.id,
    });
    expect(authorizeUrl.startsWith('https://login.xero.com/identity/connect/authorize?')).toBe(true);
    await expect(
      call('connections.create', { system: 'xero', label: 'My real company', clientId: 'X' }),
    ).rejects.toMatchObject({ code: 'LF-1001' });
    await expect(
      call('connections.create', {
        system: 'xero',
        label: 'Bad',
        clientId: 'X',
        apiUrl: 'http://evil.example',
      }),
    ).rejects.toMatchObject({ code: 'LF-1001' });
    await expect(
      call('connections.create', { system: 'visma-net', label: 'V', clientId: 'X' }),
    ).rejects.toMatchObject({ code: 'LF-1001' });
    const renamed = await call<Conn>('connections.rename', { id: created.id, label: 'Renamed company' });
    expect(renamed.label).toBe('Renamed company');
    await call('connections.remove', { id: created.id });
    expect(await vault.read(created.id)).toBeUndefined();
    await expect(call('connections.test', { id: created.id })).rejects.toMatchObject({ code: 'LF-2005' });
  });

  it('switches the organisation of a connection among those the grant reaches', async () => {
    const other = demo.tenants.find((t) => t.id !== demo.tenantId)!;
    const switched = await call<Conn>('connections.selectTenant', { id: demo.id, tenantId: other.id });
    expect(switched.tenantName).toBe(other.name);
    const test = await call<CallOutput<'connections.test'>>('connections.test', { id: demo.id });
    expect(test.message).toContain(other.name);
    await call('connections.selectTenant', { id: demo.id, tenantId: demo.tenantId });
  });

  it('never lets a secret out: not in contract responses, logs, events or flow exports', async () => {
    const flow = await call<{ flow: { id: string } }>('flows.create', { name: 'Secret scan' });
    const exported = await call<{ text: string }>('flows.export', { id: flow.flow.id });
    // Make every connection log something about itself, including failures.
    sb.admin.setFaults('xero', { failNext: { status: 500, count: 1 } });
    sb.admin.setFaults('visma-eaccounting', { failNext: { status: 500, count: 1 } });
    sb.admin.setFaults('visma-net', { failNext: { status: 500, count: 1 } });
    for (const c of services.connections.list()) await call('connections.test', { id: c.id });
    sb.admin.clearFaults();
    const secrets = new Set<string>([
      'real-client-secret-do-not-leak',
      sb.apis.vismaEaccounting.clientSecret,
      sb.apis.vismaNet.clientSecret,
    ]);
    for (const c of services.connections.list()) {
      const s = await vault.read(c.id);
      for (const v of [s?.clientSecret, s?.accessToken, s?.refreshToken, s?.previousRefreshToken])
        if (v) secrets.add(v);
    }
    expect(secrets.size).toBeGreaterThan(8);
    const haystacks = { responses: wire.join('\n'), logs: logLines.join('\n'), export: exported.text };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of secrets)
        expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false });
    }
    expect(wire.length).toBeGreaterThan(15);
  });
});
