import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../sandbox-server';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    seed: 3,
    scale: 0.05,
    limits: { xero: { enabled: false } },
  });
});
afterAll(async () => {
  await sb.close();
});

const REDIRECT = 'http://127.0.0.1:53682/callback';
const SCOPES =
  'openid profile email offline_access accounting.transactions accounting.contacts accounting.settings';

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(params: Record<string, string>): Promise<URL> {
  const x = sb.apis.xero;
  const url = new URL(x.authorizeUrl);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: SCOPES,
    state: 'st-1',
    ...params,
  }))
    url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

async function token(
  form: Record<string, string>,
  basic?: [string, string],
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(sb.apis.xero.tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic
        ? { authorization: `Basic ${Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64')}` }
        : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function pkceTokens(): Promise<Record<string, unknown>> {
  const { verifier, challenge } = pkce();
  const cb = await authorize({
    client_id: sb.apis.xero.pkceClientId,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const r = await token({
    grant_type: 'authorization_code',
    client_id: sb.apis.xero.pkceClientId,
    code: cb.searchParams.get('code') ?? '',
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  expect(r.status).toBe(200);
  return r.body;
}

const api = (accessToken: string, tenantId: string) =>
  fetch(`${sb.apis.xero.apiBaseUrl}/Organisation`, {
    headers: { authorization: `Bearer ${accessToken}`, 'xero-tenant-id': tenantId },
  });

describe('OAuth 2 with PKCE (xero-notes.md §2.4)', () => {
  it('auto-approves, redirects with code and state, exchanges the code once with the right verifier', async () => {
    const { verifier, challenge } = pkce();
    const cb = await authorize({
      client_id: sb.apis.xero.pkceClientId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(`${cb.origin}${cb.pathname}`).toBe(REDIRECT);
    expect(cb.searchParams.get('state')).toBe('st-1');
    const code = cb.searchParams.get('code') ?? '';
    const wrong = await token({
      grant_type: 'authorization_code',
      client_id: sb.apis.xero.pkceClientId,
      code,
      redirect_uri: REDIRECT,
      code_verifier: pkce().verifier,
    });
    expect([wrong.status, wrong.body.error]).toEqual([400, 'invalid_grant']);
    const cb2 = await authorize({
      client_id: sb.apis.xero.pkceClientId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const code2 = cb2.searchParams.get('code') ?? '';
    const good = await token({
      grant_type: 'authorization_code',
      client_id: sb.apis.xero.pkceClientId,
      code: code2,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
    expect(String(good.body.access_token).split('.')).toHaveLength(3);
    const claims = JSON.parse(
      Buffer.from(String(good.body.access_token).split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(Number(claims.exp) - Number(claims.iat)).toBe(1800);
    expect(typeof good.body.refresh_token).toBe('string');
    expect(typeof good.body.id_token).toBe('string');
    const reuse = await token({
      grant_type: 'authorization_code',
      client_id: sb.apis.xero.pkceClientId,
      code: code2,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(reuse.body.error).toBe('invalid_grant');
  });

  it('simulates a denied consent with a query flag', async () => {
    const cb = await authorize({ client_id: sb.apis.xero.clientId, sandbox_deny: '1' });
    expect([cb.searchParams.get('error'), cb.searchParams.get('state'), cb.searchParams.get('code')]).toEqual(
      ['access_denied', 'st-1', null],
    );
  });

  it('confidential client: Basic auth; a wrong secret is invalid_client', async () => {
    const cb = await authorize({ client_id: sb.apis.xero.clientId });
    const bad = await token(
      { grant_type: 'authorization_code', code: cb.searchParams.get('code') ?? '', redirect_uri: REDIRECT },
      [sb.apis.xero.clientId, 'nope'],
    );
    expect([bad.status, bad.body.error]).toEqual([400, 'invalid_client']);
    const good = await token(
      { grant_type: 'authorization_code', code: cb.searchParams.get('code') ?? '', redirect_uri: REDIRECT },
      [sb.apis.xero.clientId, sb.apis.xero.clientSecret],
    );
    expect(good.status).toBe(200);
  });

  it('lists connections with tenant ids; deleting one removes access to that tenant', async () => {
    const t = await pkceTokens();
    const res = await fetch(sb.apis.xero.connectionsUrl, {
      headers: { authorization: `Bearer ${String(t.access_token)}` },
    });
    const conns = (await res.json()) as {
      id: string;
      tenantId: string;
      tenantType: string;
      tenantName: string;
    }[];
    expect(conns.map((c) => c.tenantId).sort()).toEqual(sb.apis.xero.tenants.map((x) => x.tenantId).sort());
    expect(conns[0]?.tenantType).toBe('ORGANISATION');
    const second = conns.find((c) => c.tenantId === sb.apis.xero.tenants[1]?.tenantId)!;
    expect((await api(String(t.access_token), second.tenantId)).status).toBe(200);
    const del = await fetch(`${sb.apis.xero.connectionsUrl}/${second.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${String(t.access_token)}` },
    });
    expect(del.status).toBe(204);
    expect((await api(String(t.access_token), second.tenantId)).status).toBe(403);
    await pkceTokens(); // re-consenting reconnects
    expect((await api(String(t.access_token), second.tenantId)).status).toBe(200);
  });

  it('rotates refresh tokens; the old one works during the grace period only', async () => {
    const t = await pkceTokens();
    const pid = sb.apis.xero.pkceClientId;
    const r1 = await token({
      grant_type: 'refresh_token',
      client_id: pid,
      refresh_token: String(t.refresh_token),
    });
    expect(r1.status).toBe(200);
    expect(r1.body.refresh_token).not.toBe(t.refresh_token);
    const again = await token({
      grant_type: 'refresh_token',
      client_id: pid,
      refresh_token: String(t.refresh_token),
    });
    expect(again.status).toBe(200);
    sb.admin.advanceClock(31 * 60_000);
    const late = await token({
      grant_type: 'refresh_token',
      client_id: pid,
      refresh_token: String(t.refresh_token),
    });
    expect([late.status, late.body.error]).toEqual([400, 'invalid_grant']);
    const fresh = await token({
      grant_type: 'refresh_token',
      client_id: pid,
      refresh_token: String(r1.body.refresh_token),
    });
    expect(fresh.status).toBe(200);
  });

  it('access tokens expire after 30 minutes with Xero 401 TokenExpired', async () => {
    const t = await pkceTokens();
    const tenant = sb.apis.xero.tenants[0]!.tenantId;
    expect((await api(String(t.access_token), tenant)).status).toBe(200);
    sb.admin.advanceClock(30 * 60_000 + 1000);
    const res = await api(String(t.access_token), tenant);
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ Type: null, Title: 'Unauthorized', Status: 401 });
    expect(String(body.Detail)).toMatch(/^TokenExpired: token expired at /);
  });

  it('revocation invalidates the refresh token and the access token', async () => {
    const t = await pkceTokens();
    const tenant = sb.apis.xero.tenants[0]!.tenantId;
    const res = await fetch(sb.apis.xero.revocationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: String(t.refresh_token),
        client_id: sb.apis.xero.pkceClientId,
      }).toString(),
    });
    expect(res.status).toBe(200);
    const r = await token({
      grant_type: 'refresh_token',
      client_id: sb.apis.xero.pkceClientId,
      refresh_token: String(t.refresh_token),
    });
    expect(r.body.error).toBe('invalid_grant');
    expect((await api(String(t.access_token), tenant)).status).toBe(401);
  });

  it('checks scopes: a contacts-only token cannot read invoices', async () => {
    const t = sb.admin.xero.issueToken({ scopes: ['offline_access', 'accounting.contacts.read'] });
    const tenant = t.tenants[0]!.tenantId;
    const h = { authorization: `Bearer ${t.access_token}`, 'xero-tenant-id': tenant };
    expect((await fetch(`${sb.apis.xero.apiBaseUrl}/Contacts?page=1`, { headers: h })).status).toBe(200);
    expect((await fetch(`${sb.apis.xero.apiBaseUrl}/Invoices?page=1`, { headers: h })).status).toBe(403);
    const write = await fetch(`${sb.apis.xero.apiBaseUrl}/Contacts`, {
      method: 'PUT',
      headers: { ...h, 'content-type': 'application/json' },
      body: JSON.stringify({ Contacts: [{ Name: 'x' }] }),
    });
    expect(write.status).toBe(403);
  });
});
