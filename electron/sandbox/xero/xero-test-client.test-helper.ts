import { startSandbox, type RunningSandbox, type SandboxOptions } from '../sandbox-server';

/** A sandbox started for one test file plus a tiny raw-HTTP client bound to its first tenant. */
export interface XeroTestEnv {
  sb: RunningSandbox;
  token: string;
  tenantId: string;
  /** Calls the Accounting API; `path` is below /api.xro/2.0. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; json: unknown; text: string }>;
}

/** Starts a sandbox on a free loopback port with limits off (unless given) and a token for every tenant. */
export async function startXeroEnv(opts: SandboxOptions = {}): Promise<XeroTestEnv> {
  const sb = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    seed: 7,
    ...opts,
    limits: { xero: { enabled: false, ...(opts.limits?.xero ?? {}) } },
  });
  const t = sb.admin.xero.issueToken();
  const tenantId = t.tenants[0]!.tenantId;
  const env: XeroTestEnv = {
    sb,
    token: t.access_token,
    tenantId,
    async call(method, path, body, headers = {}) {
      const res = await fetch(`${sb.apis.xero.apiBaseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${env.token}`,
          'xero-tenant-id': tenantId,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, json, text };
    },
  };
  return env;
}
