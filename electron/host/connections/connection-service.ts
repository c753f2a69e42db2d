import { randomUUID } from 'node:crypto';
import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import type { CallInput, CallOutput } from '../../../shared/contract/contract-registry';
import { createError, LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import type { EntityName } from '../../../shared/records/entities';
import { systemClock, type Clock } from '../../connectors/kit/connector';
import type { HttpClient } from '../../connectors/kit/http-client';
import { XeroConnector } from '../../connectors/xero/xero-connector';
import {
  accountingBaseUrl,
  XeroOAuth,
  xeroAuthorizeUrl,
  xeroProductionHosts,
  type XeroHosts,
} from '../../connectors/xero/xero-oauth';
import type { KeyValueFileFactory } from '../flows/key-value-file';
import type { HostEvents } from '../host-events';
import type { HostLog } from '../host-log';
import type { SecretVault } from '../vault/secret-vault';
import { ConnectionStore, type StoredConnection } from './connection-store';
import { ConnectionTokens } from './connection-tokens';
import { createPkce, startLoopbackRedirect, type LoopbackRedirect } from './oauth-loopback';
import type { SandboxProvider } from './sandbox-companies';

type ConnectionView = CallOutput<'connections.list'>['connections'][number];
type TestResult = CallOutput<'connections.test'>;

/** What the connections need from the host. */
export interface ConnectionServiceOptions {
  readonly dataDir: string;
  readonly openStore: KeyValueFileFactory;
  readonly log: HostLog;
  readonly events: HostEvents;
  readonly vault: SecretVault;
  readonly http: HttpClient;
  readonly sandbox: SandboxProvider;
  /** Opens a URL in the system browser (Electron's shell.openExternal); absent: the renderer opens it. */
  readonly openExternal?: (url: string) => void | Promise<void>;
  readonly clock?: Clock;
  /** How long a sign-in may take (default 10 minutes). */
  readonly authorizeTimeoutMs?: number;
}

/** Systems whose connector exists; the others get theirs in a later release. */
const supportedSystems: readonly SystemId[] = ['xero'];

/**
 * Connections in the host (ARCHITECTURE.md §1): metadata in a file beside the flows, secrets in the keychain,
 * OAuth 2 (authorization code + PKCE, system browser, loopback redirect), token refresh with rotation, status
 * ("needs reconnect" when the grant is gone), the one-click sandbox companies, and the connectors the engine and
 * the inspector use. Nothing secret is ever returned or logged.
 */
export class ConnectionService {
  private readonly store: ConnectionStore;
  private readonly tokens = new Map<string, ConnectionTokens>();
  private readonly pending = new Map<string, LoopbackRedirect>();
  private readonly clock: Clock;
  private sandboxConnecting: Promise<CallOutput<'connections.connectSandbox'>> | undefined;

  constructor(private readonly o: ConnectionServiceOptions) {
    this.store = new ConnectionStore(o.dataDir, o.openStore, o.log);
    this.clock = o.clock ?? systemClock;
  }

  list(): ConnectionView[] {
    return this.store.list().map((c) => this.view(c));
  }

  async create(input: CallInput<'connections.create'>): Promise<ConnectionView> {
    this.requireSupported(input.system);
    this.requireFreeLabel(input.system, input.label);
    const now = this.clock.now().toISOString();
    const id = randomUUID();
    const hosts: XeroHosts = {
      apiHost: input.apiUrl ?? xeroProductionHosts.apiHost,
      identityHost: input.identityUrl ?? xeroProductionHosts.identityHost,
      loginHost: input.loginUrl ?? xeroProductionHosts.loginHost,
    };
    if (input.clientSecret) {
      this.o.log.addSecret(input.clientSecret);
      await this.o.vault.write(id, { clientSecret: input.clientSecret });
    }
    const entry = this.store.put({
      id,
      system: input.system,
      label: input.label,
      isSandbox: false,
      clientId: input.clientId,
      hosts: { ...hosts },
      tenants: [],
      status: 'not-connected',
      createdAt: now,
      updatedAt: now,
    });
    this.changed('created', id);
    this.o.log.info(
      'connections',
      `Added the ${connectorDescriptors[input.system].label} connection '${input.label}'`,
    );
    return this.view(entry);
  }

  /** Starts the sign-in; the outcome arrives as `connections.onDidChange`. */
  async authorize(id: string): Promise<CallOutput<'connections.authorize'>> {
    const { authorizeUrl } = await this.beginAuthorization(id);
    let openedByHost = false;
    if (this.o.openExternal) {
      await this.o.openExternal(authorizeUrl);
      openedByHost = true;
    }
    return { authorizeUrl, openedByHost };
  }

  async test(id: string): Promise<TestResult> {
    const entry = this.store.get(id);
    let result: TestResult;
    try {
      const connector = await this.connectorFor(id);
      const probe = await connector.probe();
      result = {
        ok: true,
        message: `Connected to ${probe.organisationName}, ${probe.contactCount.toLocaleString('en')} contact${probe.contactCount === 1 ? '' : 's'}`,
        tenantName: probe.organisationName,
        contactCount: probe.contactCount,
      };
    } catch (error) {
      const e = this.noteFailure(id, error);
      result = { ok: false, message: e.message, code: e.code };
    }
    if (this.store.find(id)) {
      this.store.update(
        id,
        {
          lastTest: {
            ok: result.ok,
            message: result.message,
            at: this.clock.now().toISOString(),
            ...(result.contactCount !== undefined ? { contactCount: result.contactCount } : {}),
          },
          ...(result.ok && entry.status !== 'connected'
            ? { status: 'connected', statusMessage: undefined }
            : {}),
        },
        this.clock.now(),
      );
      this.changed('updated', id);
    }
    return result;
  }

  rename(id: string, label: string): ConnectionView {
    const entry = this.store.get(id);
    if (entry.label !== label) this.requireFreeLabel(entry.system, label, id);
    const updated = this.store.update(id, { label }, this.clock.now());
    this.changed('updated', id);
    return this.view(updated);
  }

  selectTenant(id: string, tenantId: string): ConnectionView {
    const entry = this.store.get(id);
    if (!entry.tenants.some((t) => t.id === tenantId))
      throw createError('LF-1001', `This connection does not reach the organisation '${tenantId}'`, [
        { path: 'tenantId', message: 'is not one of the connection’s organisations' },
      ]);
    const updated = this.store.update(id, { tenantId, lastTest: undefined }, this.clock.now());
    this.changed('updated', id);
    return this.view(updated);
  }

  async remove(id: string): Promise<{ id: string }> {
    const entry = this.store.get(id);
    this.pending.get(id)?.close();
    this.pending.delete(id);
    const secrets = await this.o.vault.read(id).catch(() => undefined);
    if (secrets?.refreshToken) {
      // Best effort: a removed connection should not leave a live grant behind.
      try {
        const oauth = new XeroOAuth(this.o.http, await this.hostsFor(entry), {
          clientId: entry.clientId,
          clientSecret: secrets.clientSecret,
        });
        await oauth.revoke(secrets.refreshToken);
      } catch (error) {
        this.o.log.warn(
          'connections',
          `Could not revoke the authorisation of '${entry.label}': ${(error as Error).message}`,
        );
      }
    }
    await this.o.vault.remove(id);
    this.tokens.delete(id);
    this.store.delete(id);
    this.changed('deleted', id);
    this.o.log.info('connections', `Removed the connection '${entry.label}'`);
    return { id };
  }

  /** One click: the sandbox's demo companies, each its own connection, signed in and tested. */
  connectSandbox(): Promise<CallOutput<'connections.connectSandbox'>> {
    this.sandboxConnecting ??= this.doConnectSandbox().finally(() => {
      this.sandboxConnecting = undefined;
    });
    return this.sandboxConnecting;
  }

  async sample(connection: string, entity: EntityName, n: number): Promise<CanonicalRecord[]> {
    const connector = await this.connectorFor(connection);
    try {
      for await (const page of connector.read(entity, { pageSize: n })) return page.records.slice(0, n);
      return [];
    } catch (error) {
      throw this.noteFailure(connection, error);
    }
  }

  /** The connector for a connection (engine, inspector, tests). */
  async connectorFor(id: string): Promise<XeroConnector> {
    const entry = this.store.get(id);
    this.requireSupported(entry.system);
    if (!entry.tenantId)
      throw createError('LF-2004', `'${entry.label}' is not signed in yet; connect it first`);
    const hosts = await this.hostsFor(entry);
    return new XeroConnector(
      { apiBaseUrl: accountingBaseUrl(hosts), tenantId: entry.tenantId },
      {
        http: this.o.http,
        clock: this.clock,
        auth: this.tokensFor(entry),
        log: {
          debug: (m) => this.o.log.debug('connectors', m),
          warn: (m) => this.o.log.warn('connectors', m),
        },
      },
    );
  }

  /** Stops pending sign-ins and the sandbox. */
  async close(): Promise<void> {
    for (const loop of this.pending.values()) loop.close();
    this.pending.clear();
    await this.o.sandbox.close();
  }

  private async doConnectSandbox(): Promise<CallOutput<'connections.connectSandbox'>> {
    const systems = await this.o.sandbox.systems();
    const connected: ConnectionView[] = [];
    const pending: SystemId[] = [];
    for (const [system, sandbox] of Object.entries(systems) as [
      SystemId,
      NonNullable<(typeof systems)[SystemId]>,
    ][]) {
      if (!supportedSystems.includes(system)) {
        pending.push(system);
        this.o.log.info(
          'connections',
          `The sandbox serves ${connectorDescriptors[system].label}; its connector arrives in a later release`,
        );
        continue;
      }
      for (const tenant of sandbox.tenants) {
        let entry = this.store
          .list()
          .find((c) => c.isSandbox && c.system === system && c.tenantId === tenant.tenantId);
        if (!entry) {
          const now = this.clock.now().toISOString();
          entry = this.store.put({
            id: randomUUID(),
            system,
            label: this.freeLabel(system, `${tenant.name} (sandbox)`),
            isSandbox: true,
            clientId: sandbox.clientId,
            tenants: [{ id: tenant.tenantId, name: tenant.name }],
            tenantId: tenant.tenantId,
            status: 'not-connected',
            createdAt: now,
            updatedAt: now,
          });
          this.changed('created', entry.id);
        }
        if (entry.status !== 'connected' || !(await this.o.vault.read(entry.id))?.refreshToken) {
          await this.authorizeHeadless(entry.id);
        }
        await this.test(entry.id);
        connected.push(this.view(this.store.get(entry.id)));
      }
    }
    this.o.log.info(
      'connections',
      `Connected ${connected.length} sandbox compan${connected.length === 1 ? 'y' : 'ies'}`,
    );
    return { connections: connected, pending };
  }

  /**
   * The sandbox's authorize endpoint approves at once, so the host can follow the redirect itself: the very
   * same code path as a browser sign-in (PKCE, state, loopback listener, code exchange), without a browser.
   */
  private async authorizeHeadless(id: string): Promise<void> {
    const { authorizeUrl, completion } = await this.beginAuthorization(id);
    const approve = await this.o.http.send({ method: 'GET', url: authorizeUrl });
    const location = approve.headers.location;
    if (approve.status < 300 || approve.status >= 400 || !location) {
      this.pending.get(id)?.close();
      throw createError('LF-2009', `The sandbox did not approve the sign-in (${approve.status})`);
    }
    await this.o.http.send({ method: 'GET', url: new URL(location, authorizeUrl).toString() });
    await completion;
  }

  private async beginAuthorization(id: string): Promise<{ authorizeUrl: string; completion: Promise<void> }> {
    const entry = this.store.get(id);
    this.requireSupported(entry.system);
    const hosts = await this.hostsFor(entry);
    this.pending.get(id)?.close();
    const pkce = createPkce();
    this.o.log.addSecret(pkce.verifier);
    const loop = await startLoopbackRedirect(this.o.authorizeTimeoutMs);
    this.pending.set(id, loop);
    const authorizeUrl = xeroAuthorizeUrl(
      hosts,
      { clientId: entry.clientId },
      {
        redirectUri: loop.redirectUri,
        state: loop.state,
        codeChallenge: pkce.challenge,
      },
    );
    const completion = loop.code.then(
      async (code) => {
        this.o.log.addSecret(code);
        if (this.pending.get(id) === loop) this.pending.delete(id);
        await this.completeAuthorization(id, code, loop.redirectUri, pkce.verifier);
      },
      (error: unknown) => {
        if (this.pending.get(id) === loop) this.pending.delete(id);
        throw error;
      },
    );
    completion.catch((error: unknown) => {
      const e = error instanceof LedgerflowError ? error : createError('LF-9001');
      this.o.log.warn(
        'connections',
        `Signing in '${this.store.find(id)?.label ?? id}' failed: ${e.message}`,
        e.code,
      );
      if (this.store.find(id)) {
        this.store.update(id, { statusMessage: e.message }, this.clock.now());
        this.changed('updated', id);
      }
    });
    return { authorizeUrl, completion };
  }

  private async completeAuthorization(
    id: string,
    code: string,
    redirectUri: string,
    verifier: string,
  ): Promise<void> {
    const entry = this.store.get(id);
    const hosts = await this.hostsFor(entry);
    const secrets = (await this.o.vault.read(id)) ?? {};
    const oauth = new XeroOAuth(this.o.http, hosts, {
      clientId: entry.clientId,
      clientSecret: secrets.clientSecret,
    });
    const tokens = await oauth.exchangeCode(code, redirectUri, verifier);
    if (!tokens.refreshToken)
      throw createError('LF-2009', 'Xero gave no refresh token (the offline_access scope was not granted)');
    await this.o.vault.write(id, {
      ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}),
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.expiresAt,
      refreshToken: tokens.refreshToken,
    });
    this.tokens.get(id)?.reset();
    const tenants = (await oauth.connections(tokens.accessToken)).map((t) => ({
      id: t.tenantId,
      name: t.tenantName,
    }));
    if (tenants.length === 0)
      throw createError(
        'LF-2009',
        'The sign-in connected no organisation; choose one in Xero’s consent screen',
      );
    const tenantId = tenants.some((t) => t.id === entry.tenantId) ? entry.tenantId : tenants[0]!.id;
    this.store.update(
      id,
      { tenants, tenantId, status: 'connected', statusMessage: undefined },
      this.clock.now(),
    );
    this.changed('updated', id);
    this.o.log.info(
      'connections',
      `Signed in '${entry.label}' (${tenants.length} organisation${tenants.length === 1 ? '' : 's'})`,
    );
  }

  private tokensFor(entry: StoredConnection): ConnectionTokens {
    let tokens = this.tokens.get(entry.id);
    if (!tokens) {
      tokens = new ConnectionTokens({
        connectionId: entry.id,
        vault: this.o.vault,
        now: () => this.clock.now().getTime(),
        refresh: async (refreshToken, secrets) => {
          const current = this.store.get(entry.id);
          const oauth = new XeroOAuth(this.o.http, await this.hostsFor(current), {
            clientId: current.clientId,
            clientSecret: secrets.clientSecret,
          });
          return oauth.refresh(refreshToken);
        },
        onGrantLost: (message) => this.markNeedsReconnect(entry.id, message),
        log: (m) => this.o.log.warn('connections', m),
      });
      this.tokens.set(entry.id, tokens);
    }
    return tokens;
  }

  private noteFailure(id: string, error: unknown): LedgerflowError {
    const e = error instanceof LedgerflowError ? error : createError('LF-9001');
    if (!(error instanceof LedgerflowError))
      this.o.log.error(
        'connections',
        `Unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        'LF-9001',
      );
    // A 401 that survived a refresh means the grant no longer works either.
    if (e.code === 'LF-2004') this.markNeedsReconnect(id, e.message);
    return e;
  }

  private markNeedsReconnect(id: string, message: string): void {
    const entry = this.store.find(id);
    if (!entry || entry.status === 'needs-reconnect') return;
    this.store.update(id, { status: 'needs-reconnect', statusMessage: message }, this.clock.now());
    this.o.log.warn('connections', `'${entry.label}' needs to be reconnected: ${message}`, 'LF-2004');
    this.changed('updated', id);
  }

  private async hostsFor(entry: StoredConnection): Promise<XeroHosts> {
    if (entry.isSandbox) {
      const sandbox = (await this.o.sandbox.systems())[entry.system];
      if (!sandbox)
        throw createError(
          'LF-2003',
          `The sandbox does not serve ${connectorDescriptors[entry.system].label}`,
        );
      return sandbox.hosts;
    }
    const h = entry.hosts ?? {};
    return {
      apiHost: h.apiHost ?? xeroProductionHosts.apiHost,
      identityHost: h.identityHost ?? xeroProductionHosts.identityHost,
      loginHost: h.loginHost ?? xeroProductionHosts.loginHost,
    };
  }

  private view(c: StoredConnection): ConnectionView {
    const apiUrl = c.isSandbox
      ? this.o.sandbox.baseUrl
        ? `${this.o.sandbox.baseUrl}/xero/api`
        : 'built-in sandbox'
      : (c.hosts?.apiHost ?? xeroProductionHosts.apiHost);
    const tenantName = c.tenants.find((t) => t.id === c.tenantId)?.name;
    return {
      id: c.id,
      system: c.system,
      label: c.label,
      isSandbox: c.isSandbox,
      status: c.status,
      ...(c.statusMessage ? { statusMessage: c.statusMessage } : {}),
      apiUrl,
      clientId: c.clientId,
      tenants: c.tenants,
      ...(c.tenantId ? { tenantId: c.tenantId } : {}),
      ...(tenantName ? { tenantName } : {}),
      ...(c.lastTest ? { lastTest: c.lastTest } : {}),
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }

  private requireSupported(system: SystemId): void {
    if (!supportedSystems.includes(system))
      throw createError(
        'LF-2006',
        `The ${connectorDescriptors[system].label} connector is not available yet`,
      );
  }

  private requireFreeLabel(system: SystemId, label: string, exceptId?: string): void {
    const taken = this.store
      .list()
      .some((c) => c.system === system && c.label === label && c.id !== exceptId);
    if (taken)
      throw createError(
        'LF-1001',
        `A ${connectorDescriptors[system].label} connection named '${label}' already exists`,
        [{ path: 'label', message: 'is already used by another connection of this system' }],
      );
  }

  private freeLabel(system: SystemId, wanted: string): string {
    const taken = new Set(
      this.store
        .list()
        .filter((c) => c.system === system)
        .map((c) => c.label),
    );
    if (!taken.has(wanted)) return wanted;
    for (let i = 2; ; i++) if (!taken.has(`${wanted} ${i}`)) return `${wanted} ${i}`;
  }

  private changed(kind: 'created' | 'updated' | 'deleted', id: string): void {
    this.o.events.emit('connections.onDidChange', { kind, id });
  }
}
