import { join } from 'node:path';
import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server';

/** The demo companies of one system in the running sandbox, as a connection needs them. */
export interface SandboxSystem {
  readonly hosts: { readonly apiHost: string; readonly identityHost: string; readonly loginHost: string };
  /** The public PKCE client a desktop app registers (no secret). */
  readonly clientId: string;
  readonly tenants: ReadonlyArray<{ readonly tenantId: string; readonly name: string }>;
}

/** Starts the sandbox once and describes its systems. */
export interface SandboxProvider {
  /** The sandbox's systems, starting it on first use. */
  systems(): Promise<Partial<Record<SystemId, SandboxSystem>>>;
  /** The address the sandbox listens on, once started. */
  readonly baseUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * The in-process sandbox of the app (docs/sandbox.md): started on first use on a free loopback port, its state
 * persisted under the app data folder so the demo companies, their changes and the app's grants survive a
 * restart. Visma systems appear here as soon as the sandbox serves them (`RunningSandbox.apis`).
 */
export function inProcessSandbox(
  dataDir: string,
  start: typeof startSandbox = startSandbox,
): SandboxProvider {
  let running: Promise<RunningSandbox> | undefined;
  let baseUrl: string | undefined;
  return {
    get baseUrl() {
      return baseUrl;
    },
    async systems() {
      running ??= start({ port: 0, persistFile: join(dataDir, 'sandbox', 'sandbox.json') }).then((sb) => {
        baseUrl = sb.baseUrl;
        return sb;
      });
      running.catch(() => (running = undefined));
      return sandboxSystems(await running);
    },
    async close() {
      const sb = await running?.catch(() => undefined);
      running = undefined;
      await sb?.close();
    },
  };
}

/** The systems a running sandbox serves, read defensively: Visma entries light up when the simulators land. */
export function sandboxSystems(sb: RunningSandbox): Partial<Record<SystemId, SandboxSystem>> {
  const out: Partial<Record<SystemId, SandboxSystem>> = {};
  const apis = sb.apis as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const system of ['xero', 'visma-eaccounting', 'visma-net'] as const) {
    const api = apis[system];
    if (!api) continue;
    const tenants = (
      Array.isArray(api.tenants) ? api.tenants : Array.isArray(api.companies) ? api.companies : []
    ) as Array<Record<string, unknown>>;
    out[system] = {
      hosts: {
        apiHost: String(api.apiHost ?? api.apiBaseUrl ?? ''),
        identityHost: String(api.identityHost ?? api.identityBaseUrl ?? ''),
        loginHost: String(api.loginHost ?? api.identityHost ?? ''),
      },
      clientId: String(api.pkceClientId ?? api.clientId ?? ''),
      tenants: tenants.map((t) => ({
        tenantId: String(t.tenantId ?? t.id ?? t.companyId),
        name: String(t.name ?? t.tenantName ?? t.companyName ?? t.tenantId),
      })),
    };
  }
  return out;
}
