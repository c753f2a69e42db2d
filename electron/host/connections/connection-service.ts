import { randomUUID } from 'node:crypto';
import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import type { CallInput, CallOutput } from '../../../shared/contract/contract-registry';
import { createError, LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import type { EntityName } from '../../../shared/records/entities';
import { systemClock, type Clock } from '../../connectors/kit/connector';
import type { HttpClient } from '../../connectors/kit/http-client';
import type { OAuthTokenSet } from '../../connectors/kit/oauth-token';
import {
  eaccountingApiBaseUrl,
  eaccountingAuthorizeUrl,
  eaccountingCompanyId,
  EaccountingOAuth,
  eaccountingProductionHosts,
  type EaccountingHosts,
} from '../../connectors/visma-eaccounting/eaccounting-oauth';
import {
  vismaNetProductionHosts,
  vismaNetToken,
  type VismaNetHosts,
} from '../../connectors/visma-net/visma-net-connect';
import { createConnector, type ProbingConnector } from '../../connectors/connector-factory';
import type { ConnectionEndpoint } from '../../engine/endpoint-connector-provider';
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
import type { ConnectionSecrets, SecretVault } from '../vault/secret-vault';
import { ConnectionStore, type StoredConnection } from './connection-store';
import { ConnectionTokens } from './connection-tokens';
import { createPkce, startLoopbackRedirect, type LoopbackRedirect } from './oauth-loopback';
import type { SandboxProvider, SignInKind } from './sandbox-companies';

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

/** Systems whose connector exists. */
const supportedSystems: readonly SystemId[] = ['xero', 'visma-eaccounting', 'visma-net'];

/** How each system signs in: Xero and eAccounting by authorization code + PKCE, Visma.net by client credentials. */
const signInOf: Readonly<Record<SystemId, SignInKind>> = {
  xero: 'authorization-code',
  'visma-eaccounting': 'authorization-code',
  'visma-net': 'client-credentials',
};

/** Each system's real hosts, and which `connections.create` URL field sets which host. */
const productionHosts: Readonly<Record<SystemId, Readonly<Record<string, string>>>> = {
  xero: { ...xeroProductionHosts },
  'visma-eaccounting': { ...eaccountingProductionHosts },
  'visma-net': { ...vismaNetProductionHosts },
};
const hostOfUrlField: Readonly<
  Record<SystemId, Readonly<Record<'apiUrl' | 'identityUrl' | 'loginUrl', string>>>
> = {
  xero: { apiUrl: 'apiHost', identityUrl: 'identityHost', loginUrl: 'loginHost' },
  'visma-eaccounting': { apiUrl: 'apiHost', identityUrl: 'identityHost', loginUrl: 'identityHost' },
  'visma-net': { apiUrl: 'apiHost', identityUrl: 'connectHost', loginUrl: 'connectHost' },
};

/** A connector the host can test: every connector offers `probe` (organisation name and contact count). */
export type { ProbingConnector } from '../../connectors/connector-factory';

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
    const hosts: Record<string, string> = { ...productionHosts[input.system] };
    for (const field of ['apiUrl', 'identityUrl', 'loginUrl'] as const) {
      const url = input[field];
      if (url) hosts[hostOfUrlField[input.system][field]] = url;
    }
    const isService = signInOf[input.system] === 'client-credentials';
    if (isService && (!input.clientSecret || !input.tenantId))
      throw createError(
        'LF-1001',
        `A ${connectorDescriptors[input.system].label} connection needs the client secret and the company's tenant id`,
        [
          ...(input.clientSecret
            ? []
            : [{ path: 'clientSecret', message: 'is required for a service client' }]),
          ...(input.tenantId ? [] : [{ path: 'tenantId', message: 'is required: it selects the company' }]),
        ],
      );
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
      hosts,
      tenants: isService && input.tenantId ? [{ id: input.tenantId, name: input.label }] : [],
      ...(isService && input.tenantId ? { tenantId: input.tenantId } : {}),
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
    if (signInOf[this.store.get(id).system] === 'client-credentials') {
      // Visma.net service clients have no browser step: a token for the company is the sign-in (§2.2).
      await this.connectWithClientCredentials(id);
      return { authorizeUrl: '', openedByHost: true };
    }
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
      const tenantName = entry.tenants.find((t) => t.id === entry.tenantId)?.name;
      const probe = await connector.probe(tenantName ? { fallbackName: tenantName } : {});
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
        await (await this.oauthFor(entry, secrets)).revoke(secrets.refreshToken);
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
  async connectorFor(id: string): Promise<ProbingConnector> {
    const entry = this.store.get(id);
    const endpoint = await this.endpointOf(entry);
    const ctx = {
      http: this.o.http,
      clock: this.clock,
      auth: this.tokensFor(entry),
      log: {
        debug: (m: string) => this.o.log.debug('connectors', m),
        warn: (m: string) => this.o.log.warn('connectors', m),
      },
    };
    return createConnector(endpoint, ctx);
  }

  /**
   * Where every signed-in connection points, without a secret: what the engine worker builds its connectors from
   * (it asks `accessToken` for tokens over its channel). Connections not signed in are left out.
   */
  async endpoints(): Promise<Record<string, ConnectionEndpoint>> {
    const out: Record<string, ConnectionEndpoint> = {};
    for (const c of this.store.list()) {
      if (!c.tenantId || !supportedSystems.includes(c.system)) continue;
      try {
        out[c.id] = await this.endpointOf(c);
      } catch {
        // A connection whose endpoint cannot be had now (the sandbox is off) fails when a run uses it.
      }
    }
    return out;
  }

  /** An access token for a connection (a fresh one after `rejected` was refused), refreshed and saved as needed. */
  async accessToken(id: string, rejected?: string): Promise<string> {
    const tokens = this.tokensFor(this.store.get(id));
    try {
      return rejected ? await tokens.refreshAfterUnauthorized(rejected) : await tokens.accessToken();
    } catch (error) {
      throw this.noteFailure(id, error);
    }
  }

  private async endpointOf(entry: StoredConnection): Promise<ConnectionEndpoint> {
    this.requireSupported(entry.system);
    if (!entry.tenantId)
      throw createError('LF-2004', `'${entry.label}' is not signed in yet; connect it first`);
    const hosts = await this.hostsFor(entry);
    const apiBaseUrl =
      entry.system === 'xero'
        ? accountingBaseUrl(hosts as unknown as XeroHosts)
        : entry.system === 'visma-eaccounting'
          ? eaccountingApiBaseUrl(hosts as unknown as EaccountingHosts)
          : (hosts as unknown as VismaNetHosts).apiHost;
    return { system: entry.system, apiBaseUrl, tenantId: entry.tenantId };
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
        if (sandbox.clientSecret) {
          // The Visma demo clients are confidential: their (public, sandbox-only) secret goes to the keychain too.
          this.o.log.addSecret(sandbox.clientSecret);
        }
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
        const secrets = await this.o.vault.read(entry.id);
        if (sandbox.clientSecret && secrets?.clientSecret !== sandbox.clientSecret)
          await this.o.vault.write(entry.id, { ...secrets, clientSecret: sandbox.clientSecret });
        if (sandbox.signIn === 'client-credentials') {
          if (entry.status !== 'connected' || !secrets?.accessToken)
            await this.connectWithClientCredentials(entry.id);
        } else if (entry.status !== 'connected' || !secrets?.refreshToken) {
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
    const params = { redirectUri: loop.redirectUri, state: loop.state, codeChallenge: pkce.challenge };
    const authorizeUrl =
      entry.system === 'visma-eaccounting'
        ? eaccountingAuthorizeUrl(hosts as unknown as EaccountingHosts, { clientId: entry.clientId }, params)
        : xeroAuthorizeUrl(hosts as unknown as XeroHosts, { clientId: entry.clientId }, params);
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
    const label = connectorDescriptors[entry.system].label;
    const secrets = (await this.o.vault.read(id)) ?? {};
    const oauth = await this.oauthFor(entry, secrets);
    const tokens = await oauth.exchangeCode(code, redirectUri, verifier);
    if (!tokens.refreshToken)
      throw createError(
        'LF-2009',
        `${label} gave no refresh token (the offline_access scope was not granted)`,
      );
    await this.o.vault.write(id, {
      ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}),
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.expiresAt,
      refreshToken: tokens.refreshToken,
    });
    this.tokens.get(id)?.reset();
    const tenants = await this.tenantsOf(entry, oauth, tokens);
    if (tenants.length === 0)
      throw createError(
        'LF-2009',
        `The sign-in connected no company; choose one in ${label}’s consent screen`,
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

  /** The companies a fresh grant reaches: Xero lists its connections; an eAccounting token names one company. */
  private async tenantsOf(
    entry: StoredConnection,
    oauth: XeroOAuth | EaccountingOAuth,
    tokens: OAuthTokenSet,
  ): Promise<Array<{ id: string; name: string }>> {
    if (oauth instanceof XeroOAuth)
      return (await oauth.connections(tokens.accessToken)).map((t) => ({
        id: t.tenantId,
        name: t.tenantName,
      }));
    const companyId = eaccountingCompanyId(tokens.accessToken) ?? entry.tenantId ?? 'company';
    const known = entry.tenants.find((t) => t.id === companyId)?.name;
    return [{ id: companyId, name: known ?? entry.label }];
  }

  /** Visma.net: a client-credentials token for the connection's company is the whole sign-in (§2.2). */
  private async connectWithClientCredentials(id: string): Promise<void> {
    const entry = this.store.get(id);
    try {
      const secrets = (await this.o.vault.read(id)) ?? {};
      if (!secrets.clientSecret || !entry.tenantId)
        throw createError(
          'LF-2009',
          `'${entry.label}' has no client secret or tenant id; add the connection again`,
        );
      const tokens = await vismaNetToken(
        this.o.http,
        (await this.hostsFor(entry)) as unknown as VismaNetHosts,
        { clientId: entry.clientId, clientSecret: secrets.clientSecret },
        entry.tenantId,
      );
      await this.o.vault.write(id, {
        clientSecret: secrets.clientSecret,
        accessToken: tokens.accessToken,
        accessTokenExpiresAt: tokens.expiresAt,
      });
      this.tokens.get(id)?.reset();
      this.store.update(id, { status: 'connected', statusMessage: undefined }, this.clock.now());
      this.changed('updated', id);
      this.o.log.info('connections', `Signed in '${entry.label}' (client credentials)`);
    } catch (error) {
      const e = error instanceof LedgerflowError ? error : createError('LF-9001');
      this.o.log.warn('connections', `Signing in '${entry.label}' failed: ${e.message}`, e.code);
      if (this.store.find(id)) {
        this.store.update(id, { statusMessage: e.message }, this.clock.now());
        this.changed('updated', id);
      }
      throw e;
    }
  }

  /** The OAuth client of a Xero or eAccounting connection. */
  private async oauthFor(
    entry: StoredConnection,
    secrets: ConnectionSecrets,
  ): Promise<XeroOAuth | EaccountingOAuth> {
    const hosts = await this.hostsFor(entry);
    const client = { clientId: entry.clientId, clientSecret: secrets.clientSecret };
    if (entry.system === 'visma-eaccounting')
      return new EaccountingOAuth(this.o.http, hosts as unknown as EaccountingHosts, client);
    if (entry.system === 'xero') return new XeroOAuth(this.o.http, hosts as unknown as XeroHosts, client);
    throw createError(
      'LF-2006',
      `${connectorDescriptors[entry.system].label} connections do not sign in by OAuth code`,
    );
  }

  private tokensFor(entry: StoredConnection): ConnectionTokens {
    let tokens = this.tokens.get(entry.id);
    if (!tokens) {
      tokens = new ConnectionTokens({
        connectionId: entry.id,
        vault: this.o.vault,
        now: () => this.clock.now().getTime(),
        usesRefreshToken: signInOf[entry.system] !== 'client-credentials',
        refresh: async (refreshToken, secrets) => {
          const current = this.store.get(entry.id);
          if (signInOf[current.system] === 'client-credentials')
            return vismaNetToken(
              this.o.http,
              (await this.hostsFor(current)) as unknown as VismaNetHosts,
              { clientId: current.clientId, clientSecret: secrets.clientSecret ?? '' },
              current.tenantId ?? '',
            );
          return (await this.oauthFor(current, secrets)).refresh(refreshToken);
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

  private async hostsFor(entry: StoredConnection): Promise<Readonly<Record<string, string>>> {
    if (entry.isSandbox) {
      const sandbox = (await this.o.sandbox.systems())[entry.system];
      if (!sandbox)
        throw createError(
          'LF-2003',
          `The sandbox does not serve ${connectorDescriptors[entry.system].label}`,
        );
      return sandbox.hosts;
    }
    return { ...productionHosts[entry.system], ...entry.hosts };
  }

  private view(c: StoredConnection): ConnectionView {
    const apiUrl = c.isSandbox
      ? this.o.sandbox.baseUrl
        ? `${this.o.sandbox.baseUrl}/${c.system}/api`
        : 'built-in sandbox'
      : (c.hosts?.apiHost ?? productionHosts[c.system].apiHost!);
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
