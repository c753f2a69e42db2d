import { startSandbox, type RunningSandbox, type SandboxOptions } from '../sandbox-server';
import { rawCall, type RawAnswer } from '../visma-eaccounting/vea-test-client.test-helper';

/** A sandbox for one test file plus a tiny client of the Visma.net API bound to the first company. */
export interface VnTestEnv {
  sb: RunningSandbox;
  token: string;
  tenantId: string;
  /** Calls the API; `path` starts with the version (`/v1/customer?pageSize=5`). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RawAnswer>;
}

/** Starts a sandbox (small, limits off unless given) and issues a Visma.net token for the first company. */
export async function startVnEnv(opts: SandboxOptions = {}): Promise<VnTestEnv> {
  const sb = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    seed: 7,
    scale: 0.2,
    ...opts,
    limits: {
      xero: { enabled: false },
      'visma-eaccounting': { enabled: false },
      ...opts.limits,
      'visma-net': { enabled: false, ...(opts.limits?.['visma-net'] ?? {}) },
    },
  });
  const t = sb.admin.vismaNet.issueToken();
  const env: VnTestEnv = {
    sb,
    token: t.access_token,
    tenantId: t.tenantId,
    call(method, path, body, headers = {}) {
      return rawCall(`${sb.apis.vismaNet.apiBaseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${env.token}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    },
  };
  return env;
}
