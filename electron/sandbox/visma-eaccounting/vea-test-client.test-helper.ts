import { startSandbox, type RunningSandbox, type SandboxOptions } from '../sandbox-server';

/** A raw HTTP answer. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

/** A sandbox for one test file plus a tiny client of the eAccounting API v2. */
export interface VeaTestEnv {
  sb: RunningSandbox;
  token: string;
  /** Calls the API; `path` is below /v2 (e.g. `/customers?$page=2`). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RawAnswer>;
}

/** Performs a request and reads the body as JSON when it is JSON. */
export async function rawCall(url: string, init: RequestInit): Promise<RawAnswer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Starts a sandbox (small, limits off unless given) and issues an eAccounting token with every scope. */
export async function startVeaEnv(opts: SandboxOptions = {}): Promise<VeaTestEnv> {
  const sb = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    seed: 7,
    scale: 0.2,
    ...opts,
    limits: {
      xero: { enabled: false },
      'visma-net': { enabled: false },
      ...opts.limits,
      'visma-eaccounting': { enabled: false, ...(opts.limits?.['visma-eaccounting'] ?? {}) },
    },
  });
  const env: VeaTestEnv = {
    sb,
    token: sb.admin.vismaEaccounting.issueToken().access_token,
    call(method, path, body, headers = {}) {
      return rawCall(`${sb.apis.vismaEaccounting.apiBaseUrl}${path}`, {
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
