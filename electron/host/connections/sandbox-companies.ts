import { join } from 'node:path';
import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server';

/** How a connection signs in: authorization code + PKCE (Xero, eAccounting) or client credentials (Visma.net). */
export type SignInKind = 'authorization-code' | 'client-credentials';

/** The demo companies of one system in the running sandbox, as a connection needs them. */
export interface SandboxSystem {
  /**
   * The system's hosts: Xero `apiHost`, `identityHost`, `loginHost`; eAccounting `apiHost`, `identityHost`;
   * Visma.net `apiHost`, `connectHost`.
   */
  readonly hosts: Readonly<Record<string, string>>;
  readonly signIn: SignInKind;
  /** The client a desktop app registers: Xero's public PKCE client, the Visma demo clients. */
  readonly clientId: string;
  /** The Visma demo clients are confidential (eAccounting) or service clients (Visma.net): their secret. */
  readonly clientSecret?: string;
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
 * restart.
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

/** The systems a running sandbox serves (`RunningSandbox.apis`, docs/sandbox.md). */
export function sandboxSystems(sb: RunningSandbox): Partial<Record<SystemId, SandboxSystem>> {
  const { xero, vismaEaccounting, vismaNet } = sb.apis;
  return {
    xero: {
      hosts: { apiHost: xero.apiHost, identityHost: xero.identityHost, loginHost: xero.loginHost },
      signIn: 'authorization-code',
      clientId: xero.pkceClientId,
      tenants: xero.tenants.map((t) => ({ tenantId: t.tenantId, name: t.name })),
    },
    'visma-eaccounting': {
      hosts: { apiHost: vismaEaccounting.apiHost, identityHost: vismaEaccounting.identityHost },
      signIn: 'authorization-code',
      clientId: vismaEaccounting.clientId,
      clientSecret: vismaEaccounting.clientSecret,
      tenants: [{ tenantId: vismaEaccounting.company.id, name: vismaEaccounting.company.name }],
    },
    'visma-net': {
      hosts: { apiHost: vismaNet.apiHost, connectHost: vismaNet.connectHost },
      signIn: 'client-credentials',
      clientId: vismaNet.clientId,
      clientSecret: vismaNet.clientSecret,
      tenants: vismaNet.tenants.map((t) => ({ tenantId: t.tenantId, name: t.name })),
    },
  };
}
